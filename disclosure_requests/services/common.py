"""What every service shares: the error type, who sees what, recipients, the event log,
the row lock and the check against the transitions table."""

import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cms.mail import send_after_commit
from pages.permissions import department_staff, is_office, office_portals, office_users, staff_departments

from .. import transitions
from ..models import (
    DisclosureRequest,
    RequestEvent,
)

logger = logging.getLogger(__name__)

# Who the applicant is and how to reach them.
IDENTITY_FIELDS = [
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postal_code",
]
# Fields the applicant provides (the intake contract of the form and the API).
APPLICANT_FIELDS = [
    "applicant_type",
    "organization_kind",
    *IDENTITY_FIELDS,
    "description",
    "purpose",
    "preferred_form",
    "delivery",
]
# Never shown outside the office and the assigned department.
PERSONAL_FIELDS = [*IDENTITY_FIELDS, "purpose"]


class RequestError(Exception):
    """A handling step that is not allowed now; the message is for the user (Chinese)."""


def setting(name, default):
    return getattr(settings, name, default)


def today():
    return timezone.localdate()


# -- who sees what ----------------------------------------------------------------------


def in_department(user, department):
    if not (department and user and user.is_authenticated and user.is_active):
        return False
    group_ids = [g for g in (department.editors_group_id, department.reviewers_group_id) if g]
    return bool(group_ids) and user.groups.filter(pk__in=group_ids).exists()


def can_view_personal_data(user, disclosure_request):
    return is_office(user, disclosure_request.portal) or in_department(user, disclosure_request.department)


def can_handle(user, disclosure_request):
    return can_view_personal_data(user, disclosure_request)


def visible_requests(user, queryset=None):
    """Requests a staff user may see at all: every request of the portals they run as office,
    and those assigned to their departments."""
    queryset = queryset if queryset is not None else DisclosureRequest.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(Q(portal__in=office_portals(user)) | Q(department__in=staff_departments(user)))


def office_recipients(portal):
    """E-mail addresses of the disclosure office (DISCLOSURE_OFFICE_EMAILS, else office users)."""
    configured = setting("DISCLOSURE_OFFICE_EMAILS", [])
    if configured:
        return list(configured)
    return sorted(u.email for u in office_users(portal).exclude(email=""))


def department_recipients(department):
    return sorted(u.email for u in department_staff(department).exclude(email=""))


def _send_after_commit(subject, body, recipients):
    send_after_commit([(subject, body, recipients)], what="依申请公开通知邮件")


def log(disclosure_request, action, public_text, user=None, note="", data=None):
    return RequestEvent.objects.create(
        disclosure_request=disclosure_request,
        action=action,
        state=disclosure_request.state,
        public_text=public_text,
        note=note,
        user=user if user and user.is_authenticated else None,
        data=data or {},
    )


def _locked(disclosure_request):
    """Re-read the row under a lock (SQLite: the IMMEDIATE transaction serialises writers)."""
    return DisclosureRequest.objects.select_for_update().get(pk=disclosure_request.pk)


def require(disclosure_request, action):
    """The transitions table (transitions.py) allows ``action`` on the locked row now, or RequestError."""
    reason = transitions.refusal(disclosure_request, action)
    if reason:
        raise RequestError(reason)


def _copy(target, source):
    target.__dict__.update({k: v for k, v in source.__dict__.items() if not k.startswith("_")})
    return target


def _conclude(locked, answer_type, state, user, action, public_text, note="", day=None):
    locked.answer_type = answer_type
    locked.answered_on = day or today()
    locked.state = state
    locked.closed_at = timezone.now()
    locked.answered_by = user if user and user.is_authenticated else None
    locked.save()
    log(locked, action, public_text, user=user, note=note)
