"""Daily oversight of disclosure requests (Celery beat, CELERY_BEAT_SCHEDULE in settings).

Order matters: provisional deadlines are recomputed first (a chinesecalendar upgrade or the
office's calendar entry may have moved them), missed corrections and unpaid fees become
视为放弃, then the reminders go out: due within DISCLOSURE_REMINDER_WORKING_DAYS working days →
the assigned department; overdue → the disclosure office; a third party's reply (15 working
days) due within DISCLOSURE_CONSULTATION_REMINDER_WORKING_DAYS or overdue → the assigned
department, at most once a day per consultation.
"""

import logging

from django.conf import settings
from django.db.models import Q

from cms import mail

from . import deadlines
from .models import OPEN_STATES, DisclosureRequest, RequestConsultation, RequestState
from .services import (
    department_recipients,
    expire_corrections,
    expire_fees,
    lapse_consultations,
    office_recipients,
    purge_expired_claims,
    recompute_provisional_deadlines,
    today,
    urgency,
)

logger = logging.getLogger(__name__)


def _line(disclosure_request):
    due = (
        disclosure_request.correction_due_on
        if disclosure_request.state == RequestState.CORRECTION
        else disclosure_request.due_on
    )
    department = disclosure_request.department.name if disclosure_request.department_id else "未分派"
    provisional = "（暂定）" if disclosure_request.due_provisional else ""
    return f"{disclosure_request.tracking_code}  {disclosure_request.get_state_display()}  期限 {due}{provisional}  {department}"


def collect_reminders(on=None):
    """{(kind, recipients tuple): [requests]} for due-soon (department) and overdue (office)."""
    on = on or today()
    calendar = deadlines.WorkingCalendar()
    batches = {}
    queryset = (
        DisclosureRequest.objects.filter(state__in=OPEN_STATES)
        .exclude(state=RequestState.CORRECTION)
        .select_related("portal", "department")
    )
    for disclosure_request in queryset:
        level = urgency(disclosure_request, on, calendar)
        if level == "due_soon" and disclosure_request.department_id:
            key = ("due_soon", tuple(department_recipients(disclosure_request.department)))
        elif level == "due_soon":  # nobody assigned yet: the office must act
            key = ("due_soon", tuple(office_recipients(disclosure_request.portal)))
        elif level == "overdue":
            key = ("overdue", tuple(office_recipients(disclosure_request.portal)))
        else:
            continue
        if key[1]:
            batches.setdefault(key, []).append(disclosure_request)
    return batches


def send_reminders(on=None):
    """Send one e-mail per recipient list and kind. Returns the number of e-mails sent."""
    messages = []
    for (kind, recipients), requests in collect_reminders(on).items():
        if kind == "due_soon":
            subject = f"【依申请公开】{len(requests)} 件申请即将到期"
            intro = f"以下申请距答复期限不足 {settings.DISCLOSURE_REMINDER_WORKING_DAYS} 个工作日，请抓紧办理："
        else:
            subject = f"【依申请公开】{len(requests)} 件申请已超过答复期限"
            intro = "以下申请已超过法定答复期限，请督促办理："
        body = intro + "\n" + "\n".join(_line(r) for r in requests) + "\n"
        messages.append((subject, body, recipients))
    return mail.send_now(messages, what="依申请公开提醒邮件")


def send_correction_notice_warnings(on=None):
    """Before the 7 working days for the 补正 notice (Art. 30) run out: one e-mail per recipient list
    (the assigned department, else the office), every day of the warning window."""
    from .admin_views import correction_notice_q

    on = on or today()
    batches = {}
    for r in DisclosureRequest.objects.filter(correction_notice_q(on)).select_related("portal", "department"):
        recipients = department_recipients(r.department) if r.department_id else office_recipients(r.portal)
        if recipients:
            batches.setdefault(tuple(recipients), []).append(r)
    messages = [
        (
            f"【依申请公开】{len(requests)} 件申请的补正告知期限即将届满",
            "以下申请如需补正，须在补正告知期限内一次性告知申请人（条例第三十条），逾期不得再要求补正：\n"
            + "\n".join(
                f"{r.tracking_code}  补正告知期限 {r.correction_notice_due_on}  {r.department or '未分派'}"
                for r in requests
            )
            + "\n",
            list(recipients),
        )
        for recipients, requests in batches.items()
    ]
    return mail.send_now(messages, what="补正告知期限提醒邮件")


def consultation_reminder_days():
    return getattr(settings, "DISCLOSURE_CONSULTATION_REMINDER_WORKING_DAYS", 3)


def collect_consultation_reminders(on=None):
    """{recipients tuple: [consultations]}: third-party replies due within the configured working
    days or overdue, of requests still in consultation, not yet reminded ``on`` that day."""
    on = on or today()
    calendar = deadlines.WorkingCalendar()
    batches = {}
    consultations = (
        RequestConsultation.objects.filter(
            kind="third_party",
            ended_on=None,
            reply_due_on__isnull=False,
            disclosure_request__state=RequestState.CONSULTING,
        )
        .filter(Q(reminded_on=None) | ~Q(reminded_on=on))
        .select_related("disclosure_request__portal", "disclosure_request__department")
    )
    for consultation in consultations:
        left = deadlines.working_days_between(on, consultation.reply_due_on, calendar)
        if left > consultation_reminder_days():
            continue
        disclosure_request = consultation.disclosure_request
        recipients = (
            department_recipients(disclosure_request.department)
            if disclosure_request.department_id
            else office_recipients(disclosure_request.portal)
        )
        if recipients:
            batches.setdefault(tuple(recipients), []).append(consultation)
    return batches


def _consultation_line(consultation, on):
    disclosure_request = consultation.disclosure_request
    overdue = "已逾期" if consultation.reply_due_on < on else "即将到期"
    # The party may be a person's name: reminders go to staff who may see it, but keep it short.
    return (
        f"{disclosure_request.tracking_code}  征求第三方意见（{consultation.party}）  "
        f"答复期限 {consultation.reply_due_on}  {overdue}"
    )


def send_consultation_reminders(on=None):
    """One e-mail per recipient list. Each consultation is claimed for the day before sending
    (a second run the same day sends nothing); a failed send releases the claim."""
    on = on or today()
    sent = 0
    for recipients, consultations in collect_consultation_reminders(on).items():
        claimed = []
        for consultation in consultations:
            updated = (
                RequestConsultation.objects.filter(pk=consultation.pk)
                .filter(Q(reminded_on=None) | ~Q(reminded_on=on))
                .update(reminded_on=on)
            )
            if updated:
                claimed.append(consultation)
        if not claimed:
            continue
        body = (
            f"以下征求第三方意见的答复期限（{deadlines.THIRD_PARTY_REPLY_WORKING_DAYS}个工作日）"
            f"不足 {consultation_reminder_days()} 个工作日或已逾期，请跟进：\n"
            + "\n".join(_consultation_line(c, on) for c in claimed)
            + "\n"
        )
        delivered = mail.send_now(
            [(f"【依申请公开】{len(claimed)} 件征求第三方意见即将到期或已逾期", body, recipients)],
            what="征求意见提醒邮件",
        )
        sent += delivered
        if not delivered:  # the claim is released, so the next run tries again
            for consultation in claimed:
                RequestConsultation.objects.filter(pk=consultation.pk, reminded_on=on).update(
                    reminded_on=consultation.reminded_on
                )
    return sent


def run_daily(on=None):
    recomputed = recompute_provisional_deadlines()
    abandoned = expire_corrections(on)
    fees_unpaid = expire_fees(on)
    sent = send_reminders(on)
    correction_notice_emails = send_correction_notice_warnings(on)
    consultation_emails = send_consultation_reminders(on)
    consultations_lapsed = lapse_consultations(on)  # after the reminder that names them
    purge_expired_claims()  # intake's duplicate and receipt claims past their window
    return {
        "recomputed": recomputed,
        "abandoned": abandoned + fees_unpaid,
        "fees_unpaid": fees_unpaid,
        "emails": sent + consultation_emails + correction_notice_emails,
        "correction_notice_emails": correction_notice_emails,
        "consultation_emails": consultation_emails,
        "consultations_lapsed": consultations_lapsed,
    }
