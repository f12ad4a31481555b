"""Daily reminders of 政务咨询 answer deadlines (Celery beat, ``interaction.daily`` in
CELERY_BEAT_SCHEDULE).

Before the deadline: a question due within QUESTION_REMINDER_WORKING_DAYS working days (default 1,
the one calendar) → the assigned department, or the office while nobody is assigned. After it:
an overdue question → the office and the department, every day until it is answered. Each
question is claimed for the day before its mail goes out, so a second run the same day sends
nothing; a failed send releases the claim. Mails name the question, never the asker's contact.
"""

from django.conf import settings
from django.utils import timezone

from cms import mail
from cms.workdays import WorkingCalendar, working_days_between

from .models import Question
from .services.common import admin_url, department_recipients, office_recipients

DUE_SOON, OVERDUE = "due_soon", "overdue"


def reminder_days():
    return int(getattr(settings, "QUESTION_REMINDER_WORKING_DAYS", 1))


def collect_reminders(on=None):
    """{(kind, recipients tuple): [questions]} of the open questions not yet reminded ``on``."""
    on = on or timezone.localdate()
    calendar = WorkingCalendar()
    batches = {}
    questions = (
        Question.objects.open()
        .filter(due_on__isnull=False)
        .exclude(reminded_on=on)
        .select_related("portal", "department")
        .order_by("due_on", "pk")
    )
    for question in questions:
        department = department_recipients(question.department) if question.department_id else []
        if question.due_on < on:
            kind, recipients = OVERDUE, office_recipients(question.portal) + department
        elif working_days_between(on, question.due_on, calendar) <= reminder_days():
            kind, recipients = DUE_SOON, department or office_recipients(question.portal)
        else:
            continue
        recipients = tuple(dict.fromkeys(recipients))
        if recipients:
            batches.setdefault((kind, recipients), []).append(question)
    return batches


def _line(question):
    department = question.department.name if question.department_id else "未分派"
    return f"{question.tracking_code}  《{question.subject}》  答复期限 {question.due_display()}  {department}"


def _message(kind, questions, recipients):
    if kind == DUE_SOON:
        subject = f"【政务咨询】{len(questions)} 件留言即将到期"
        intro = f"以下留言距答复期限不足 {reminder_days()} 个工作日，请及时答复："
    else:
        subject = f"【政务咨询】{len(questions)} 件留言已超过答复期限"
        intro = "以下留言已超过答复期限，请督促办理（超过3个月未答复为网站检查单项否决项）："
    lines = "\n".join(_line(q) for q in questions)
    return subject, f"{intro}\n{lines}\n\n{admin_url('/admin/interaction/questions/')}\n", list(recipients)


def send_reminders(on=None):
    """One e-mail per kind and recipient list. → the number of e-mails sent."""
    on = on or timezone.localdate()
    sent = 0
    for (kind, recipients), questions in collect_reminders(on).items():
        claimed = [
            q for q in questions if Question.objects.filter(pk=q.pk).exclude(reminded_on=on).update(reminded_on=on)
        ]
        if not claimed:
            continue
        count = mail.send_now([_message(kind, claimed, recipients)], what="政务咨询提醒邮件")
        if not count:
            Question.objects.filter(pk__in=[q.pk for q in claimed]).update(reminded_on=None)
        sent += count
    return sent
