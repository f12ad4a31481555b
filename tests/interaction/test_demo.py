"""The demo's questions and consultation (``load_demo``): something for every list and panel,
public only what passed the pipeline, and nothing added by a second run (issue 18)."""

import pytest
from django.test import Client

from interaction.demo import DEMO_QUESTIONS, load_demo_consultation, load_demo_questions
from interaction.models import Consultation, ConsultationState, Question
from pages.catalog import ensure_department
from pages.models import ConsultationFeedbackEntry, DisclosureEntry, QuestionAnswerEntry

from ..factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_questions_and_consultation(portal):
    for name in ("城建所", "农技站"):
        ensure_department(portal, name, name[:2])
    admin = make_user("demo_admin", superuser=True)
    assert load_demo_questions(portal, admin) == len(DEMO_QUESTIONS)
    questions = Question.objects.filter(portal=portal)
    assert questions.filter(state="answered").count() == 2
    assert set(questions.overdue().values_list("department__name", flat=True)) == {"城建所", "农技站"}
    # Overdue, but none past the inspection's 3 months: the demo passes its own self-check (issue 16).
    assert not questions.veto_items().exists()
    assert questions.filter(state="received").count() == 1
    answer = QuestionAnswerEntry.objects.disclosed().get()
    assert "王某某" not in answer.summary and "1390000" not in answer.summary

    consultation = load_demo_consultation(portal, admin)
    assert consultation.state == ConsultationState.CLOSED
    feedback = ConsultationFeedbackEntry.objects.disclosed().get()
    assert consultation.feedback_entry_id == feedback.pk and feedback.opinions_received == 3
    assert "入户调查为省级办法规定的必经程序" in Client().get(feedback.url).content.decode()

    entries = DisclosureEntry.objects.count()
    assert load_demo_questions(portal, admin) == 0 and load_demo_consultation(portal, admin) is None
    assert Question.objects.count() == len(DEMO_QUESTIONS) and Consultation.objects.count() == 1
    assert DisclosureEntry.objects.count() == entries
