"""Department isolation through Wagtail's own permission model.

Each department has an editors group (信息员) and a reviewers group (负责人).
The group gets add/change page permission on exactly the catalog nodes
(items, or areas without items) the department owns, and add/choose
permission on its own document collection. No group of a department ever
gets ``publish_page``: publication only happens through the workflow.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, PagePermissionTester

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("change_page",)
EDITOR_DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")
REVIEWER_DOCUMENT_PERMISSIONS = ("choose_document",)


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _document_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename)


def _admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def group_names(department):
    label = department.portal.body_name or department.portal.title
    return (f"{label}·{department.name}·信息员", f"{label}·{department.name}·负责人")


def _named_group(group, name):
    if group is None:
        group, _ = Group.objects.get_or_create(name=name)
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    return group


@transaction.atomic
def sync_department_groups(department):
    """Create or rename the department's two groups and its collection."""
    from .models import Department

    editors_name, reviewers_name = group_names(department)
    editors = _named_group(department.editors_group, editors_name)
    reviewers = _named_group(department.reviewers_group, reviewers_name)
    access = _admin_access()
    editors.permissions.add(access)
    reviewers.permissions.add(access)

    collection = department.collection
    collection_name = f"{department.portal.title}·{department.name}"
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=collection_name)
    elif collection.name != collection_name:
        collection.name = collection_name
        collection.save(update_fields=["name"])
    for group, codenames in ((editors, EDITOR_DOCUMENT_PERMISSIONS), (reviewers, REVIEWER_DOCUMENT_PERMISSIONS)):
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_document_permission(codename)
            )

    changed = {}
    if department.editors_group_id != editors.pk:
        changed["editors_group"] = editors
    if department.reviewers_group_id != reviewers.pk:
        changed["reviewers_group"] = reviewers
    if department.collection_id != collection.pk:
        changed["collection"] = collection
    if changed:
        # update() avoids re-entering Department.save().
        Department.objects.filter(pk=department.pk).update(**changed)
        for field, value in changed.items():
            setattr(department, field, value)


def ensure_leaders_group(portal):
    from .models import DisclosurePortal

    group, _ = Group.objects.get_or_create(name=f"{portal.body_name or portal.title}·领导")
    group.permissions.add(_admin_access())
    DisclosurePortal.objects.filter(pk=portal.pk).update(leaders_group=group)
    portal.leaders_group = group
    return group


def department_group_ids():
    from .models import Department

    ids = set()
    for editors_id, reviewers_id in Department.objects.values_list("editors_group_id", "reviewers_group_id"):
        ids.update(i for i in (editors_id, reviewers_id) if i)
    return ids


@transaction.atomic
def sync_node_permissions(node):
    """Grant the owning department's groups on this catalog node; revoke others.

    ``node`` is a CatalogItem or CatalogArea. Called whenever its row is saved,
    so setting or changing the responsible department moves the permissions.
    """
    GroupPagePermission.objects.filter(page_id=node.pk, group_id__in=department_group_ids()).delete()
    department = node.department
    if department is None or not department.active:
        return
    grants = [
        (department.editors_group, EDITOR_PAGE_PERMISSIONS),
        (department.reviewers_group, REVIEWER_PAGE_PERMISSIONS),
    ]
    for group, codenames in grants:
        if group is None:
            continue
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=Page.objects.get(pk=node.pk), permission=_page_permission(codename)
            )


def sync_department_nodes(department):
    """Re-derive grants on every node the department owns (e.g. after deactivation)."""
    from .models import CatalogArea, CatalogItem

    for model in (CatalogArea, CatalogItem):
        for node in model.objects.filter(department=department).select_related("department"):
            sync_node_permissions(node)


def sync_all_permissions(portal=None):
    """Re-derive every department grant (used after imports and by a command)."""
    from .models import CatalogArea, CatalogItem

    for model in (CatalogArea, CatalogItem):
        queryset = model.objects.all()
        if portal is not None:
            queryset = queryset.descendant_of(portal)
        for node in queryset.select_related("department"):
            sync_node_permissions(node)


def owned_node_ids(department):
    """Pages where the department's editors may add entries."""
    from .models import CatalogArea, CatalogItem

    return set(CatalogItem.objects.filter(department=department).values_list("pk", flat=True)) | set(
        CatalogArea.objects.filter(department=department).values_list("pk", flat=True)
    )


def owner_department(entry):
    """The department that owns the entry's catalog node (its editors edit, its reviewers review).

    Falls back to the entry's own department for a node without an owner.
    """
    parent = entry.get_parent().specific if entry.pk or entry.path else None
    department = getattr(parent, "department", None)
    return department or entry.department


# -- who is who: the disclosure office and department staff ---------------------------------


def is_office(user, portal):
    """The disclosure office: superusers and whoever holds Wagtail's publish permission on the
    portal (leaders are these plus the portal's leaders group: ``is_leader``)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return portal is not None and PagePermissionTester(user, portal).can_publish()


_portals_generation = {"n": 0}


def portals_changed(**kwargs):
    _portals_generation["n"] += 1


def office_portals(user):
    """Portals whose disclosure office ``user`` belongs to (superusers: all), in tree order.

    Kept on the user object (a request's user lives for that request), as Wagtail keeps the
    page permissions ``is_office`` reads; a portal saved or deleted drops it. An admin page asks
    up to eleven times (menu items, dashboard panels)."""
    from .models import DisclosurePortal

    kept = getattr(user, "_office_portals", None)
    if kept is not None and kept[0] == _portals_generation["n"]:
        return list(kept[1])
    portals = DisclosurePortal.objects.order_by("path")
    if user is not None and user.is_authenticated and not user.is_superuser:
        # Only portals at or below a page where one of the user's groups may publish can pass
        # is_office: an editor's menu no longer loads the county's 21 portals to find none.
        roots = GroupPagePermission.objects.filter(group__user=user, permission__codename="publish_page")
        within = Q(pk__in=[])
        for path in roots.values_list("page__path", flat=True):
            within |= Q(path__startswith=path)
        portals = portals.filter(within)
    portals = [portal for portal in portals if is_office(user, portal)]
    if user is not None and hasattr(user, "__dict__"):
        user._office_portals = (_portals_generation["n"], portals, None)  # every portal: read when asked
    return list(portals)


def is_office_of_page(user, page):
    """``is_office(user, portal_of(page))`` from the portals ``office_portals`` keeps on the user
    object: a listing asks it for every catalog row, and ``portal_of`` is a query."""
    from .models import DisclosurePortal

    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    office = office_portals(user)
    if not office:
        return False
    kept = getattr(user, "_office_portals", None)
    every = None
    if kept is not None:
        every = kept[2]
        if every is None:  # portal_of needs every portal (one may lie within another); read once
            every = list(DisclosurePortal.objects.order_by("path"))
            user._office_portals = (kept[0], kept[1], every)
    if every is None or not page.path:
        from .models import portal_of

        return is_office(user, portal_of(page))
    if isinstance(page, DisclosurePortal):
        portal = page
    else:  # portal_of: the first portal above the page in tree order
        portal = next((p for p in every if page.path.startswith(p.path) and page.path != p.path), None)
    return portal is not None and any(p.pk == portal.pk for p in office)


def office_users(portal):
    """Active users who are the portal's disclosure office (``is_office`` as a query)."""
    from django.contrib.auth import get_user_model

    groups = GroupPagePermission.objects.filter(
        page__in=portal.get_ancestors(inclusive=True), permission__codename="publish_page"
    ).values("group")
    return get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__in=groups), is_active=True).distinct()


def department_staff(department):
    """Active editors (信息员) and reviewers (负责人) of ``department``."""
    from django.contrib.auth import get_user_model

    group_ids = [g for g in (department.editors_group_id, department.reviewers_group_id) if g]
    return get_user_model().objects.filter(groups__in=group_ids, is_active=True).distinct()


def staff_departments(user):
    """Departments whose editors (信息员) or reviewers (负责人) group ``user`` is in."""

    from .models import Department

    if not (user and user.is_authenticated and user.is_active):
        return Department.objects.none()
    group_ids = list(user.groups.values_list("pk", flat=True))
    return Department.objects.filter(Q(editors_group__in=group_ids) | Q(reviewers_group__in=group_ids))


class CatalogPermissionTester(PagePermissionTester):
    """Portals, catalog areas and items are the office's (``is_office``): department editors hold
    ``add_page``/``change_page`` there so that they may add and edit the entries beneath, but the
    node itself they may not edit, copy, move, delete or lock. Nobody submits these pages for
    moderation: they have no workflow (the office publishes them directly)."""

    _office_answer = None

    def _office(self):
        if self._office_answer is None:  # asked once per button of a listing row
            self._office_answer = is_office_of_page(self.user, self.page)
        return self._office_answer

    def can_edit(self):
        return super().can_edit() and self._office()

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and self._office()

    def can_lock(self):
        return super().can_lock() and self._office()

    def can_unlock(self):
        return super().can_unlock() and (self.user_has_lock() or self._office())

    def can_submit_for_moderation(self):
        return False


def is_leader(user, entry):
    """Leaders (the portal's leaders group) and admins (the disclosure office, see ``is_office``):
    they may force-publish, retract and confirm a forced publication."""
    portal = entry.portal
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if portal is None:
        return False
    if portal.leaders_group_id and user.groups.filter(pk=portal.leaders_group_id).exists():
        return True
    return is_office(user, portal)
