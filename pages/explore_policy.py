"""Wagtail's page permission policy with the pages a user may explore as one indexed condition.

Wagtail builds them as a union: the subtree of each page permission (a 信息员 holds add and
change on each of the department's nodes, so each subtree twice), the ancestors of each, then
"under the first common ancestor". That last term is the only one SQLite can read through an
index, and it is the whole town: every page of it was tested against the 48 other terms, in
each of the four queries of an admin search (35 ms each at 100,000 entries, issue 19). Here
each subtree comes once, the ancestors above the common ancestor are left out before the query
rather than by it, and so every term reads an index. The pages are the same as Wagtail's
(``tests/pages/test_explore_policy.py`` compares them for every kind of user).
"""

from django.db.models import Q
from wagtail.permission_policies.pages import PagePermissionPolicy

EXPLORE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


class ExplorePagePermissionPolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        pages = self.model._default_manager
        permissions = list(self.get_cached_permissions_for_user(user))
        if not permissions:
            return pages.none()
        codenames = self._get_permission_codenames(EXPLORE_ACTIONS)
        # Wagtail's common ancestor is that of the pages' parents: every page lies under it (but
        # with several root nodes, where it is the first root: what lies elsewhere is left out).
        common = self.model.base_page_model.objects.first_common_ancestor_of([p.page for p in permissions]).path
        under = {p.page.path: p.page for p in permissions if p.page.path.startswith(common)}
        subtrees = [
            page
            for path, page in under.items()
            if any(p.page.path == path and p.permission.codename in codenames for p in permissions)
        ]
        ancestors = {path[:end] for path in under for end in range(len(common), len(path), self.model.steplen)}
        condition = Q(path__in=sorted(ancestors)) if ancestors else Q(pk__in=[])
        for page in subtrees:
            condition |= pages.get_queryset().descendant_of_q(page, inclusive=True)
        return pages.filter(condition)


def register():
    from wagtail.models import AbstractPage
    from wagtail.permissions import register_permission_policy

    register_permission_policy(AbstractPage, ExplorePagePermissionPolicy())
