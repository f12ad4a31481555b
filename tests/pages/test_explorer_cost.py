"""What the admin bench found in the explorer (issue 14): no query per row, one tester per entry and user."""

import datetime
import re

from django.test.utils import CaptureQueriesContext
from wagtail.models import PagePermissionTester

from pages.catalog import create_portal
from pages.models import DisclosureEntry
from pages.permissions import office_portals
from pages.publishing.states import EntryPermissionTester

from ..factories import make_user, new_entry, published


def explorer_queries(client, parent):
    from django.db import connection

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/admin/pages/{parent.pk}/")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_editors_explorer_asks_the_same_for_two_entries_as_for_eight(client, catalog, users):
    """Wagtail's can_delete asked the database twice per row for a department editor."""
    budget = catalog["budget"]
    for n in range(2):
        published(budget, f"已发布信息{n}", datetime.date(2026, 3, 1))
    client.force_login(users["finance_editor"])
    explorer_queries(client, budget)  # warm the per-process caches
    few = explorer_queries(client, budget)
    for n in range(3):
        published(budget, f"更多已发布信息{n}", datetime.date(2026, 3, 2))
        new_entry(budget, title=f"草稿{n}")
    assert explorer_queries(client, budget) == few


def test_can_delete_answers_as_wagtail_does(catalog, users):
    from django.contrib.auth import get_user_model

    budget = catalog["budget"]
    editor = users["finance_editor"]
    entries = [
        published(budget, "已发布", datetime.date(2026, 3, 1)),
        new_entry(budget, title="自己的草稿", owner=editor),
        new_entry(budget, title="别人的草稿"),
        new_entry(catalog["dibao"], title="民政办草稿"),
    ]
    inactive = make_user("former_editor", catalog["finance"].editors_group)
    get_user_model().objects.filter(pk=inactive.pk).update(is_active=False)
    people = [*users.values(), get_user_model().objects.get(pk=inactive.pk)]
    answers = set()
    for entry in entries:
        entry = DisclosureEntry.objects.get(pk=entry.pk)
        for user in people:
            ours = EntryPermissionTester(user, entry).can_delete()
            assert ours == PagePermissionTester(user, entry).can_delete(), (entry.title, user.username)
            answers.add(ours)
    assert answers == {True, False}


def test_one_tester_per_entry_object_and_user_object(catalog, users):
    from django.contrib.auth import get_user_model

    entry = new_entry(catalog["budget"], title="草稿")
    editor = users["finance_editor"]
    tester = entry.permissions_for_user(editor)
    assert entry.permissions_for_user(editor) is tester
    again = get_user_model().objects.get(pk=editor.pk)  # another request's user object
    assert entry.permissions_for_user(again) is not tester
    assert entry.permissions_for_user(users["admin"]).user is users["admin"]


def test_office_portals_are_kept_until_a_portal_changes(portal, users):
    admin = users["admin"]
    assert [p.pk for p in office_portals(admin)] == [portal.pk]
    other = create_portal("other", "另一个镇政务公开", "另一个镇人民政府", org_code="000014351")
    assert {p.pk for p in office_portals(admin)} == {portal.pk, other.pk}
    assert office_portals(users["finance_editor"]) == []


def test_the_explorer_shows_twenty_rows_a_page_and_every_kind_of_child(client, catalog, users):
    from pages.explorer import ROWS

    budget = catalog["budget"]
    for n in range(ROWS + 2):
        new_entry(budget, title=f"第{n + 1:02d}条草稿")
    client.force_login(users["admin"])
    first = client.get(f"/admin/pages/{budget.pk}/").content.decode()
    second = client.get(f"/admin/pages/{budget.pk}/?p=2").content.decode()
    shown = [n for n in range(1, ROWS + 3) if f"第{n:02d}条草稿" in first]
    rest = [n for n in range(1, ROWS + 3) if f"第{n:02d}条草稿" in second]
    assert len(shown) == ROWS and len(rest) == 2 and not set(shown) & set(rest)
    area = budget.get_parent()
    assert "部门预算" in client.get(f"/admin/pages/{area.pk}/").content.decode()  # catalog items too


def _office_user(portal, other):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission, Page

    office = make_user("town_office")
    group = office.groups.create(name="测试镇政务公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for kind in ("publish", "change", "add"):
        GroupPagePermission.objects.create(group=group, page=Page.objects.get(pk=portal.pk), permission_type=kind)
    return office


def test_catalog_rows_ask_nothing_per_row_for_the_office(client, catalog, users, portal):
    """Each catalog row's buttons asked ``portal_of`` (a query) about five times (125 queries on the
    office's admin search at 100,000 entries, issue 19): the answer is kept per row, and the
    portal is found among those ``office_portals`` keeps on the user object."""
    from pages.catalog import ensure_area

    office = _office_user(portal, catalog)
    counts = {}
    for user in (users["admin"], office):
        client.force_login(user)
        explorer_queries(client, portal)  # warm the per-process caches
        counts[user.username] = explorer_queries(client, portal)
    for n in range(4):
        ensure_area(portal, f"新增领域{n}")
    for user in (users["admin"], office):
        client.force_login(user)
        assert explorer_queries(client, portal) == counts[user.username], user.username


def test_the_office_answer_of_a_catalog_row_is_wagtails_and_portal_ofs(catalog, users, portal):
    """``is_office_of_page`` answers as ``is_office(user, portal_of(page))`` for every kind of user,
    on a portal, an area, an item and a page of another portal."""
    from wagtail.models import Page

    from pages.models import portal_of
    from pages.permissions import is_office, is_office_of_page

    other = create_portal("other", "另一个镇政务公开", "另一个镇人民政府", org_code="000014351")
    office = _office_user(portal, catalog)
    pages = [portal, Page.objects.get(pk=portal.pk), catalog["budget"], catalog["budget"].get_parent(), other]
    answers = set()
    for user in [*users.values(), office]:
        for page in pages:
            expected = is_office(user, portal_of(page))
            assert is_office_of_page(user, page) == expected, (user.username, page.title)
            answers.add(expected)
    assert answers == {True, False}
    assert is_office_of_page(office, other) is False and is_office_of_page(office, catalog["budget"]) is True


def test_a_superusers_explorer_and_search_list_the_pages_without_the_list_of_every_page(
    client, catalog, users, django_capture_on_commit_callbacks
):
    """For an active superuser Wagtail's filter by explorable pages is ``pk IN (every page)``, which
    SQLite read first (100,000 keys, issue 19): left out, with the same rows; others keep it."""
    from django.db import connection

    budget = catalog["budget"]
    titles = [f"已发布信息{n}" for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):  # indexed for the search box
        for title in titles:
            published(budget, title, datetime.date(2026, 3, 1))
        new_entry(catalog["dibao"], title="民政办已发布草稿")
    every_page = re.compile(r'IN \(SELECT ([A-Z]0)\."id" AS "pk" FROM "wagtailcore_page" \1\)')
    explorable = re.compile(r'IN \(SELECT ([A-Z]0)\."id" AS "pk" FROM "wagtailcore_page" \1 WHERE')
    for user, marker in ((users["admin"], every_page), (users["finance_editor"], explorable)):
        client.force_login(user)
        for url, query in (
            (f"/admin/pages/{budget.pk}/", {}),
            (f"/admin/pages/{budget.pk}/", {"q": "已发布"}),
            ("/admin/pages/search/", {"q": "已发布"}),  # the admin search, with its content-type facet
        ):
            with CaptureQueriesContext(connection) as captured:
                page = client.get(url, query).content.decode()
            assert all(title in page for title in titles), (user.username, url)
            # the other department's draft: in the superuser's search of the whole site only
            assert ("民政办已发布草稿" in page) is (user.is_superuser and "search" in url), (user.username, url)
            found = any(marker.search(q["sql"]) for q in captured.captured_queries)
            assert found is (marker is explorable), (user.username, url)


def test_office_portals_read_only_the_portals_the_user_may_publish(portal, users):
    """An editor's menu asks for the office portals on every page: one query, no portal loaded;
    an office group's portal is found, and only it."""
    from django.contrib.auth.models import Group
    from django.db import connection
    from wagtail.models import GroupPagePermission, Page

    from pages.models import DisclosurePortal

    others = [create_portal(f"t{n}", f"第{n}镇政务公开", f"第{n}镇人民政府", org_code=f"00001436{n}") for n in range(3)]
    editor = type(users["finance_editor"]).objects.get(pk=users["finance_editor"].pk)
    with CaptureQueriesContext(connection) as queries:
        assert office_portals(editor) == []
    assert len(queries) == 1 and "disclosureportal" not in queries[0]["sql"]
    office = make_user("t1_office", Group.objects.create(name="第1镇政务公开办"))
    GroupPagePermission.objects.create(
        group=office.groups.get(), page=Page.objects.get(pk=others[1].pk), permission_type="publish"
    )
    assert office_portals(office) == [DisclosurePortal.objects.get(pk=others[1].pk)]
    # The demo office publishes from the tree's top: every portal, in tree order.
    assert [p.pk for p in office_portals(users["admin"])] == [portal.pk] + [o.pk for o in others]
