"""The figures the annual report (一、总体情况) and the department 考核 read from interaction: read
rules as QuerySet methods that reports/ (the layer above) imports (issue 18)."""

import datetime

import pytest

from interaction import services
from interaction.models import Consultation, Question
from workflows import services as review

from ..factories import new_entry, open_consultation_on, travel

D = datetime.date.fromisoformat
pytestmark = pytest.mark.django_db
YEAR = (D("2025-01-01"), D("2025-12-31"))


@pytest.fixture
def year_of_questions(ask, roles, catalog):
    on_time, late, waiting, dismissed = (
        ask(on="2025-03-03", subject=s) for s in ("准时", "逾期答复", "未答", "不予受理")
    )
    last_year = ask(on="2024-11-04", subject="去年")
    for question in (on_time, late, last_year):
        services.assign_question(question, roles["office"], catalog["civil"])
    services.assign_question(waiting, roles["office"], catalog["finance"])
    services.dismiss_question(dismissed, roles["office"], "与本机关职责无关")
    with travel("2025-03-10"):  # the deadline day itself is on time
        services.answer_question(on_time, roles["civil_editor"], "已答复")
    with travel("2025-03-11"):
        services.answer_question(late, roles["civil_editor"], "已答复")
    return {"on_time": on_time, "late": late, "waiting": waiting, "last_year": last_year}


def test_answered_on_time_and_after_the_deadline(year_of_questions):
    q = year_of_questions
    assert q["on_time"].due_on == D("2025-03-10")
    assert list(Question.objects.answered_on_time()) == [q["on_time"]]
    assert list(Question.objects.answered_after_due()) == [q["late"]]


def test_figures_of_one_year(year_of_questions):
    figures = Question.objects.received_between(*YEAR).figures(today=D("2025-06-10"))
    assert figures == {
        "received": 4,
        "answered": 2,
        "answered_on_time": 1,
        "answered_after_due": 1,
        "dismissed": 1,
        "open": 1,
        "overdue": 1,
        "veto": 1,  # the finance question, unanswered for more than 3 months
    }


def test_per_department_for_the_kaohe_score(year_of_questions):
    rows = Question.objects.received_between(*YEAR).per_department(today=D("2025-06-10"))
    by_name = {row["department_name"]: row for row in rows}
    assert set(by_name) == {"民政办", "财政所"}  # the dismissed, unassigned question is nobody's
    assert by_name["民政办"]["answered"] == 2 and by_name["民政办"]["on_time_rate"] == 0.5
    assert by_name["财政所"]["on_time_rate"] is None and by_name["财政所"]["veto"] == 1


def test_consultation_figures(portal, roles, catalog):
    draft = new_entry(catalog["dibao"], title="低保审批办法（征求意见稿）")
    review.force_publish(draft, roles["leader"], "测试发布")
    today = datetime.date.today()
    consultation = open_consultation_on(draft, portal, roles, catalog, today - datetime.timedelta(days=29), today)
    for n, (moderation, adoption) in enumerate(
        [("accepted", "adopted"), ("accepted", "not_adopted"), ("rejected", "")]
    ):
        comment, _ = services.submit_comment(consultation, {"content": f"意见{n}"})
        services.moderate_comment(comment, roles["office"], moderation, adoption, reason="理由")
    figures = Consultation.objects.opened_between(today - datetime.timedelta(days=60), today).figures()
    assert figures == {
        "consultations": 1,
        "closed": 0,
        "opinions": 3,
        "adopted": 1,
        "partly_adopted": 0,
        "not_adopted": 1,
    }
    assert Consultation.objects.opened_between(*YEAR).figures()["opinions"] == (3 if today.year == 2025 else 0)
