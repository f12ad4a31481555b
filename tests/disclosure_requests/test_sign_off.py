"""Four-eyes on the legal decision: a department prepares the 答复, the disclosure office reads
the preview and signs it off (签发) or returns it. Nothing is numbered, generated, sent or
counted before 签发, and nobody but the office issues an answer."""

import pytest
from django.core import mail

from disclosure_requests import services
from disclosure_requests.models import AnswerSettings, DisclosureRequest, RequestState
from disclosure_requests.next_steps import next_step

from ..factories import make_user, travel


@pytest.fixture
def people(catalog):
    return {
        "office": make_user("office", superuser=True),
        "clerk": make_user("civil_clerk", catalog["civil"].editors_group),
    }


@pytest.fixture
def assigned(submit, catalog, people, portal):
    AnswerSettings.objects.create(portal=portal, number_prefix="测政公复", review_body="某某县人民政府")
    return services.assign(submit(on="2025-03-03"), catalog["civil"], people["office"])


def test_a_prepared_answer_waits_for_the_office(assigned, people):
    with travel("2025-03-10"):
        prepared = services.prepare_answer(assigned, people["clerk"], "unable_1", "经查，本机关未制作该信息")
    stored = DisclosureRequest.objects.get(pk=assigned.pk)
    assert stored.state == RequestState.PROCESSING and stored.answer_type == "" and not stored.answer_number
    assert not stored.answer_document and stored.answer_draft["prepared_by"] == people["clerk"].pk
    assert stored.events.filter(action="answer_prepared", public_text="答复已拟定，待审核签发").exists()
    assert "待您签发" in next_step(stored, office=True) and "等待政务公开办签发" in next_step(stored, office=False)
    title, lines = services.draft_preview(prepared)
    assert title and any("经查，本机关未制作该信息" in line for line in lines)
    assert any("某某县人民政府" in line for line in lines)  # the remedy wording is in the preview


def test_only_the_office_issues_and_the_preparer_cannot_sign_off(assigned, people, catalog):
    with pytest.raises(services.RequestError, match="政务公开办签发"):
        services.answer(assigned, people["clerk"], "unable_1")
    with pytest.raises(services.RequestError, match="没有待签发的答复"):
        services.sign_off_answer(assigned, people["office"])
    services.prepare_answer(assigned, people["clerk"], "unable_1")
    with pytest.raises(services.RequestError, match="只有政务公开办"):
        services.sign_off_answer(assigned, people["clerk"])
    # A user in the department and in the office still needs another pair of eyes for their own draft.
    both = make_user("both", catalog["civil"].editors_group, superuser=True)
    services.prepare_answer(assigned, both, "unable_1")
    DisclosureRequest.objects.filter(pk=assigned.pk).update(
        answer_draft={**DisclosureRequest.objects.get(pk=assigned.pk).answer_draft, "prepared_by_office": False}
    )
    with pytest.raises(services.RequestError, match="不能签发自己拟定的答复"):
        services.sign_off_answer(DisclosureRequest.objects.get(pk=assigned.pk), both)
    assert DisclosureRequest.objects.get(pk=assigned.pk).state == RequestState.PROCESSING


def test_sign_off_numbers_generates_and_tells_the_applicant(assigned, people, django_capture_on_commit_callbacks):
    services.prepare_answer(assigned, people["clerk"], "unable_1", "本机关不掌握")
    with django_capture_on_commit_callbacks(execute=True), travel("2025-03-12"):
        issued = services.sign_off_answer(assigned, people["office"], note="同意")
    assert issued.state == RequestState.ANSWERED and issued.answer_type == "unable_1"
    assert issued.answer_number.startswith("测政公复〔2025〕") and issued.answer_document
    assert issued.answer_draft == {} and issued.answered_by == people["office"]
    signed = issued.events.get(action="answer_signed_off")
    assert signed.data == {"prepared_by": people["clerk"].pk} and "同意" in signed.note
    assert any(issued.answer_number in m.body for m in mail.outbox)
    assert "登记送达" in next_step(issued, office=True)


def test_return_needs_a_comment_and_clears_the_draft(assigned, people):
    services.prepare_answer(assigned, people["clerk"], "unable_1")
    with pytest.raises(services.RequestError, match="修改意见"):
        services.return_answer(assigned, people["office"], "  ")
    returned = services.return_answer(assigned, people["office"], "请写明查找范围")
    assert returned.answer_draft == {} and returned.state == RequestState.PROCESSING
    assert "请写明查找范围" in returned.events.get(action="answer_returned").note
    with pytest.raises(services.RequestError, match="没有待签发的答复"):
        services.return_answer(returned, people["office"], "再退回")
