"""Handling: assignment, 补正 (clock restart, 视为放弃), consultation, the one extension,
answers by the official categories with the 答复书, delivery, and table (三) of the annual report."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from disclosure_requests import services
from disclosure_requests.answers import ANSWER_TYPE_CODES, TABLE3_COLUMNS
from disclosure_requests.models import AnswerTemplate, DisclosureRequest, RequestState
from reports.annual import table3

from ..factories import make_user, new_entry, organization_request, requests_around_2025, travel

D = datetime.date.fromisoformat


@pytest.fixture
def office(portal):
    return make_user("office", superuser=True)


def test_assignment_starts_processing_and_rejects_foreign_department(submit, catalog, portal):
    disclosure_request = submit()
    disclosure_request = services.assign(disclosure_request, catalog["civil"])
    assert disclosure_request.state == RequestState.PROCESSING and disclosure_request.department == catalog["civil"]
    from pages.catalog import create_portal, ensure_department

    other = create_portal("other", "另一镇", "另一镇人民政府")
    foreign = ensure_department(other, "财政所", "财政")
    with pytest.raises(services.RequestError):
        services.assign(disclosure_request, foreign)


def test_correction_restarts_the_clock(submit, office):
    disclosure_request = submit(on="2025-03-03")
    assert disclosure_request.due_on == D("2025-03-31")
    with travel("2025-03-05"):
        disclosure_request = services.request_correction(disclosure_request, office, "请补充所需信息的文号和年份")
    assert disclosure_request.state == RequestState.CORRECTION
    assert disclosure_request.correction_due_on == D("2025-03-26")  # 15 working days (settings)
    assert disclosure_request.due_on is None
    with pytest.raises(services.RequestError, match="一次性"):
        services.request_correction(disclosure_request, office, "再补正一次")
    with travel("2025-03-20"):
        disclosure_request = services.receive_correction(disclosure_request, office)
    # 20 working days from 21 March; 4 April 2025 (清明) is off.
    assert disclosure_request.clock_start_on == D("2025-03-20")
    assert disclosure_request.due_on == D("2025-04-18")
    assert disclosure_request.state == RequestState.PROCESSING
    with pytest.raises(services.RequestError):  # only one correction per request
        services.request_correction(disclosure_request, office, "再补正")


def test_no_correction_in_time_is_treated_as_withdrawn(submit, office, portal):
    disclosure_request = submit(on="2025-03-03")
    with travel("2025-03-05"):
        services.request_correction(disclosure_request, office, "请明确所需信息")
    assert services.expire_corrections(on=D("2025-03-26")) == 0  # the last day is still in time
    assert services.expire_corrections(on=D("2025-03-27")) == 1
    disclosure_request.refresh_from_db()
    assert disclosure_request.state == RequestState.ABANDONED and disclosure_request.answer_type == "other_1"
    with pytest.raises(services.RequestError):
        services.receive_correction(disclosure_request, office, received_on=D("2025-03-27"))


def test_consultation_pauses_the_clock(submit, office):
    disclosure_request = submit(on="2025-03-03")
    with travel("2025-03-05"):  # while the reply is not yet due, the clock stands still
        consultation = services.start_consultation(
            disclosure_request, office, "third_party", "某公司", started_on=D("2025-03-05")
        )
    assert consultation.reply_due_on == D("2025-03-26")  # 15 working days for the third party
    disclosure_request.refresh_from_db()
    assert (
        disclosure_request.state == RequestState.CONSULTING
        and disclosure_request.due_paused
        and disclosure_request.due_on is None
    )
    assert disclosure_request.due_display() == "征求意见期间不计入期限"
    with travel("2025-03-11"):
        services.end_consultation(consultation, office, ended_on=D("2025-03-11"))
    disclosure_request.refresh_from_db()
    assert disclosure_request.state == RequestState.PROCESSING
    assert disclosure_request.due_on == D("2025-04-07")  # 6–11 March not counted


def test_one_extension_recorded_with_approver_reason_and_applicant_told(
    submit, catalog, office, users, django_capture_on_commit_callbacks
):
    from django.core import mail

    disclosure_request = submit(on="2024-09-30")
    disclosure_request = services.assign(disclosure_request, catalog["civil"])
    with pytest.raises(services.RequestError, match="负责人"):
        services.extend(disclosure_request, users["civil_editor"], 10, "信息量大")
    with pytest.raises(services.RequestError, match="1至20"):
        services.extend(disclosure_request, office, 21, "信息量大")
    with pytest.raises(services.RequestError, match="理由"):
        services.extend(disclosure_request, office, 20, " ")
    with travel("2024-10-25"), django_capture_on_commit_callbacks(execute=True):
        disclosure_request = services.extend(
            disclosure_request, office, 20, "需调取多个年度档案", applicant_notified_on=D("2024-10-25")
        )
    assert disclosure_request.state == RequestState.EXTENDED
    assert disclosure_request.due_on == D("2024-11-29")
    assert (
        disclosure_request.extension_approved_by == office
        and disclosure_request.extension_reason == "需调取多个年度档案"
    )
    assert any("延期" in m.subject and m.to == ["zhang@example.com"] for m in mail.outbox)
    with pytest.raises(services.RequestError, match="一次"):
        services.extend(disclosure_request, office, 5, "再延")


def test_answer_generates_docx_from_the_office_template_and_links_entries(submit, catalog, office, portal):
    entry = new_entry(catalog["dibao"], title="2025年低保资金发放情况")
    AnswerTemplate.objects.all().delete()
    AnswerTemplate.objects.create(
        name="公开模板",
        answer_group="disclose",
        title="{body_name}答复书",
        body="{applicant_name}：\n经审查，{answer_type}。\n{entries}\n查询码{tracking_code}",
    )
    disclosure_request = submit(on="2025-03-03")
    with pytest.raises(services.RequestError):
        services.answer(disclosure_request, office, "not-a-category")
    with pytest.raises(services.RequestError):
        services.answer(disclosure_request, office, "unable_1", entries=[entry])
    with travel("2025-03-20"):
        disclosure_request = services.answer(disclosure_request, office, "disclose", "详见附件", entries=[entry])
    assert disclosure_request.state == RequestState.ANSWERED and disclosure_request.answered_on == D("2025-03-20")
    assert list(disclosure_request.answer_entries.all()) == [entry]
    document = Document(io.BytesIO(disclosure_request.answer_document.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "测试镇人民政府答复书" in text
    assert "张三丰：" in text and "经审查，予以公开。" in text
    assert "2025年低保资金发放情况" in text and disclosure_request.tracking_code in text
    signed = SimpleUploadedFile("signed.pdf", b"%PDF-1.7 signed")
    disclosure_request = services.record_delivery(
        disclosure_request, office, "email", delivered_on=D("2025-03-21"), signed_file=signed
    )
    assert disclosure_request.delivered_on == D("2025-03-21") and disclosure_request.signed_document.name.endswith(
        ".pdf"
    )
    disclosure_request = services.close(disclosure_request, office)
    assert disclosure_request.state == RequestState.CLOSED
    assert [e.action for e in disclosure_request.events.all()] == ["received", "answered", "delivered", "closed"]


def test_every_official_category_is_an_answer_type():
    assert len(ANSWER_TYPE_CODES) == 2 + 8 + 3 + 5 + 3
    assert len(set(ANSWER_TYPE_CODES)) == len(ANSWER_TYPE_CODES)


def test_table3_counts_columns_results_and_carry_over(submit, office, portal):
    # Carried over from 2024 (answered 2025-01-10), concluded in 2024, a business's partly disclosed.
    requests_around_2025(submit, office, "withhold_4", "涉及第三方个人隐私")
    # New in 2025 by kind.
    lab = organization_request(submit, "2025-04-01", "research", "科研")
    with travel("2025-04-02"):
        services.request_correction(lab, office, "请明确")
    services.expire_corrections(on=D("2025-06-01"))
    withdrawn = submit(on="2025-05-06", description="撤回")
    with travel("2025-05-07"):
        services.withdraw(withdrawn)
    submit(on="2025-12-25", description="结转下年")

    table = table3(portal, 2025)
    col = TABLE3_COLUMNS.index
    assert table["一、本年新收政府信息公开申请数量"] == [2, 1, 1, 0, 0, 0, 4]
    assert table["二、上年结转政府信息公开申请数量"] == [1, 0, 0, 0, 0, 0, 1]
    assert table["三、（三）不予公开 4.保护第三方合法权益"][col("自然人")] == 1
    assert table["三、（二）部分公开 部分公开（区分处理的，只计这一情形，不计其他情形）"][col("商业企业")] == 1
    assert (
        table["三、（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"][col("科研机构")]
        == 1
    )
    assert table["三、（六）其他处理 3.其他"][col("自然人")] == 1
    assert table["三、（一）予以公开 予以公开"] == [0] * 7
    assert table["三、（七）总计"][-1] == 4
    assert table["四、结转下年度继续办理"] == [1, 0, 0, 0, 0, 0, 1]
    # The consistency rule printed on the form: 一 + 二 = 三（七） + 四, per column.
    for i in range(len(TABLE3_COLUMNS)):
        assert (
            table["一、本年新收政府信息公开申请数量"][i] + table["二、上年结转政府信息公开申请数量"][i]
            == table["三、（七）总计"][i] + table["四、结转下年度继续办理"][i]
        )


@pytest.mark.django_db
def test_provisional_deadlines_recomputed_when_the_office_enters_the_year(submit):
    from disclosure_requests.models import WorkCalendarDay, WorkCalendarYear

    disclosure_request = submit(on="2026-12-10")
    assert disclosure_request.due_on == D("2027-01-07") and disclosure_request.due_provisional
    year = WorkCalendarYear.objects.create(year=2027, basis="国务院办公厅通知")
    WorkCalendarDay.objects.create(calendar_year=year, date=D("2027-01-01"), kind="holiday", note="元旦")
    disclosure_request.refresh_from_db()
    assert disclosure_request.due_on == D("2027-01-08") and disclosure_request.due_provisional
    year.complete = True
    year.save()
    disclosure_request.refresh_from_db()
    assert disclosure_request.due_on == D("2027-01-08") and not disclosure_request.due_provisional
    assert disclosure_request.events.filter(action="deadline_recomputed").count() == 2


def test_library_upgrade_recomputes_via_command(submit, monkeypatch):
    from django.core.management import call_command

    from cms import workdays  # the one working-day calendar (disclosure_requests.deadlines re-exports it)

    disclosure_request = submit(on="2026-12-10")
    assert disclosure_request.due_provisional
    # Simulate a chinesecalendar release that knows 2027 with 1 January off.
    real = workdays.chinese_calendar.is_workday

    def upgraded(day):
        if day.year == 2027:
            return day.weekday() < 5 and day != D("2027-01-01")
        return real(day)

    monkeypatch.setattr(workdays.chinese_calendar, "is_workday", upgraded)
    out = io.StringIO()
    call_command("recompute_disclosure_deadlines", stdout=out)
    disclosure_request.refresh_from_db()
    assert disclosure_request.due_on == D("2027-01-08") and not disclosure_request.due_provisional
    assert "1 件" in out.getvalue()
    assert DisclosureRequest.objects.filter(due_provisional=True).count() == 0
