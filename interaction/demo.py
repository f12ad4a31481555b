"""Demo questions and a consultation for ``load_demo``: answered questions (one published through
the pipeline), one overdue, one unanswered for more than 3 months (the dashboard's veto panel),
one just received; and a consultation whose period is over, with opinions, moderation and its
published 反馈情况, closed. Dates are relative to today; running it again adds nothing.

The services stamp "now" on what they record; the demo moves those stamps back afterwards
(``_backdate``), the only writes that do not go through them."""

import datetime

from django.db import transaction
from django.utils import timezone

from cms.workdays import add_working_days
from pages.models import DisclosureEntry, FivePublicType, Genre
from pages.publishing.pipeline import publish_entry

from . import services
from .models import Consultation, ConsultationComment, Question, answered_after_veto_limit
from .services.common import catalog_place

# (days ago received, days ago answered or None, department or None, category, subject, content, answer)
DEMO_QUESTIONS = [
    (
        40,
        37,
        "民政办",
        "consult",
        "临时救助怎么申请",
        "家里突发重病，想了解临时救助的申请条件和流程。",
        "可持身份证、户口簿和医疗费用票据到镇民政办或村委会提出申请，经审核公示后发放。",
    ),
    (
        12,
        9,
        "财政所",
        "consult",
        "耕地地力保护补贴何时发放",
        "今年的耕地地力保护补贴什么时候能到账？",
        "2026年耕地地力保护补贴预计于6月底前通过“一卡通”发放到户。",
    ),
    (20, None, "城建所", "suggest", "老街路灯不亮", "老街北段路灯已坏了两周，晚上出行不便，建议尽快维修。", ""),
    # Overdue but within 3 months: the demo town must pass its own 网站自查 (no veto item, issue 16).
    (60, None, "农技站", "help", "农机购置补贴申请无回复", "去年申请的农机购置补贴一直没有结果，请帮忙查询。", ""),
    (1, None, None, "leader", "建议增设便民服务点", "建议在东片村增设一个便民服务代办点，方便老人办事。", ""),
]
DEMO_OPINIONS = [
    ("建议将低保申请的审核时限缩短到15个工作日。", "adopted", "已在第八条采纳。"),
    ("希望公示期间公布举报电话。", "partly", "公示时公布镇民政办办公电话。"),
    ("建议取消入户调查环节。", "not_adopted", "入户调查为省级办法规定的必经程序。"),
]


def _backdate(question, received_on, answered_on=None):
    received_at = timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(9)))
    due = add_working_days(received_on, services.answer_working_days())
    fields = {
        "received_on": received_on,
        "received_at": received_at,
        "due_on": due.due,
        "due_provisional": due.provisional,
    }
    if question.assigned_at:
        fields["assigned_at"] = received_at + datetime.timedelta(hours=2)
    if answered_on:
        fields["answered_at"] = timezone.make_aware(datetime.datetime.combine(answered_on, datetime.time(15)))
        fields["answered_late"] = answered_after_veto_limit(received_on, answered_on)
    Question.objects.filter(pk=question.pk).update(**fields)


@transaction.atomic
def load_demo_questions(portal, user):
    if Question.objects.filter(portal=portal).exists():
        return 0
    today = timezone.localdate()
    for number, (received, answered, department, category, subject, content, answer) in enumerate(DEMO_QUESTIONS, 1):
        data = {
            "category": category,
            "subject": subject,
            "content": content,
            "asker_name": "王某某",
            "phone": f"1390000{number:04d}",
            "consent_to_publish": True,
        }
        question, _ = services.submit_question(portal, data, idempotency_key=f"demo-question-{portal.slug}-{number}")
        if department:
            question = services.assign_question(question, user, portal.departments.get(name=department))
        if answered is not None:
            question = services.answer_question(question, user, answer)
            if number == 1:  # one answer public, through the pipeline's guards
                entry = services.publish_answer(question, user)
                publish_entry(DisclosureEntry.objects.get(pk=entry.pk).specific)
        _backdate(
            question, today - datetime.timedelta(days=received), answered and today - datetime.timedelta(days=answered)
        )
    return len(DEMO_QUESTIONS)


@transaction.atomic
def load_demo_consultation(portal, user):
    if Consultation.objects.filter(portal=portal).exists():
        return None
    today = timezone.localdate()
    department = portal.departments.get(name="民政办")
    parent = catalog_place(portal, services.FEEDBACK_AREA, department)
    draft = DisclosureEntry(
        title="清河镇最低生活保障审核确认办法（征求意见稿）",
        body="<p>起草说明：为规范本镇最低生活保障审核确认工作，根据省、县有关规定，起草了本办法。</p>"
        "<p>第八条 镇民政办应当自受理申请之日起20个工作日内完成审核。</p>",
        department=department,
        genre=Genre.objects.get_or_create(name="意见")[0],
        five_public=FivePublicType.objects.filter(name="决策公开").first(),
        live=False,
    )
    parent.add_child(instance=draft)
    publish_entry(draft)
    opens_on = today - datetime.timedelta(days=45)
    consultation = services.open_consultation(
        portal,
        user,
        title="清河镇最低生活保障审核确认办法",
        draft_entry=draft,
        department=department,
        opens_on=opens_on,
        closes_on=today,
    )
    for n, (content, adoption, reason) in enumerate(DEMO_OPINIONS, 1):
        comment, _ = services.submit_comment(consultation, {"content": content}, f"demo-opinion-{portal.slug}-{n}")
        services.moderate_comment(comment, user, "accepted", adoption, reason)
    submitted = timezone.make_aware(
        datetime.datetime.combine(opens_on + datetime.timedelta(days=10), datetime.time(10))
    )
    ConsultationComment.objects.filter(consultation=consultation).update(submitted_at=submitted)
    Consultation.objects.filter(pk=consultation.pk).update(closes_on=opens_on + datetime.timedelta(days=29))
    consultation.refresh_from_db()
    feedback = services.prepare_feedback(consultation, user)
    publish_entry(DisclosureEntry.objects.get(pk=feedback.pk).specific)
    return services.close_consultation(consultation, user)
