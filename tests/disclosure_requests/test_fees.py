"""信息处理费 (国办函〔2020〕109号): the notice pauses the answer clock until payment; unpaid after
20 working days → 视为放弃, counted as 其他处理 2; recorded in the admin's handling page."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from disclosure_requests import reminders, services
from disclosure_requests.models import DisclosureRequest, RequestState
from reports.annual import table3

from ..factories import make_user, travel

D = datetime.date.fromisoformat
OTHER_2 = "三、（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"


@pytest.fixture
def office(portal):
    return make_user("fee_office", superuser=True)


def notified(disclosure_request, office, on="2025-03-05", amount="150", method="per_volume", pages=45):
    with travel(on):
        return services.issue_fee_notice(disclosure_request, office, amount, method, pages=pages)


def test_time_between_notice_and_payment_is_not_counted(submit, office):
    disclosure_request = submit(on="2025-03-03")
    assert disclosure_request.due_on == D("2025-03-31")
    disclosure_request = notified(disclosure_request, office)
    assert disclosure_request.fee == Decimal("150.00") and disclosure_request.fee_method == "per_volume"
    # 20 working days to pay, counted by the same calculator.
    assert disclosure_request.fee_due_on == D("2025-04-02")
    assert disclosure_request.fee_pending and disclosure_request.due_on is None and disclosure_request.due_paused
    assert disclosure_request.due_display() == "缴费期间不计入期限"
    with travel("2025-03-11"):
        disclosure_request = services.record_fee_payment(disclosure_request, office)
    # 6, 7, 10, 11 March are not counted: four working days later than without the fee.
    assert disclosure_request.fee_paid_on == D("2025-03-11") and not disclosure_request.fee_pending
    assert disclosure_request.due_on == D("2025-04-07") and not disclosure_request.due_paused
    assert [e.action for e in disclosure_request.events.all()] == ["received", "fee_notified", "fee_paid"]


def test_no_answer_while_the_fee_is_unpaid(submit, office):
    disclosure_request = notified(submit(on="2025-03-03"), office)
    with travel("2025-03-06"), pytest.raises(services.RequestError, match="缴纳信息处理费"):
        services.answer(disclosure_request, office, "disclose")
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).state == RequestState.RECEIVED


def test_unpaid_fee_ends_as_other_2_in_the_annual_report(submit, office, portal):
    disclosure_request = notified(submit(on="2025-03-03"), office)
    assert services.expire_fees(on=D("2025-04-02")) == 0  # the last day is still in time
    with travel("2025-04-03"), pytest.raises(services.RequestError, match="缴费期限"):
        services.record_fee_payment(disclosure_request, office)
    assert services.expire_fees(on=D("2025-04-03")) == 1
    disclosure_request.refresh_from_db()
    assert disclosure_request.state == RequestState.ABANDONED and disclosure_request.answer_type == "other_2"
    assert disclosure_request.answered_on == D("2025-04-03")
    assert disclosure_request.events.last().public_text == "申请人逾期未缴纳信息处理费，视为放弃申请"
    table = table3(portal, 2025)
    assert table[OTHER_2] == [1, 0, 0, 0, 0, 0, 1]
    assert table["四、结转下年度继续办理"][-1] == 0


def test_daily_job_expires_unpaid_fees(submit, office):
    disclosure_request = notified(submit(on="2025-03-03"), office)
    result = reminders.run_daily(on=D("2025-04-03"))
    assert result["fees_unpaid"] == 1 and result["abandoned"] == 1
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).answer_type == "other_2"


@pytest.mark.parametrize(
    "amount, method, message",
    [
        ("0", "per_volume", "应收150元"),
        ("-5", "per_volume", "应收150元"),
        ("abc", "per_volume", "数字"),
        ("100", "per_page", "计收方式"),
    ],
)
def test_fee_notice_is_validated(submit, office, amount, method, message):
    disclosure_request = submit(on="2025-03-03")
    with travel("2025-03-05"), pytest.raises(services.RequestError, match=message):
        services.issue_fee_notice(disclosure_request, office, amount, method, pages=45)
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).fee_notified_on is None


def test_one_notice_and_payment_only_after_a_notice(submit, office):
    disclosure_request = submit(on="2025-03-03")
    with travel("2025-03-05"), pytest.raises(services.RequestError, match="没有待缴纳"):
        services.record_fee_payment(disclosure_request, office)
    disclosure_request = notified(disclosure_request, office)
    with travel("2025-03-06"), pytest.raises(services.RequestError, match="已发出过"):
        services.issue_fee_notice(disclosure_request, office, "20", "per_volume", pages=32)


def test_fee_in_the_admin_handling_page(submit, office, catalog, client, django_capture_on_commit_callbacks):
    disclosure_request = services.assign(submit(on="2025-03-03"), catalog["civil"], office)
    url = reverse("disclosure_request_handle", args=[disclosure_request.pk])
    clerk = make_user("fee_clerk", catalog["civil"].editors_group)
    client.force_login(clerk)
    assert 'value="fee_notice"' not in client.get(url).content.decode()  # the office decides on fees
    client.force_login(office)
    with travel("2025-03-05"):
        assert 'value="fee_notice"' in client.get(url).content.decode()
    with travel("2025-03-05"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "action": "fee_notice",
                "fee_notice-amount": "200",
                "fee_notice-pages": "50",
                "fee_notice-method": "per_volume",
                "fee_notice-notified_on": "2025-03-05",
            },
        )
    assert response.status_code == 302
    disclosure_request.refresh_from_db()
    assert disclosure_request.fee == Decimal("200.00") and disclosure_request.fee_method == "per_volume"
    assert any("收费通知" in m.subject and m.to == ["zhang@example.com"] for m in mail.outbox)
    with travel("2025-03-06"):
        html = client.get(url).content.decode()
    assert "200.00元（按量计收）" in html and "缴费截止 2025-04-02" in html
    assert 'value="fee_paid"' in html and 'value="answer"' not in html
    client.force_login(clerk)  # the department records the payment
    with travel("2025-03-10"):
        response = client.post(url, {"action": "fee_paid", "fee_paid-paid_on": "2025-03-10"})
    assert response.status_code == 302
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).fee_paid_on == D("2025-03-10")


def test_status_page_tells_the_applicant_about_the_fee(submit, office, client):
    disclosure_request = notified(submit(on="2025-03-03"), office)
    with travel("2025-03-06"):
        html = client.post("/yishenqing/chaxun/", {"code": disclosure_request.tracking_code}).content.decode()
    assert "信息处理费150.00元" in html and "2025-04-02" in html
