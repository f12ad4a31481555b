"""回应关切 timeliness on the dashboard (reports.responses): responses published this year in and
out of their limit (48 h; 24 h for a major incident), concerns past the limit without a published
response, department isolation, the panel, and a query count that does not grow with the data."""

import datetime
import zoneinfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from pages.models import DisclosureEntry, FivePublicType, Genre, ResponseEntry
from reports import dashboard
from reports.dashboard_hooks import ResponseTimelinessPanel
from reports.responses import response_timeliness
from workflows import services as review

from ..factories import make_user, travel

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2025, 6, 10, 12, tzinfo=SHANGHAI)


def noticed(day, hour):
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def response(parent, title, concern_noticed_at, major=False):
    entry = ResponseEntry(
        title=title,
        body="<p>回应正文。</p>",
        concern="公众关注低保发放时间",
        concern_noticed_at=concern_noticed_at,
        major_incident=major,
        genre=Genre.objects.get_or_create(name="回应")[0],
        five_public=FivePublicType.objects.get(name="决策公开"),
        live=False,
    )
    parent.add_child(instance=entry)
    entry.save_revision()
    return entry


def publish_on(entry, leader, day, hour):
    with travel(day, hour=hour):
        review.force_publish(DisclosureEntry.objects.get(pk=entry.pk), leader, "测试发布")


@pytest.fixture
def responses(catalog, portal):
    """财政所: one in time, one major incident late, one last year; 民政办: one unpublished past its limit."""
    leader = make_user("resp_leader", portal.leaders_group)
    in_time = response(catalog["budget"], "按时的回应", noticed("2025-06-01", 9))
    publish_on(in_time, leader, "2025-06-03", 8)  # 47 hours
    late = response(catalog["budget"], "超时的重大事件回应", noticed("2025-06-02", 9), major=True)
    publish_on(late, leader, "2025-06-03", 10)  # 25 hours > 24
    last_year = response(catalog["budget"], "去年的超时回应", noticed("2024-12-01", 9))
    publish_on(last_year, leader, "2024-12-10", 9)
    response(catalog["dibao"], "尚未发布的回应", noticed("2025-06-07", 12))  # 72 hours before NOW
    response(catalog["dibao"], "仍在时限内的回应", noticed("2025-06-09", 12))  # 24 hours before NOW
    return leader


def test_the_office_sees_in_time_late_and_waiting(responses, office):
    figures = response_timeliness(dashboard.user_scope(office), now=NOW)
    assert (figures["published"], figures["in_time"], figures["late"]["count"]) == (2, 1, 1)
    late = figures["late"]["rows"][0]
    assert late["entry"].title == "超时的重大事件回应" and late["hours"] == 25.0 and late["limit_hours"] == 24
    assert [r["entry"].title for r in figures["waiting"]["rows"]] == ["尚未发布的回应"]
    assert figures["waiting"]["rows"][0]["hours"] == 72.0


def test_a_department_sees_its_own_and_nobody_sees_nothing(responses, users):
    finance = response_timeliness(dashboard.user_scope(users["finance_editor"]), now=NOW)
    assert (finance["published"], finance["waiting"]["count"]) == (2, 0)
    civil = response_timeliness(dashboard.user_scope(users["civil_editor"]), now=NOW)
    assert (civil["published"], civil["late"]["count"], civil["waiting"]["count"]) == (0, 0, 1)
    nobody = response_timeliness(dashboard.user_scope(make_user("nobody")), now=NOW)
    assert nobody["published"] == 0 and nobody["waiting"]["rows"] == []


def render(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    with travel(NOW.date(), hour=12):
        return ResponseTimelinessPanel(dashboard.user_scope(user)).render_html({"request": request})


def test_the_panel_on_the_dashboard(responses, office, client):
    html = render(office)
    assert 'data-count="responses">2<' in html and 'data-count="in-time">1<' in html
    assert 'data-count="waiting">1<' in html and "超时的重大事件回应" in html and "25.0 小时（时限 24 小时）" in html
    assert render(make_user("nobody")) == ""
    client.force_login(office)
    with travel(NOW.date(), hour=12):
        assert "回应关切时效" in client.get("/admin/").content.decode()


def test_queries_do_not_grow_with_the_responses(responses, office, catalog):
    def count():
        cache.clear()  # the counts kept until something public changes (reports.figures): a cold view
        with CaptureQueriesContext(connection) as queries:
            render(office)
        return len(queries)

    count()  # the user's permission cache fills on the first render
    before = count()
    for n in range(4):
        response(catalog["dibao"], f"又一条未发布的回应{n}", noticed("2025-06-01", 8))
        publish_on(
            response(catalog["budget"], f"又一条超时回应{n}", noticed("2025-05-01", 8)), responses, "2025-05-05", 9
        )
    assert count() == before
