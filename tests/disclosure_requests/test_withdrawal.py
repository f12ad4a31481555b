"""Online withdrawal by the applicant: tracking code plus the last 4 digits of the contact phone,
on the status page (CSRF, throttled) and through the public API; recorded in the history and
counted as concluded (其他处理 3) like a withdrawal the office records."""

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from disclosure_requests import services
from disclosure_requests.models import DisclosureRequest, RequestState
from reports.annual import table3

from ..factories import PERSON, make_user, travel

STATUS_URL = "/yishenqing/chaxun/"
WITHDRAW_URL = "/yishenqing/chehui/"
OTHER_3 = "三、（六）其他处理 3.其他"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def personal_values():
    return [PERSON[k] for k in ("applicant_name", "id_number", "phone", "email", "address", "purpose")]


def test_withdraw_with_code_and_phone_digits(submit, portal):
    disclosure_request = submit(on="2025-03-03")
    with travel("2025-03-05"):
        withdrawn = services.withdraw_by_applicant(disclosure_request.tracking_code.replace("-", "").lower(), " 5678 ")
    assert withdrawn.state == RequestState.WITHDRAWN and withdrawn.answer_type == "other_3"
    event = withdrawn.events.last()
    assert event.action == "withdrawn" and event.public_text == "申请人已撤回申请" and "在线撤回" in event.note
    table = table3(portal, 2025)
    assert table[OTHER_3] == [1, 0, 0, 0, 0, 0, 1] and table["四、结转下年度继续办理"][-1] == 0
    with pytest.raises(services.RequestError, match="不能撤回"):
        services.withdraw_by_applicant(disclosure_request.tracking_code, "5678")


def test_wrong_second_factor_changes_nothing_and_locks_after_five_tries(submit):
    disclosure_request = submit(on="2025-03-03")
    for _ in range(services.WITHDRAW_MAX_FAILURES):
        with pytest.raises(services.RequestError, match="查询码或验证信息不正确"):
            services.withdraw_by_applicant(disclosure_request.tracking_code, "0000")
    with pytest.raises(services.RequestError, match="次数过多"):
        services.withdraw_by_applicant(disclosure_request.tracking_code, "5678")  # even the right one, for an hour
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).state == RequestState.RECEIVED
    with pytest.raises(services.RequestError, match="查询码或验证信息不正确"):  # unknown code: same message
        services.withdraw_by_applicant("AAAA-BBBB-CCCC-DDDD", "5678")


def test_without_phone_the_id_number_digits_are_the_second_factor(submit):
    disclosure_request = submit(on="2025-03-03", phone="")
    with pytest.raises(services.RequestError):
        services.withdraw_by_applicant(disclosure_request.tracking_code, "5678")
    assert services.withdraw_by_applicant(disclosure_request.tracking_code, "002x").state == RequestState.WITHDRAWN


def test_status_page_withdrawal_with_csrf(submit):
    disclosure_request = submit(on="2025-03-03")
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(STATUS_URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    html = browser.post(
        STATUS_URL, {"code": disclosure_request.tracking_code, "csrfmiddlewaretoken": token}
    ).content.decode()
    assert 'action="/yishenqing/chehui/"' in html and 'for="id_verification"' in html
    # Without the CSRF token nothing happens.
    assert (
        browser.post(
            WITHDRAW_URL, {"code": disclosure_request.tracking_code, "verification": "5678", "confirm": "1"}
        ).status_code
        == 403
    )
    wrong = browser.post(
        WITHDRAW_URL,
        {
            "code": disclosure_request.tracking_code,
            "verification": "1234",
            "confirm": "1",
            "csrfmiddlewaretoken": token,
        },
    )
    assert wrong.status_code == 400 and "查询码或验证信息不正确" in wrong.content.decode()
    unconfirmed = browser.post(
        WITHDRAW_URL, {"code": disclosure_request.tracking_code, "verification": "5678", "csrfmiddlewaretoken": token}
    )
    assert unconfirmed.status_code == 400 and "请勾选确认撤回" in unconfirmed.content.decode()
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).state == RequestState.RECEIVED
    with travel("2025-03-05"):
        done = browser.post(
            WITHDRAW_URL,
            {
                "code": disclosure_request.tracking_code,
                "verification": "5678",
                "confirm": "1",
                "csrfmiddlewaretoken": token,
            },
        )
    html = done.content.decode()
    assert done.status_code == 200 and "您的申请已撤回" in html and "申请人撤回" in html
    assert 'action="/yishenqing/chehui/"' not in html  # no second withdrawal offered
    for value in personal_values():
        assert value not in html
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).state == RequestState.WITHDRAWN


def test_withdrawal_form_is_throttled(submit, client):
    disclosure_request = submit(on="2025-03-03")
    codes = [
        client.post(
            WITHDRAW_URL, {"code": disclosure_request.tracking_code, "verification": "9999", "confirm": "1"}
        ).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [400] * 10 and codes[10] == 429


def test_withdrawal_over_the_public_api(submit):
    disclosure_request = submit(on="2025-03-03")
    api = APIClient()
    missing = api.post("/api/v2/requests/withdraw/", {"code": disclosure_request.tracking_code}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "invalid"
    assert "verification" in missing.json()["errors"]
    wrong = api.post(
        "/api/v2/requests/withdraw/", {"code": disclosure_request.tracking_code, "verification": "1111"}, format="json"
    )
    assert wrong.status_code == 400
    assert wrong.json() == {"code": "refused", "message": "查询码或验证信息不正确", "errors": None}
    assert api.post("/api/v2/requests/withdraw/", ["x"], format="json").status_code == 400
    with travel("2025-03-05"):
        ok = api.post(
            "/api/v2/requests/withdraw/",
            {"code": disclosure_request.tracking_code, "verification": "5678"},
            format="json",
        )
    assert ok.status_code == 200, ok.json()
    body = ok.json()
    assert body["state"] == "申请人撤回" and body["can_withdraw"] is False
    assert body["timeline"][-1]["text"] == "申请人已撤回申请"
    text = json.dumps(body, ensure_ascii=False)
    for value in personal_values():
        assert value not in text


def test_office_sees_the_online_withdrawal_in_the_history(submit, client):
    disclosure_request = submit(on="2025-03-03")
    services.withdraw_by_applicant(disclosure_request.tracking_code, "5678")
    client.force_login(make_user("wd_office", superuser=True))
    html = client.get(f"/admin/disclosure-requests/{disclosure_request.pk}/handle/").content.decode()
    assert "申请人已撤回申请" in html and "在线撤回" in html
