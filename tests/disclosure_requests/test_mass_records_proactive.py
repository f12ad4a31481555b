"""Issue 17, milestone 4: mass or frequent requests (条例 Art. 35), correcting records about the
applicant (Art. 41) and information requested again and again made proactive (Art. 44)."""

import datetime

import pytest
from django.core import mail

from disclosure_requests import services, transitions
from pages.models import DisclosureEntry

from ..factories import make_user, new_entry, travel

D = datetime.date.fromisoformat


@pytest.fixture
def office(portal):
    return make_user("office", superuser=True)


def test_mass_request_asks_for_reasons_then_refuses_or_defers(
    submit, office, catalog, django_capture_on_commit_callbacks
):
    unreasonable = submit(on="2025-03-03", description="申请一")
    with pytest.raises(services.RequestError, match="须先要求申请人说明理由"):
        services.answer(unreasonable, office, "reject_4", details={"reasons": "无正当理由"})
    with pytest.raises(services.RequestError, match="须先要求申请人说明理由"):
        services.defer_answer(unreasonable, office, D("2025-05-30"), "理由合理")
    unreasonable = services.assign(unreasonable, catalog["civil"], office)
    # Asking for reasons and deferring are the office's decisions, not the department's.
    assert not {"mass_reasons", "defer"} & set(transitions.available(unreasonable, office=False))
    with travel("2025-03-05"), django_capture_on_commit_callbacks(execute=True):
        unreasonable = services.request_reasons(unreasonable, office, "一个月内提出120件申请，请说明用途")
    assert unreasonable.reasons_requested_on == D("2025-03-05")
    assert any("说明理由" in m.subject and "120件" in m.body for m in mail.outbox)
    assert unreasonable.events.filter(action="mass_reasons_requested").exists()
    with pytest.raises(services.RequestError, match="已要求"):
        services.request_reasons(unreasonable, office, "再次")
    with travel("2025-03-20"):
        refused = services.answer(unreasonable, office, "reject_4", details={"reasons": "未说明用途"})
    assert refused.answer_type == "reject_4" and refused.answer_kind == "mass"

    reasonable = submit(on="2025-03-03", description="申请二")
    assert reasonable.due_on == D("2025-03-31")
    with travel("2025-03-05"):
        reasonable = services.request_reasons(reasonable, office, "请说明用途")
    with pytest.raises(services.RequestError, match="须晚于当前答复期限"):
        services.defer_answer(reasonable, office, D("2025-03-28"), "理由合理")
    with travel("2025-03-20"), django_capture_on_commit_callbacks(execute=True):
        reasonable = services.defer_answer(reasonable, office, D("2025-05-30"), "用于学术研究，信息量大")
    assert reasonable.due_on == D("2025-05-30") and reasonable.deferred_due_on == D("2025-05-30")
    assert any("延迟答复" in m.subject and "2025-05-30" in m.body for m in mail.outbox)
    services.refresh_deadline(reasonable)  # any recomputation keeps the later date
    assert reasonable.due_on == D("2025-05-30")

    # While the clock is paused (here: a fee notice) there is no deadline to defer beyond: say so.
    paused = submit(on="2025-03-03", description="申请三")
    with travel("2025-03-05"):
        paused = services.request_reasons(paused, office, "请说明用途")
        paused = services.issue_fee_notice(paused, office, None, "per_volume", pages=45)
    assert paused.due_on is None
    with pytest.raises(services.RequestError, match="暂停计算") as refused:
        services.defer_answer(paused, office, D("2025-05-30"), "理由合理")
    assert "None" not in str(refused.value)
    assert "延迟至 2025-05-30" in reasonable.events.last().public_text


def test_records_correction_outcomes_are_recorded_and_told(submit, office, django_capture_on_commit_callbacks):
    disclosure_request = submit(on="2025-03-03", description="本人低保档案中的家庭人口记录有误")
    with pytest.raises(services.RequestError, match="有权更正"):
        services.correct_records(disclosure_request, office, "forwarded", "属县民政局职能")
    with pytest.raises(services.RequestError, match="处理结果"):
        services.correct_records(disclosure_request, office, "deleted", "x")
    with django_capture_on_commit_callbacks(execute=True):
        disclosure_request = services.correct_records(
            disclosure_request, office, "corrected", "家庭人口由4人更正为3人（户口簿为证）"
        )
    event = disclosure_request.events.get(action="records_corrected")
    assert event.public_text == "更正申请：经审核属实，已予更正" and "户口簿" in event.note
    assert event.data == {"outcome": "corrected"}
    assert any("更正" in m.subject and "4人更正为3人" in m.body for m in mail.outbox)
    services.correct_records(disclosure_request, office, "referred", "不属本机关职能", other_body="县公安局")
    assert disclosure_request.events.filter(public_text__contains="县公安局").exists()
    withdrawn = services.withdraw(submit(on="2025-03-03", description="另一"), office)
    with pytest.raises(services.RequestError, match="不能处理更正申请"):
        services.correct_records(withdrawn, office, "corrected", "x")


def test_answer_becomes_a_draft_proactive_entry_for_normal_review(submit, office, catalog):
    provided = new_entry(catalog["dibao"], title="2024年低保资金发放情况")
    disclosure_request = services.assign(submit(on="2025-03-03"), catalog["civil"], office)
    with pytest.raises(services.RequestError, match="只有予以公开或部分公开"):
        services.propose_proactive(disclosure_request, office, catalog["dibao"], "低保资金")
    with travel("2025-03-10"):
        disclosure_request = services.answer(disclosure_request, office, "disclose", "", [provided])
    with pytest.raises(services.RequestError, match="承办部门"):
        services.propose_proactive(disclosure_request, office, catalog["budget"], "低保资金")
    with pytest.raises(services.RequestError, match="标题"):
        services.propose_proactive(disclosure_request, office, catalog["dibao"], " ")
    entry = services.propose_proactive(
        disclosure_request, office, catalog["dibao"], "2024年各村低保资金发放汇总", "多次被申请，转为主动公开"
    )
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert not entry.live and entry.index_number is None and entry.has_unpublished_changes
    assert entry.get_parent().specific == catalog["dibao"] and entry.department == catalog["civil"]
    assert "2024年低保资金发放情况" in entry.body and "多次被申请" in entry.body
    assert disclosure_request.applicant_name not in entry.body + entry.title + entry.summary
    event = disclosure_request.events.get(action="proactive_proposed")
    assert event.data == {"entry": entry.pk} and "草稿待审核" in event.public_text
    assert DisclosureEntry.objects.disclosed().filter(pk=entry.pk).count() == 0
    refused = services.answer(
        submit(on="2025-03-04", description="x"), office, "withhold_1", details={"reasons": "涉密"}
    )
    with pytest.raises(services.RequestError, match="只有予以公开或部分公开"):
        services.propose_proactive(refused, office, catalog["dibao"], "标题")


def test_disclosing_over_a_third_partys_objection_writes_the_notice(submit, office, catalog):
    import io
    import zipfile

    from disclosure_requests.case_file import build_case_file

    provided = new_entry(catalog["dibao"], title="某公司承包合同")
    disclosure_request = submit(on="2025-03-03")
    with travel("2025-03-04"):
        services.start_consultation(disclosure_request, office, "third_party", "某建筑有限公司", D("2025-03-04"))
    with travel("2025-03-10"):
        services.end_consultation(
            disclosure_request.consultations.get(), office, D("2025-03-10"), "涉及商业秘密，不同意公开", objected=True
        )
        services.start_consultation(disclosure_request, office, "other_body", "县财政局", D("2025-03-10"))
    with travel("2025-03-11"):
        other = disclosure_request.consultations.get(kind="other_body")
        services.end_consultation(other, office, D("2025-03-11"), objected=True)  # another body cannot object
    assert disclosure_request.consultations.get(kind="third_party").objected
    assert not disclosure_request.consultations.get(kind="other_body").objected
    with pytest.raises(services.AnswerDetailsMissing) as refused, travel("2025-03-12"):
        services.answer(disclosure_request, office, "disclose", entries=[provided])
    assert set(refused.value.errors) == {"disclosed_content", "public_interest"}
    # Not disclosing needs no notice.
    details = {"disclosed_content": "合同价款及工期条款", "public_interest": "涉及公共资金使用，不公开将影响公众监督"}
    with travel("2025-03-12"):
        disclosure_request = services.answer(disclosure_request, office, "disclose", "", [provided], details=details)
    event = disclosure_request.events.get(action="third_party_notice")
    assert event.note.startswith("某建筑有限公司：") and "第三十二条" in event.note
    assert "合同价款及工期条款" in event.note and "不公开将影响公众监督" in event.note
    assert disclosure_request.applicant_name not in event.note and disclosure_request.tracking_code not in event.note
    _, content = build_case_file(disclosure_request)
    archive = zipfile.ZipFile(io.BytesIO(content))
    letter = archive.read(f"03-告知书/第三方告知书-{event.pk}.txt").decode()
    assert "合同价款及工期条款" in letter


def test_a_refusal_after_an_objection_needs_no_notice(submit, office):
    disclosure_request = submit(on="2025-03-03")
    with travel("2025-03-04"):
        services.start_consultation(disclosure_request, office, "third_party", "某公司", D("2025-03-04"))
    with travel("2025-03-10"):
        services.end_consultation(disclosure_request.consultations.get(), office, D("2025-03-10"), objected=True)
        refused = services.answer(disclosure_request, office, "withhold_4", details={"reasons": "第三方不同意"})
    assert not refused.events.filter(action="third_party_notice").exists()
