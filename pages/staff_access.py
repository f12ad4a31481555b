"""What a staff account may see in the admin (issue 12, finding 4): entries and documents.

Department isolation reaches past the edit permissions: a department's staff see the entries of
their department (发布机构) and those under the catalog nodes their department owns (its page
permissions); the disclosure office and the superusers see everything their page permissions
reach, a portal's leaders every entry of that portal (they approve them all). Everybody sees the
public entries (``DisclosureEntry.objects.disclosed()``). So choosers, the 相关信息 select and
``interprets`` list nothing else: no classified entry, no 依申请公开 entry, no other department's
draft.

A document is visible to a staff account when Wagtail's collection permissions give it (a
department's own collection, documents it uploaded), when a public entry carries it, or when an
entry the account may see carries it. That rule filters the document chooser and the admin
documents API, and decides downloads (``pages.wagtail_hooks.only_public_attachments``; the
public rule and the private storage stay there).

The hooks below are registered when ``pages.wagtail_hooks`` imports this module.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail import hooks

STAFF_PAGE_ACTIONS = ["add", "change", "publish"]


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def staff_entries(user):
    """Entries ``user`` works on (any state); none for anonymous or inactive users."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from .models import DisclosureEntry, DisclosurePortal
    from .permissions import staff_departments

    entries = DisclosureEntry.objects.all()
    if not _active(user):
        return entries.none()
    if user.is_superuser:
        return entries
    permitted = PagePermissionPolicy().instances_user_has_any_permission_for(user, STAFF_PAGE_ACTIONS)
    led = DisclosurePortal.objects.filter(leaders_group__in=user.groups.all())
    return entries.filter(
        Q(pk__in=permitted.values("pk")) | Q(department__in=staff_departments(user)) | Q(portal__in=led)
    )


def chooser_entries(user):
    """What the choosers and the entry form may offer ``user``: public entries and their own."""
    from .models import DisclosureEntry

    public = DisclosureEntry.objects.disclosed().values("pk")
    if not _active(user):
        return DisclosureEntry.objects.filter(pk__in=public)
    if user.is_superuser:
        return DisclosureEntry.objects.all()
    return DisclosureEntry.objects.filter(Q(pk__in=public) | Q(pk__in=staff_entries(user).values("pk")))


def restrict_entry_choices(form):
    """The entry form's 相关信息, 解读的政策 and 回应的政策 offer only ``chooser_entries`` (and keep what the
    entry already links to, so saving never drops a link the editor cannot see)."""
    from .models import DisclosureEntry

    allowed = chooser_entries(getattr(form, "for_user", None)).values("pk")
    instance = form.instance
    current = {
        "related_entries": [e.pk for e in instance.related_entries.all()] if instance.pk else [],
        "interprets": [instance.interprets_id] if instance.interprets_id else [],
        "responds_to": [instance.responds_to_id] if getattr(instance, "responds_to_id", None) else [],  # 回应
    }
    for name, keep in current.items():
        if name in form.fields:
            form.fields[name].queryset = DisclosureEntry.objects.filter(Q(pk__in=allowed) | Q(pk__in=keep)).order_by(
                "path"
            )


def visible_documents(user, documents=None):
    """The documents ``user`` may list, choose and download."""
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    from .models import EntryAttachment, InterpretationEntry

    documents = documents if documents is not None else get_document_model().objects.all()
    if not _active(user):
        return documents.none()
    if user.is_superuser:
        return documents
    permission_policy = policy_registry.get_by_type(get_document_model())
    own = permission_policy.instances_user_has_any_permission_for(user, ["change", "choose"]).values("pk")
    entries = chooser_entries(user).values("pk")
    carried = EntryAttachment.objects.filter(entry__in=entries).values("document_id")
    media = InterpretationEntry.objects.filter(pk__in=entries).values("media_id")  # 图解, 视频
    return documents.filter(Q(pk__in=own) | Q(pk__in=carried) | Q(pk__in=media))


def may_view_document(user, document):
    return visible_documents(user).filter(pk=document.pk).exists()


# -- wiring into Wagtail's admin ----------------------------------------------------------------


@hooks.register("construct_page_chooser_queryset")
def only_visible_entries_in_page_chooser(pages, request):
    from .models import ENTRY_TYPES

    entry_types = ContentType.objects.get_for_models(*ENTRY_TYPES, for_concrete_models=False).values()
    allowed = chooser_entries(request.user).values("pk")
    return pages.filter(~Q(content_type__in=entry_types) | Q(pk__in=allowed))


@hooks.register("construct_document_chooser_queryset")
def only_visible_documents_in_chooser(documents, request):
    return visible_documents(request.user, documents)


@hooks.register("construct_admin_api", order=100)  # after wagtail.documents registered its endpoint
def only_visible_documents_in_admin_api(router):
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet

    class VisibleDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
        def get_queryset(self):
            return visible_documents(self.request.user, super().get_queryset())

    router.register_endpoint("documents", VisibleDocumentsAdminAPIViewSet)
