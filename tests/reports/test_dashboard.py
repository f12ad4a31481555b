"""Dashboard figures (reports.dashboard) and the homepage panels, incl. department isolation."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from disclosure_requests import deadlines
from disclosure_requests import services as requests_services
from pages.catalog import ensure_item
from pages.models import CatalogItem, DisclosureEntry, UpdateRhythm
from reports import dashboard
from workflows import services

from ..factories import PERSON, make_user, new_entry, published, travel

D = datetime.date.fromisoformat
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def scope_of(user):
    return dashboard.user_scope(user)


def panel(html, panel_id):
    """The HTML of one dashboard panel (up to the next panel)."""
    start = html.index(f'id="{panel_id}')
    following = [m.start() for m in re.finditer(r'class="w-panel ', html) if m.start() > start]
    return html[start : following[0] if following else len(html)]


# -- scope ---------------------------------------------------------------------------------------


def test_scope_of_each_role(users, office, catalog, portal):
    assert scope_of(users["admin"]).everything
    assert scope_of(office).portal_ids == {portal.pk} and scope_of(office).is_office
    finance = scope_of(users["finance_editor"])
    assert finance.department_ids == {catalog["finance"].pk} and not finance.is_office
    assert scope_of(make_user("nobody")).is_empty


# -- 各部门待审批 -------------------------------------------------------------------------------


@pytest.fixture
def submissions(catalog, users, portal):
    """财政所: one waiting for 部门审核 since 3 March, one at 领导审批; 民政办: one since 12 March."""
    reviewer = users["finance_reviewer"]
    waiting = new_entry(catalog["budget"], title="财政待审")
    waiting.save_revision(user=users["finance_editor"])
    services.submit(DisclosureEntry.objects.get(pk=waiting.pk), users["finance_editor"])
    at_leader = new_entry(catalog["budget"], title="财政待领导")
    at_leader.save_revision(user=users["finance_editor"])
    services.submit(DisclosureEntry.objects.get(pk=at_leader.pk), users["finance_editor"])
    services.approve(DisclosureEntry.objects.get(pk=at_leader.pk), reviewer)
    civil = new_entry(catalog["dibao"], title="民政待审")
    civil.save_revision(user=users["civil_editor"])
    services.submit(DisclosureEntry.objects.get(pk=civil.pk), users["civil_editor"])

    def started(entry, day):
        TaskState.objects.filter(workflow_state__object_id=str(entry.pk), status=TaskState.STATUS_IN_PROGRESS).update(
            started_at=datetime.datetime.fromisoformat(day).replace(hour=9, tzinfo=SHANGHAI)
        )

    started(waiting, "2025-03-03")
    started(at_leader, "2025-03-05")
    started(civil, "2025-03-12")
    return {"waiting": waiting, "at_leader": at_leader, "civil": civil}


def test_pending_approvals_per_department_with_oldest_wait(submissions, users, office, catalog):
    rows = dashboard.pending_approvals(scope_of(office), on=D("2025-03-14"))
    by_name = {r["department"]: r for r in rows}
    assert set(by_name) == {"财政所", "民政办"}
    finance = by_name["财政所"]
    assert (finance["department_review"], finance["leader_approval"], finance["total"]) == (1, 1, 2)
    # Oldest: Monday 3 March → Friday 14 March = 11 days, 9 working days (4–7, 10–14 March).
    assert finance["oldest_days"] == 11 and finance["oldest_working_days"] == 9
    assert by_name["民政办"]["total"] == 1 and by_name["民政办"]["oldest_working_days"] == 2
    assert rows[0]["department"] == "财政所"  # longest wait first
    assert dashboard.pending_approvals(scope_of(users["admin"]), on=D("2025-03-14")) == rows

    # A department sees only itself.
    assert [r["department"] for r in dashboard.pending_approvals(scope_of(users["civil_editor"]))] == ["民政办"]
    assert [r["department"] for r in dashboard.pending_approvals(scope_of(users["finance_reviewer"]))] == ["财政所"]
    assert dashboard.pending_approvals(scope_of(make_user("nobody"))) == []


def test_pending_panel_is_isolated_per_department(client, submissions, users, office):
    client.force_login(users["civil_editor"])
    html = panel(client.get(reverse("wagtailadmin_home")).content.decode(), "gongkai-pending-by-department")
    assert "各部门待审批" in html and "民政办" in html and "财政所" not in html
    client.force_login(office)
    html = panel(client.get(reverse("wagtailadmin_home")).content.decode(), "gongkai-pending-by-department")
    assert "民政办" in html and "财政所" in html and "个工作日" in html
    # The moderation queue from workflows still renders next to it (shared panel base class).
    client.force_login(users["finance_reviewer"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "待我审核" in home and "财政待审" in home


# -- 时效提醒 -------------------------------------------------------------------------------------


ON = D("2025-06-30")


@pytest.fixture
def rhythms(catalog, portal):
    """民政 低保: monthly, last entry 40 days old (plus a newer draft); 财政 预算: yearly, fresh enough;
    a quarterly 财政 item never published; an irregular one never published; a monthly one 10 days old."""
    CatalogItem.objects.filter(pk=catalog["dibao"].pk).update(update_rhythm=UpdateRhythm.MONTHLY)
    CatalogItem.objects.filter(pk=catalog["budget"].pk).update(update_rhythm=UpdateRhythm.YEARLY)
    budget_area = catalog["budget"].get_parent()
    relief_area = catalog["dibao"].get_parent()
    items = {
        "dibao": CatalogItem.objects.get(pk=catalog["dibao"].pk),
        "final": ensure_item(
            budget_area, "部门决算", department=catalog["finance"], update_rhythm=UpdateRhythm.QUARTERLY
        ),
        "irregular": ensure_item(
            budget_area, "财政专项资金", department=catalog["finance"], update_rhythm=UpdateRhythm.IRREGULAR
        ),
        "temporary": ensure_item(
            relief_area, "临时救助", department=catalog["civil"], update_rhythm=UpdateRhythm.MONTHLY
        ),
    }
    published(items["dibao"], "2025年4月低保名单", ON - datetime.timedelta(days=40))
    new_entry(items["dibao"], title="2025年5月低保名单（草稿）", published_on=ON - datetime.timedelta(days=5))
    published(catalog["budget"], "2025年部门预算", D("2025-03-01"))
    published(items["temporary"], "2025年6月临时救助", ON - datetime.timedelta(days=10))
    return items


def test_stale_items_by_update_rhythm(rhythms, users, office):
    result = dashboard.stale_item_rows(scope_of(office), on=ON)
    titles = [r["item"].title for r in result["rows"]]
    assert result["count"] == 2
    assert titles == ["部门决算", "最低生活保障"]  # never published first, then the oldest
    dibao = result["rows"][1]
    assert dibao["last_published"] == ON - datetime.timedelta(days=40)
    assert dibao["days_since"] == 40 and dibao["overdue_days"] == 40 - 31
    assert result["rows"][0]["last_published"] is None

    assert [r["item"].title for r in dashboard.stale_item_rows(scope_of(users["civil_editor"]), on=ON)["rows"]] == [
        "最低生活保障"
    ]
    assert [r["item"].title for r in dashboard.stale_item_rows(scope_of(users["finance_editor"]), on=ON)["rows"]] == [
        "部门决算"
    ]
    # Publishing a new 低保 list clears the alert.
    published(rhythms["dibao"], "2025年6月低保名单", ON - datetime.timedelta(days=2))
    assert dashboard.stale_item_rows(scope_of(office), on=ON)["count"] == 1


def test_late_publications_count_working_days(catalog, users, office):
    written = D("2025-03-03")
    late_day = deadlines.add_working_days(written, 25).due
    late = published(catalog["budget"], "晚发布的预算", late_day, written_on=written)
    published(catalog["budget"], "按时发布的预算", deadlines.add_working_days(written, 20).due, written_on=written)
    # 22 calendar days across the May Day holiday are only 13 working days: in time.
    published(catalog["dibao"], "节后发布的低保", D("2025-05-20"), written_on=D("2025-04-28"))
    published(catalog["dibao"], "去年晚发布的低保", D("2024-06-30"), written_on=D("2024-03-01"))

    result = dashboard.late_publications(scope_of(office), on=ON)
    assert result["count"] == 1
    assert result["rows"][0]["entry"].pk == late.pk and result["rows"][0]["working_days"] == 25
    assert dashboard.late_publications(scope_of(users["civil_editor"]), on=ON)["count"] == 0
    assert dashboard.late_publications(scope_of(users["finance_editor"]), on=ON)["count"] == 1
    assert dashboard.late_publications(scope_of(office), on=D("2024-12-31"))["count"] == 1


def test_timeliness_panel_over_http(client, rhythms, users, office):
    with travel(ON):
        client.force_login(users["civil_editor"])
        html = panel(client.get(reverse("wagtailadmin_home")).content.decode(), "gongkai-timeliness")
    assert "时效提醒" in html and "最低生活保障" in html and "部门决算" not in html
    assert re.search(r'data-count="stale">1<', html)


# -- 依申请公开 and 本年累计 -------------------------------------------------------------------------


@pytest.fixture
def requests_(portal, catalog, users):
    def submit(on, description, department=None):
        with travel(on):
            disclosure_request, _ = requests_services.submit_request(portal, dict(PERSON, description=description))
            if department is not None:
                disclosure_request = requests_services.assign(disclosure_request, department, users["admin"])
        return disclosure_request

    on_time = submit("2025-03-03", "按时答复的申请", catalog["finance"])
    with travel("2025-03-10"):
        requests_services.answer(on_time, users["admin"], "disclose", "予以公开")
    late = submit("2025-01-02", "逾期答复的申请", catalog["finance"])
    with travel("2025-03-20"):
        requests_services.answer(late, users["admin"], "unable_1", "本机关不掌握")
    overdue = submit("2025-05-06", "逾期未办的申请", catalog["civil"])
    last_year = submit("2024-12-02", "去年收到仍未办的申请")
    due_soon = submit("2025-06-03", "即将到期的申请", catalog["civil"])
    fresh = submit("2025-06-27", "刚收到的申请", catalog["finance"])
    return {
        "on_time": on_time,
        "late": late,
        "overdue": overdue,
        "last_year": last_year,
        "due_soon": due_soon,
        "fresh": fresh,
    }


def test_year_totals(requests_, catalog, users, office):
    published(catalog["budget"], "2025年部门预算", D("2025-03-01"))
    published(catalog["dibao"], "2025年低保", D("2025-04-01"))
    published(catalog["dibao"], "2024年低保", D("2024-04-01"))

    totals = dashboard.year_totals(scope_of(office), office, on=ON)
    assert totals["entries"] == 2
    figures = totals["requests"]
    assert figures["received"] == 5  # the one from December 2024 is not this year's
    assert (figures["answered"], figures["late"], figures["on_time"]) == (2, 1, 1)
    assert figures["on_time_rate"] == 50.0
    assert figures["overdue"] == 2  # May's and last December's, both still open

    civil = dashboard.year_totals(scope_of(users["civil_editor"]), users["civil_editor"], on=ON)
    assert civil["entries"] == 1
    assert civil["requests"]["received"] == 2 and civil["requests"]["overdue"] == 1
    assert civil["requests"]["answered"] == 0 and civil["requests"]["on_time_rate"] is None
    leader = make_user("leader_only", catalog["finance"].portal.leaders_group)
    assert dashboard.year_totals(scope_of(leader), leader, on=ON)["requests"] is None


def test_request_deadlines_and_isolation(requests_, users, office):
    result = dashboard.request_deadlines(office, on=ON)
    assert result["overdue_count"] == 2 and result["due_soon_count"] == 1
    assert {r.pk for r in result["overdue"]} == {requests_["overdue"].pk, requests_["last_year"].pk}
    assert [r.pk for r in result["due_soon"]] == [requests_["due_soon"].pk]
    civil = dashboard.request_deadlines(users["civil_editor"], on=ON)
    assert [r.pk for r in civil["overdue"]] == [requests_["overdue"].pk]
    finance = dashboard.request_deadlines(users["finance_editor"], on=ON)
    assert finance["overdue_count"] == 0 and finance["due_soon_count"] == 0


def test_request_panel_links_and_visibility(client, requests_, users, office, catalog):
    with travel(ON):
        client.force_login(users["civil_editor"])
        html = panel(client.get(reverse("wagtailadmin_home")).content.decode(), "gongkai-request-deadlines")
        assert requests_["overdue"].tracking_code in html and requests_["due_soon"].tracking_code in html
        assert requests_["fresh"].tracking_code not in html
        assert "/admin/disclosure-requests/?urgency=overdue" in html
        assert "/admin/disclosure-requests/?urgency=due_soon" in html
        # No request access (a leader of the portal only): no panel, no 本年累计 request rows.
        client.force_login(make_user("leader_only", catalog["finance"].portal.leaders_group))
        home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gongkai-request-deadlines" not in home and "依申请公开：即将到期与已超期" not in home


def test_query_count_does_not_grow_with_the_data(catalog, portal, users, office, submissions):
    """Aggregates and subqueries: adding items, entries and submissions adds no queries."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from reports.dashboard_hooks import PendingApprovalsPanel, TimelinessPanel, YearTotalsPanel

    def run():
        cache.clear()  # the figures kept until something public changes (reports.figures): count a cold view
        request = RequestFactory().get("/admin/")
        request.user = office
        scope = scope_of(office)
        with CaptureQueriesContext(connection) as queries, travel(ON):
            for component in (PendingApprovalsPanel(scope), TimelinessPanel(scope), YearTotalsPanel(scope)):
                assert component.render_html({"request": request})
        return len(queries)

    area = catalog["budget"].get_parent()
    written = D("2025-03-03")
    for i in range(2):
        item = ensure_item(area, f"月报{i}", department=catalog["finance"], update_rhythm=UpdateRhythm.MONTHLY)
        published(item, f"迟发{i}", deadlines.add_working_days(written, 30).due, written_on=written)
    before = run()
    for i in range(2, 8):
        item = ensure_item(area, f"月报{i}", department=catalog["finance"], update_rhythm=UpdateRhythm.MONTHLY)
        published(
            item,
            f"迟发{i}",
            deadlines.add_working_days(written, 30 + i).due,
            written_on=written + datetime.timedelta(days=i),
        )
        extra = new_entry(item, title=f"待审{i}")
        editor = type(office).objects.get(pk=users["finance_editor"].pk)  # fresh permission cache
        extra.save_revision(user=editor)
        services.submit(DisclosureEntry.objects.get(pk=extra.pk), editor)
    assert dashboard.late_publications(scope_of(office), on=ON)["count"] == 8
    assert run() == before
