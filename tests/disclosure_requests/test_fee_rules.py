"""The fee rules at their edges: amounts, method, dates of notice and payment (each with the
office's Chinese message), who is recorded, and the daily expiry (其他处理 2)."""

import datetime
from decimal import Decimal

import pytest

from disclosure_requests import services
from disclosure_requests.models import DisclosureRequest, RequestState

from ..factories import make_user, travel

D = datetime.date.fromisoformat


@pytest.fixture
def office(portal):
    return make_user("fee_rules_office", superuser=True)


def notice(disclosure_request, office, amount="150", method="per_volume", on="2025-03-05", notified_on=None, pages=45):
    # 45 pages: 15 charged at 10元 = 150元 by the 109号 standard.
    with travel(on):
        return services.issue_fee_notice(
            disclosure_request, office, amount, method, notified_on=notified_on, pages=pages
        )


@pytest.mark.parametrize(
    "amount, message",
    [
        ("abc", "收费金额必须是数字"),
        ("0", "按量计收：45页，按国办函〔2020〕109号标准应收150元"),
        ("-5", "按量计收：45页，按国办函〔2020〕109号标准应收150元"),
        ("151", "按量计收：45页，按国办函〔2020〕109号标准应收150元"),
        ("NaN", "按量计收：45页，按国办函〔2020〕109号标准应收150元"),
    ],
)
def test_amount_other_than_the_standard_is_refused_with_the_offices_message(submit, office, amount, message):
    disclosure_request = submit(on="2025-03-03")
    with pytest.raises(services.RequestError) as exc:
        notice(disclosure_request, office, amount=amount)
    assert str(exc.value) == message
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).fee_notified_on is None


@pytest.mark.parametrize("amount, stored", [(None, "150.00"), ("", "150.00"), ("150", "150.00"), ("150.00", "150.00")])
def test_the_standard_amount_is_charged(submit, office, amount, stored):
    disclosure_request = notice(submit(on="2025-03-03"), office, amount=amount)
    assert disclosure_request.fee == Decimal(stored) and disclosure_request.fee_pages == 45


def test_method_must_be_one_of_the_two(submit, office):
    with pytest.raises(services.RequestError, match="^计收方式须为按件计收或按量计收$"):
        notice(submit(on="2025-03-03"), office, method="per_page")
    with pytest.raises(services.RequestError, match="^按件计收与按量计收只能选择一种，按件计收不填页数$"):
        notice(submit(on="2025-03-03", description="两种"), office, method="per_request")  # pages given: never both
    with pytest.raises(
        services.RequestError, match=r"^按件计收：申请人本月第3件申请，按国办函〔2020〕109号标准不收费$"
    ):
        notice(submit(on="2025-03-03", description="按件"), office, amount=None, method="per_request", pages=None)
    assert notice(submit(on="2025-03-03", description="按量"), office).fee_method == "per_volume"


def test_notice_dates(submit, office):
    disclosure_request = submit(on="2025-03-03")
    with pytest.raises(services.RequestError, match="^收费通知日期不能晚于今天$"):
        notice(disclosure_request, office, on="2025-03-05", notified_on=D("2025-03-06"))
    with pytest.raises(services.RequestError, match="^收费通知日期不能早于期限起算基准日$"):
        notice(disclosure_request, office, on="2025-03-05", notified_on=D("2025-03-02"))
    same_day = notice(disclosure_request, office, on="2025-03-05", notified_on=D("2025-03-03"))  # the base day itself
    assert same_day.fee_notified_on == D("2025-03-03")
    event = same_day.events.get(action="fee_notified")
    assert event.user == office


def test_payment_dates(submit, office):
    disclosure_request = notice(submit(on="2025-03-03"), office)  # notice 5 March, due 2 April
    assert disclosure_request.fee_due_on == D("2025-04-02")
    with travel("2025-03-10"), pytest.raises(services.RequestError, match="^缴费日期不能晚于今天$"):
        services.record_fee_payment(disclosure_request, office, D("2025-03-11"))
    with travel("2025-03-10"), pytest.raises(services.RequestError, match="^缴费日期不能早于收费通知日期$"):
        services.record_fee_payment(disclosure_request, office, D("2025-03-04"))
    with travel("2025-03-10"):
        paid = services.record_fee_payment(disclosure_request, office, D("2025-03-05"))  # the notice day itself
    assert paid.fee_paid_on == D("2025-03-05")
    assert paid.events.get(action="fee_paid").user == office


def test_payment_on_the_last_day_is_in_time(submit, office):
    disclosure_request = notice(submit(on="2025-03-03"), office)
    with travel("2025-04-02"):
        paid = services.record_fee_payment(disclosure_request, office)
    assert paid.fee_paid_on == D("2025-04-02") and not paid.fee_pending


def test_expiry_counts_every_request_and_records_it(submit, office):
    first = notice(submit(on="2025-03-03"), office)
    second = notice(submit(on="2025-03-03", description="第二件"), office)
    paid = notice(submit(on="2025-03-03", description="已缴费"), office)
    with travel("2025-03-10"):
        services.record_fee_payment(paid, office, D("2025-03-10"))
    assert services.expire_fees(on=D("2025-04-03")) == 2
    for disclosure_request in (first, second):
        disclosure_request = DisclosureRequest.objects.get(pk=disclosure_request.pk)
        assert disclosure_request.state == RequestState.ABANDONED and disclosure_request.answer_type == "other_2"
        assert disclosure_request.events.filter(action="fee_unpaid").exists()
    assert DisclosureRequest.objects.get(pk=paid.pk).state == RequestState.RECEIVED
    assert services.expire_fees(on=D("2025-04-04")) == 0  # nothing twice


def test_the_notice_is_recorded_and_mailed_to_the_applicant(submit, office, django_capture_on_commit_callbacks):
    from django.core import mail

    disclosure_request = submit(on="2025-03-03")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        disclosure_request = notice(disclosure_request, office, amount="150", method="per_volume")
    assert disclosure_request.events.get(action="fee_notified").note == "按量计收"
    [message] = mail.outbox
    assert message.subject == "政府信息公开申请收费通知" and message.to == ["zhang@example.com"]
    assert (
        disclosure_request.tracking_code in message.body and "150.00元" in message.body and "按量计收" in message.body
    )
    assert "2025-04-02" in message.body


@pytest.mark.parametrize(
    "pages, message", [(None, "^按量计收须填写页数$"), (-1, "^页数须为非负整数$"), ("abc", "^页数须为非负整数$")]
)
def test_per_volume_needs_a_whole_number_of_pages(submit, office, pages, message):
    disclosure_request = submit(on="2025-03-03")
    with pytest.raises(services.RequestError, match=message):
        notice(disclosure_request, office, amount=None, pages=pages)
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).fee_notified_on is None


def test_the_notice_cannot_reach_the_applicant_before_it_is_sent(submit, office):
    disclosure_request = submit(on="2025-03-03")
    with travel("2025-03-05"), pytest.raises(services.RequestError, match="^申请人收到收费通知日期不能早于发出日期$"):
        services.issue_fee_notice(
            disclosure_request,
            office,
            method="per_volume",
            pages=45,
            notified_on=D("2025-03-05"),
            received_on=D("2025-03-04"),
        )
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).fee_notified_on is None


def test_a_notice_on_the_last_day_of_the_answer_period_is_in_time(submit, office):
    disclosure_request = submit(on="2025-03-03")  # due 31 March
    stored = notice(disclosure_request, office, on="2025-03-31")
    assert stored.fee_notified_on == D("2025-03-31") and stored.fee_notice_received_on == D("2025-03-31")


def test_the_notice_record_states_the_amount_the_due_day_and_the_standard(submit, office):
    stored = notice(submit(on="2025-03-03"), office)
    event = stored.events.get(action="fee_notified")
    assert event.public_text == "已发出收费通知：信息处理费150.00元，请于 2025-04-02 前缴纳；缴费期间不计入答复期限"
    assert event.data == {"standard": "按量计收：45页"} and event.note == "按量计收"
    with travel("2025-03-10"):
        paid = services.record_fee_payment(stored, office)
    event = paid.events.get(action="fee_paid")
    assert event.public_text == f"申请人已缴纳信息处理费（2025-03-10），答复期限：{paid.due_display()}"


def test_no_mail_when_the_applicant_gave_no_address(submit, office, django_capture_on_commit_callbacks):
    from django.core import mail

    disclosure_request = submit(on="2025-03-03", email="", delivery="post")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stored = notice(disclosure_request, office)
    assert stored.fee == Decimal("150.00") and mail.outbox == []


def test_the_applicant_key_is_the_id_without_punctuation_in_capitals():
    from disclosure_requests.services.fees import _id_key

    assert _id_key(" 110105-19491231 002x ") == "11010519491231002X" and _id_key(None) == ""


def test_per_item_counts_only_this_portals_requests_of_this_month_and_year(submit, portal):
    from pages.catalog import create_portal

    from ..factories import PERSON

    submit(on="2024-03-04", description="去年三月")
    other = create_portal("other", "另一镇", "另一镇人民政府")
    with travel("2025-03-03"):
        services.submit_request(other, dict(PERSON, description="他处"))
    first = submit(on="2025-03-04", description="一")
    second = submit(on="2025-03-04", description="二")  # the same day: in the order received
    assert services.applicant_month_number(first) == 1 and services.applicant_month_number(second) == 2


def test_a_request_closed_while_the_fee_was_unpaid_is_not_expired(submit, office):
    withdrawn = notice(submit(on="2025-03-03"), office)
    with travel("2025-03-10"):
        services.withdraw(withdrawn, office, "申请人撤回")
    assert services.expire_fees(on=D("2025-04-03")) == 0
    withdrawn = DisclosureRequest.objects.get(pk=withdrawn.pk)
    assert withdrawn.state == RequestState.WITHDRAWN and withdrawn.answer_type != "other_2"
