"""常见问题: the office collects published answers into the FAQ page. The page shows an answer only
while its ``QuestionAnswerEntry`` is public (the one public rule), so collecting one that is still
in review shows nothing until it is approved."""

from pages.models import QuestionAnswerEntry
from pages.permissions import is_office

from .common import require


def mark_frequently_asked(question, user, frequently_asked=True):
    require(is_office(user, question.portal), "只有政务公开办公室可以整理常见问题")
    require(not frequently_asked or question.answer_entry_id, "答复公开后才能收入常见问题")
    question.frequently_asked = frequently_asked
    question.save(update_fields=["frequently_asked"])
    return question


def frequently_asked_answers(portal):
    """The public answers the office collected, grouped by category then newest first."""
    from ..models import Question

    collected = Question.objects.filter(portal=portal, frequently_asked=True).values("answer_entry")
    return (
        QuestionAnswerEntry.objects.disclosed()
        .filter(portal=portal, pk__in=collected)
        .order_by("question_category", "-published_on", "-pk")
    )
