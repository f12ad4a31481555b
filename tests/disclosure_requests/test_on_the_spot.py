"""当场答复 (条例 Art. 33, issue 17): a request made at the counter and answered at once is still
registered with its received date and channel, answered in one of the answer forms with its number
and 答复书, recorded as answered on the spot, and counted in table (三) and the dashboard like any
other answer — with 0 working days."""

import datetime

import pytest
from django.urls import reverse

from disclosure_requests import actions, services
from disclosure_requests.models import RequestState
from reports import annual, dashboard

from ..factories import PERSON, api_client_for, make_user, staff_action, travel

D = datetime.date.fromisoformat
DAY = "2025-03-03"  # a Monday


@pytest.fixture
def office(portal):
    return make_user("office", superuser=True)


@pytest.fixture
def at_counter(portal, office):
    """register(channel=…, on=…) → a request the office registered that day (staff intake)."""

    def register(channel="in_person", on=DAY, **overrides):
        with travel(on):
            disclosure_request, _ = services.submit_request(
                portal, dict(PERSON, **overrides), channel=channel, received_on=D(on), user=office
            )
        return disclosure_request

    return register


def test_answered_on_the_spot_is_registered_numbered_and_recorded(at_counter, office):
    disclosure_request = at_counter()
    with travel(DAY, hour=11):
        assert "answer_on_the_spot" in actions.available_actions(office, disclosure_request)
        answered = services.answer_on_the_spot(
            disclosure_request, office, "disclose", kind="proactive", details={"where": "本镇政府网站“低保”栏目"}
        )
    answered.refresh_from_db()
    assert answered.state == RequestState.ANSWERED and answered.answered_on_the_spot
    assert answered.received_on == answered.answered_on == D(DAY) and answered.channel == "in_person"
    assert answered.answer_kind == "proactive" and answered.answer_number.endswith("〔2025〕1号")
    assert answered.answer_document and answered.answered_by == office
    assert services.answer_working_days(answered) == 0
    event = answered.events.last()
    assert event.action == "answered" and event.public_text.startswith("已当场答复：予以公开")
    assert event.data == {"on_the_spot": True}
    # A public timeline says so too; a normal answer never carries the flag.
    assert any("当场答复" in item["text"] for item in services.public_timeline(answered))


def test_an_ordinary_answer_counts_its_working_days_and_is_not_on_the_spot(at_counter, office):
    disclosure_request = at_counter()
    with travel("2025-03-05"):  # Wednesday: two working days later
        answered = services.answer(disclosure_request, office, "unable_1")
    assert not answered.answered_on_the_spot and services.answer_working_days(answered) == 2
    assert answered.events.last().public_text.startswith("已作出答复")


def test_only_in_person_or_oral_only_the_same_day_only_the_office(at_counter, office, catalog, users):
    oral = at_counter(channel="oral", description="口头")
    with travel(DAY):
        assert services.answer_on_the_spot(oral, office, "unable_1").answered_on_the_spot
    by_post = at_counter(channel="post", description="挂号信")
    later = at_counter(description="次日")
    with travel(DAY):
        with pytest.raises(services.RequestError, match="只有当面或口头提出的申请可以当场答复"):
            services.answer_on_the_spot(by_post, office, "unable_1")
    with travel("2025-03-04"):
        with pytest.raises(services.RequestError, match="须在收到申请当日作出"):
            services.answer_on_the_spot(later, office, "unable_1")
    assigned = services.assign(at_counter(description="已分派"), catalog["civil"], office)
    with travel(DAY):
        assert "answer_on_the_spot" not in actions.available_actions(users["civil_editor"], assigned)
        with pytest.raises(services.RequestError, match="政务公开工作机构"):
            services.answer_on_the_spot(assigned, users["civil_editor"], "unable_1")
        with pytest.raises(services.RequestError, match="当前状态为“办理中”"):
            services.answer_on_the_spot(assigned, office, "unable_1")
    for untouched in (by_post, later, assigned):
        untouched.refresh_from_db()
        assert not untouched.answer_type and not untouched.answered_on_the_spot


ON_THE_SPOT_FORM = 'name="action" value="answer_on_the_spot"'


def test_the_admin_form_over_http(client, at_counter, office):
    disclosure_request = at_counter()
    url = reverse("disclosure_request_handle", args=[disclosure_request.pk])
    client.force_login(office)
    with travel(DAY, hour=11):
        page = client.get(url).content.decode()
        assert ON_THE_SPOT_FORM in page and "计0个工作日" in page
        # At the counter on the day, 当场答复 is the suggested next step (Art. 33).
        assert "能够当场答复的，应当当场答复" in page
        # Dates default to today in the ISO form a date field shows (not the Chinese "2025/03/03").
        assert 'type="date" name="consult-started_on" value="2025-03-03"' in page
        # Missing details: a Chinese error, nothing recorded.
        missing = client.post(
            url,
            {
                "action": "answer_on_the_spot",
                "answer_on_the_spot-answer_type": "unable_1",
                "answer_on_the_spot-answer_kind": "not_ours",
            },
        )
        assert missing.status_code == 200 and "须填写" in missing.content.decode()
        disclosure_request.refresh_from_db()
        assert disclosure_request.state == RequestState.RECEIVED
        done = client.post(
            url,
            {
                "action": "answer_on_the_spot",
                "answer_on_the_spot-answer_type": "unable_1",
                "answer_on_the_spot-answer_kind": "not_ours",
                "answer_on_the_spot-responsible_body": "某县自然资源局",
                "answer_on_the_spot-responsible_contact": "0551-1234567",
            },
        )
    assert done.status_code == 302
    disclosure_request.refresh_from_db()
    assert disclosure_request.answered_on_the_spot and disclosure_request.answer_kind == "not_ours"
    assert disclosure_request.answer_details["responsible_body"] == "某县自然资源局"
    html = client.get(url).content.decode()
    assert "0 个工作日（当场答复）" in html and ON_THE_SPOT_FORM not in html


def test_a_department_cannot_answer_on_the_spot_over_http(client, at_counter, office, catalog, users):
    disclosure_request = services.assign(at_counter(), catalog["civil"], office)
    client.force_login(users["civil_editor"])
    url = reverse("disclosure_request_handle", args=[disclosure_request.pk])
    with travel(DAY):
        response = client.post(url, {"action": "answer_on_the_spot", "answer_on_the_spot-answer_type": "unable_1"})
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    disclosure_request.refresh_from_db()
    assert not disclosure_request.answer_type


def test_the_staff_api(at_counter, office, catalog, users):
    disclosure_request = at_counter()
    with travel(DAY):
        body = staff_action(api_client_for(office), disclosure_request, "answer_on_the_spot", answer_type="unable_1")
    assert body.status_code == 200, body.json()
    answer = body.json()["answer"]
    assert answer["on_the_spot"] is True and answer["working_days"] == 0 and answer["answered_on"] == DAY
    online = at_counter(channel="online", description="在线")
    with travel(DAY):
        refused = staff_action(api_client_for(office), online, "answer_on_the_spot", answer_type="unable_1")
    assert refused.status_code == 409 and "当面或口头" in refused.json()["message"]


def test_counted_in_table3_and_the_dashboard_like_any_answer(at_counter, office, portal):
    spot = at_counter(description="当场")
    firm = at_counter(
        description="企业当场",
        applicant_type="organization",
        organization_kind="business",
        id_type="credit_code",
        id_number="91340100MA2NXXXX1X",
    )
    normal = at_counter(description="按期")
    with travel(DAY):
        services.answer_on_the_spot(spot, office, "disclose")
        services.answer_on_the_spot(firm, office, "disclose")
    with travel("2025-03-10"):
        services.answer(normal, office, "disclose")
    rows = annual.build_annual_report(portal, 2025)["table3"]["rows"]
    assert rows["一、本年新收政府信息公开申请数量"] == [2, 1, 0, 0, 0, 0, 3]
    assert rows["（一）予以公开"] == [2, 1, 0, 0, 0, 0, 3]
    assert rows["四、结转下年度继续办理"] == [0] * 7
    totals = dashboard.year_totals(dashboard.user_scope(office), office, year=2025, on=D("2025-03-10"))["requests"]
    assert totals["answered"] == 3 and totals["on_time"] == 3 and totals["on_the_spot"] == 2
