"""Daily oversight of disclosure requests (Celery beat, CELERY_BEAT_SCHEDULE in settings).

Order matters: provisional deadlines are recomputed first (a chinesecalendar upgrade or the
office's calendar entry may have moved them), missed corrections become 视为放弃, then the
reminders go out: due within DISCLOSURE_REMINDER_WORKING_DAYS working days → the assigned
department; overdue → the disclosure office.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from . import deadlines
from .disclosure_requests import (
    department_recipients,
    expire_corrections,
    office_recipients,
    recompute_provisional_deadlines,
    today,
    urgency,
)
from .request_models import OPEN_STATES, DisclosureRequest, RequestState

logger = logging.getLogger(__name__)


def _line(request):
    due = request.correction_due_on if request.state == RequestState.CORRECTION else request.due_on
    department = request.department.name if request.department_id else "未分派"
    provisional = "（暂定）" if request.due_provisional else ""
    return f"{request.tracking_code}  {request.get_state_display()}  期限 {due}{provisional}  {department}"


def collect_reminders(on=None):
    """{(kind, recipients tuple): [requests]} for due-soon (department) and overdue (office)."""
    on = on or today()
    calendar = deadlines.WorkingCalendar()
    batches = {}
    queryset = DisclosureRequest.objects.filter(state__in=OPEN_STATES).exclude(state=RequestState.CORRECTION) \
        .select_related("portal", "department")
    for request in queryset:
        level = urgency(request, on, calendar)
        if level == "due_soon" and request.department_id:
            key = ("due_soon", tuple(department_recipients(request.department)))
        elif level == "due_soon":  # nobody assigned yet: the office must act
            key = ("due_soon", tuple(office_recipients(request.portal)))
        elif level == "overdue":
            key = ("overdue", tuple(office_recipients(request.portal)))
        else:
            continue
        if key[1]:
            batches.setdefault(key, []).append(request)
    return batches


def send_reminders(on=None):
    """Send one e-mail per recipient list and kind. Returns the number of e-mails sent."""
    sent = 0
    messages = []
    for (kind, recipients), requests in collect_reminders(on).items():
        if kind == "due_soon":
            subject = f"【依申请公开】{len(requests)} 件申请即将到期"
            intro = f"以下申请距答复期限不足 {settings.DISCLOSURE_REMINDER_WORKING_DAYS} 个工作日，请抓紧办理："
        else:
            subject = f"【依申请公开】{len(requests)} 件申请已超过答复期限"
            intro = "以下申请已超过法定答复期限，请督促办理："
        body = intro + "\n" + "\n".join(_line(r) for r in requests) + "\n"
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, list(recipients)))
    if messages:
        try:
            sent = get_connection().send_messages(messages) or 0
        except Exception:
            logger.exception("依申请公开提醒邮件发送失败")
    return sent


def run_daily(on=None):
    recomputed = recompute_provisional_deadlines()
    abandoned = expire_corrections(on)
    sent = send_reminders(on)
    return {"recomputed": recomputed, "abandoned": abandoned, "emails": sent}


@shared_task(name="workflows.disclosure_request_reminders")
def disclosure_request_reminders():
    return run_daily()
