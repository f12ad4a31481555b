from django.urls import reverse
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import staff_access  # also registers the staff-visibility hooks (choosers, admin documents API)
from .models import ContentSafetyTerm, Department, FivePublicType, Genre, LeaderTitle, Topic


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = "部门"
    list_display = ["name", "short_name", "org_code", "portal", BooleanColumn("active", label="启用")]
    list_filter = ["portal", "active"]
    search_fields = ["name", "short_name", "org_code"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "sort_order", BooleanColumn("active", label="启用")]


class GenreViewSet(SnippetViewSet):
    model = Genre
    icon = "doc-full"
    list_display = ["name", "sort_order", BooleanColumn("active", label="启用")]


class FivePublicViewSet(SnippetViewSet):
    model = FivePublicType
    icon = "list-ul"
    list_display = ["name", "sort_order", BooleanColumn("active", label="启用")]


class ContentSafetyTermViewSet(SnippetViewSet):
    model = ContentSafetyTerm
    icon = "warning"
    list_display = ["term", "kind", "suggestion", BooleanColumn("active", label="启用")]
    list_filter = ["kind", "active"]
    search_fields = ["term", "suggestion"]


class LeaderTitleViewSet(SnippetViewSet):
    model = LeaderTitle
    icon = "user"
    list_display = ["name", "title", BooleanColumn("active", label="在任")]


class DisclosureSettingsGroup(SnippetViewSetGroup):
    menu_label = "公开设置"
    menu_icon = "cog"
    menu_order = 300
    items = (
        DepartmentViewSet,
        TopicViewSet,
        GenreViewSet,
        FivePublicViewSet,
        ContentSafetyTermViewSet,
        LeaderTitleViewSet,
    )


register_snippet(DisclosureSettingsGroup)


@hooks.register("before_serve_document")
def only_public_attachments(document, request):
    """The public may download a document only when a public entry carries it.

    Drafts', retracted and classified entries' attachments stay with the staff.
    """
    from django.db.models import Q
    from django.http import Http404

    from .models import EntryAttachment, InterpretationEntry, public_entries

    if request.user.is_authenticated and staff_access.may_view_document(request.user, document):
        return None  # staff: what their department and catalog nodes allow (pages.staff_access)
    entry_ids = EntryAttachment.objects.filter(document=document).values("entry_id")
    media_ids = InterpretationEntry.objects.filter(media=document).values("pk")  # a 图解 or 视频
    if not public_entries().filter(Q(pk__in=entry_ids) | Q(pk__in=media_ids)).exists():
        raise Http404
    return None


# -- 批量导入 (Excel/CSV import through pages.importing) ------------------------------------


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        from .importing.jobs import can_import

        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem(
        "批量导入", reverse("gongkai_import_index"), name="gongkai_import", icon_name="upload", order=320
    )


@hooks.register("register_admin_urls")
def import_admin_urls():
    from .importing.admin_views import admin_urls

    return admin_urls()


# -- 提交审核 only where there is a workflow ------------------------------------------------------


def _created_page_class(request):
    """The page type the create view is for (its URL names it)."""
    from django.apps import apps

    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    try:
        return apps.get_model(kwargs["content_type_app_name"], kwargs["content_type_model_name"])
    except (KeyError, LookupError):
        return None


@hooks.register("construct_page_action_menu")
def no_submit_without_workflow(menu_items, request, context):
    """Wagtail offers 提交审核 when the parent has a workflow; a portal or catalog page being created
    has none (the office publishes it), and submitting it was a 500."""
    from .models import NoWorkflowMixin

    page_class = _created_page_class(request) if context.get("view") == "create" else None
    if page_class is not None and issubclass(page_class, NoWorkflowMixin):
        menu_items[:] = [item for item in menu_items if item.name != "action-submit"]


@hooks.register("before_create_page")
def save_instead_of_submitting_without_workflow(request, parent_page, page_class):
    from .models import NoWorkflowMixin

    if request.method == "POST" and "action-submit" in request.POST and issubclass(page_class, NoWorkflowMixin):
        post = request.POST.copy()
        del post["action-submit"]
        request.POST = post


class PrimarySubmitMenuItem(SubmitForModerationMenuItem):
    """提交审核 (重新提交 after 退回修改), the first button of the footer: finishing is the main action."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        workflow_state = page.current_workflow_state if page else None
        returned = workflow_state and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES
        context["label"] = "重新提交" if returned else "提交审核"
        return context


@hooks.register("construct_page_action_menu")
def submit_first(menu_items, request, context):
    for index, item in enumerate(menu_items):
        if item.name == "action-submit" and isinstance(item, SubmitForModerationMenuItem):
            item.__class__ = PrimarySubmitMenuItem
            menu_items.insert(0, menu_items.pop(index))
            return


@hooks.register("register_admin_urls")
def related_chooser_urls():
    from .related_chooser import admin_urls

    return admin_urls()


@hooks.register("register_admin_viewset", order=1)  # after Wagtail's base page viewset (order -1)
def explorer_viewset():
    from .explorer import ExplorerPageViewSet

    return ExplorerPageViewSet()
