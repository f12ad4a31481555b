"""政务咨询 through the services: intake, deadline, the transitions table, overdue and the
inspection's veto item, publication of the answer through the ordinary review."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from interaction import services
from interaction.models import Question, QuestionState, months_before
from interaction.transitions import QUESTION_TRANSITIONS, available, refusal
from pages.models import DisclosureEntry, QuestionAnswerEntry
from workflows import services as review

from ..factories import ASKER, travel

D = datetime.date.fromisoformat
pytestmark = pytest.mark.django_db


def test_a_question_is_stored_with_a_code_and_a_deadline_from_the_one_calendar(ask, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(on="2025-09-26")  # a Friday before the National Day holidays (1–8 October)
    assert question.pk and question.tracking_code.startswith("ZX") and len(question.tracking_code) == 12
    assert question.state == QuestionState.RECEIVED and question.received_on == D("2025-09-26")
    # 5 working days: 28 (调休 Sunday), 29, 30 September, then 9 (Thursday) and 10 October.
    assert question.due_on == D("2025-10-10") and not question.due_provisional
    receipt = [m for m in mail.outbox if m.to == ["asker@example.invalid"]]
    assert receipt and question.tracking_code in receipt[0].body


def test_the_answer_period_is_a_setting(ask, settings):
    settings.QUESTION_ANSWER_WORKING_DAYS = 1
    assert ask(on="2025-03-07").due_on == D("2025-03-10")  # Friday → Monday


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"phone": "", "email": ""}, "phone", "联系电话和电子邮箱至少填写一项"),
        ({"subject": "  "}, "subject", "请填写主题"),
        ({"category": "nonsense"}, "category", "请选择留言类型"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(portal, overrides, field, message):
    with pytest.raises(ValidationError) as exc:
        services.submit_question(portal, dict(ASKER, **overrides))
    assert field in exc.value.message_dict and message in "".join(exc.value.message_dict[field])
    assert not Question.objects.exists()


def test_a_retry_with_the_same_key_never_makes_two(ask):
    first = ask(key="abc-1")
    second = ask(key="abc-1")
    assert first.pk == second.pk and Question.objects.count() == 1


def test_transitions_table_states_and_office_only():
    assert QUESTION_TRANSITIONS["assign"].office_only and QUESTION_TRANSITIONS["dismiss"].office_only
    assert not QUESTION_TRANSITIONS["answer"].office_only
    question = Question(state=QuestionState.RECEIVED, consent_to_publish=True)
    assert available(QUESTION_TRANSITIONS, question, office=True) == ["assign", "dismiss"]
    assert available(QUESTION_TRANSITIONS, question, office=False) == []
    assert refusal(QUESTION_TRANSITIONS, question, "answer") == "当前状态为“待分派”，不能答复"
    question.state = QuestionState.ANSWERED
    question.consent_to_publish = False
    assert refusal(QUESTION_TRANSITIONS, question, "publish") == "留言人未同意公开，答复不能公开"


def test_office_assigns_the_department_answers_others_cannot(ask, roles, catalog, django_capture_on_commit_callbacks):
    question = ask()
    with pytest.raises(PermissionDenied):
        services.assign_question(question, roles["civil_editor"], catalog["civil"])  # not the office
    services.assign_question(question, roles["office"], catalog["civil"])
    with pytest.raises(PermissionDenied, match="无权办理"):
        services.answer_question(question, roles["finance_editor"], "不是我们部门")
    with pytest.raises(ValidationError):
        services.answer_question(question, roles["civil_editor"], "  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answered = services.answer_question(question, roles["civil_editor"], "请携带户口簿和收入证明。")
    assert answered.state == QuestionState.ANSWERED and answered.answered_by == roles["civil_editor"]
    assert [m.to for m in mail.outbox] == [["asker@example.invalid"]] and "户口簿" in mail.outbox[0].body
    with pytest.raises(PermissionDenied, match="当前状态为“已答复”"):
        services.answer_question(question, roles["civil_editor"], "again")


def test_department_staff_see_only_their_questions(ask, roles, catalog):
    mine, other = ask(), ask(subject="另一个问题")
    services.assign_question(mine, roles["office"], catalog["civil"])
    services.assign_question(other, roles["office"], catalog["finance"])
    assert list(services.visible_questions(roles["civil_editor"])) == [mine]
    assert set(services.visible_questions(roles["office"])) == {mine, other}


def test_overdue_and_the_three_month_veto_item(ask, roles, catalog):
    open_old = ask(on="2025-01-06")
    answered_late = ask(on="2025-01-06")
    answered_in_time = ask(on="2025-03-03")
    recent = ask(on="2025-05-06")
    too_old = ask(on="2024-03-04")  # more than a year ago: outside the inspection's window
    for q in (answered_late, answered_in_time, open_old):
        services.assign_question(q, roles["office"], catalog["civil"])
    with travel("2025-03-05"):
        services.answer_question(answered_in_time, roles["civil_editor"], "已答复")
    with travel("2025-04-08"):  # 3 months and 2 days after 6 January
        services.answer_question(answered_late, roles["civil_editor"], "迟到的答复")
    today = D("2025-05-08")
    assert set(Question.objects.overdue(today)) == {open_old, too_old}  # recent is due 13 May
    assert set(Question.objects.veto_items(today)) == {open_old, answered_late}
    assert not Question.objects.veto_items(D("2025-04-05")).filter(pk=open_old.pk).exists()  # not yet 3 months
    assert recent.is_overdue(D("2025-05-14"))


def test_months_before():
    assert months_before(D("2025-05-31"), 3) == D("2025-02-28")
    assert months_before(D("2025-02-15"), 3) == D("2024-11-15")
    assert months_before(D("2025-03-01"), 12) == D("2024-03-01")


def answered_question(ask, roles, catalog, **overrides):
    question = ask(**overrides)
    services.assign_question(question, roles["office"], catalog["civil"])
    return services.answer_question(question, roles["civil_editor"], "请携带户口簿和收入证明到民政办办理。")


def test_the_answer_is_public_only_after_the_ordinary_review(ask, roles, catalog):
    question = answered_question(ask, roles, catalog)
    entry = services.publish_answer(question, roles["civil_editor"])
    assert isinstance(entry, QuestionAnswerEntry) and not entry.live
    assert entry.get_parent().title == "民政办" and entry.get_parent().get_parent().title == "政务咨询"
    # The asker's name and phone never reach the public text.
    assert "张小明" not in entry.summary and "13912345678" not in entry.summary and "139****5678" in entry.summary
    assert not DisclosureEntry.objects.disclosed().filter(pk=entry.pk).exists()
    with pytest.raises(PermissionDenied, match="已生成公开信息"):
        services.publish_answer(question, roles["civil_editor"])
    editor = type(roles["civil_editor"]).objects.get(
        pk=roles["civil_editor"].pk
    )  # page permissions are cached per user object
    review.submit(entry, editor)
    review.approve(entry, roles["civil_reviewer"])  # 部门审核: the answering department's reviewers
    assert not DisclosureEntry.objects.disclosed().filter(pk=entry.pk).exists()
    review.approve(entry, roles["leader"])
    published = QuestionAnswerEntry.objects.disclosed().get(pk=entry.pk)
    assert published.index_number and published.asked_on == question.received_on


def test_without_consent_nothing_is_published(ask, roles, catalog):
    question = answered_question(ask, roles, catalog, consent_to_publish=False)
    with pytest.raises(PermissionDenied, match="未同意公开"):
        services.publish_answer(question, roles["office"])
    assert not QuestionAnswerEntry.objects.exists()


def test_the_status_never_shows_contact_data(ask, roles, catalog):
    question = answered_question(ask, roles, catalog)
    status = services.public_status(services.find_by_code(question.tracking_code.lower()))
    assert status["answer"].startswith("请携带") and status["department"] == "民政办"
    assert "13912345678" not in str(status) and "asker@example.invalid" not in str(status)
    assert services.find_by_code("ZXNOTACODE00") is None


def test_days_waiting_counts_to_the_day_the_answer_was_given_in_china():
    """An answer given at 02:00 in Beijing (18:00 UTC the day before) was given that Beijing day."""
    question = Question(
        received_on=datetime.date(2026, 11, 30),
        answered_at=datetime.datetime(2026, 11, 30, 18, 0, tzinfo=datetime.timezone.utc),
    )
    assert question.days_waiting() == 1
