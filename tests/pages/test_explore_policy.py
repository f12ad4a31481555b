"""The pages a user may explore: the project's policy gives Wagtail's pages through indexes (issue 19)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from pages.catalog import create_portal, ensure_area, ensure_department, ensure_item
from pages.explore_policy import ExplorePagePermissionPolicy

from ..factories import make_user, new_entry


def people(portal, catalog, users):
    """Every kind of account: 信息员, 负责人, the office, a leader, one in two towns, one with a
    permission on a leaf entry only, one with none, an inactive one, a superuser."""
    other = create_portal("other", "另一个镇政务公开", "另一个镇人民政府", org_code="000014351")
    department = ensure_department(other, "财政所", "财政", org_code="000014352")
    other_item = ensure_item(ensure_area(other, "财政预决算", kind="basic"), "部门预算", department=department)
    new_entry(other_item, title="另一个镇的草稿")
    office = make_user("town_office")
    group = office.groups.create(name="测试镇政务公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for kind in ("publish", "change", "add"):
        GroupPagePermission.objects.create(group=group, page=Page.objects.get(pk=portal.pk), permission_type=kind)
    both = make_user("two_towns", catalog["finance"].editors_group, department.editors_group)
    leaf = make_user("leaf_only")
    leaf_group = leaf.groups.create(name="单条")
    entry = new_entry(catalog["budget"], title="单条信息")
    GroupPagePermission.objects.create(group=leaf_group, page=Page.objects.get(pk=entry.pk), permission_type="lock")
    inactive = make_user("inactive", catalog["finance"].editors_group)
    inactive.is_active = False
    inactive.save()
    leader = make_user("leader", portal.leaders_group)
    return [*users.values(), office, both, leaf, make_user("nobody"), inactive, leader]


def test_the_pages_to_explore_are_wagtails_for_every_kind_of_user(portal, catalog, users):
    for n in range(3):
        new_entry(catalog["budget"], title=f"财政草稿{n}")
        new_entry(catalog["dibao"], title=f"民政草稿{n}")
    seen = set()
    for user in people(portal, catalog, users):
        ours = set(ExplorePagePermissionPolicy().explorable_instances(user).values_list("pk", flat=True))
        wagtails = set(PagePermissionPolicy().explorable_instances(user).values_list("pk", flat=True))
        assert ours == wagtails, user.username
        seen.add(len(ours))
    assert len(seen) >= 5  # the kinds of user see different pages
    assert isinstance(policy_registry.get_by_type(Page), ExplorePagePermissionPolicy)


def test_a_department_editors_pages_are_read_through_the_path_index(portal, catalog, users):
    if connection.vendor != "sqlite":
        pytest.skip("the plan is SQLite's")
    explorable = ExplorePagePermissionPolicy().explorable_instances(users["finance_editor"])
    sql, params = explorable.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "MULTI-INDEX OR" in plan and "SCAN wagtailcore_page" not in plan, plan
    # The 信息员 holds add and change on 部门预算: Wagtail tests its subtree twice and the common
    # ancestor's once; here the subtree once.
    wagtails, _ = PagePermissionPolicy().explorable_instances(users["finance_editor"]).query.sql_with_params()
    assert sql.count("LIKE") == 1 and wagtails.count("LIKE") == 3
