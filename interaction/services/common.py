"""Who may see and handle what, the catalog place of published answers and feedback, and mail."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from cms import mail
from pages.catalog import ensure_area, ensure_item
from pages.permissions import is_office, office_portals, office_users, staff_departments

# Where published answers and 反馈情况 sit in the catalog: one area each, one item per department
# (the item's department is the answering one, so its editors edit and its reviewers review).
QUESTION_AREA = "政务咨询"
FEEDBACK_AREA = "重大行政决策"


class InteractionError(PermissionDenied):
    """A refused action, with the Chinese reason."""


def today():
    return timezone.localdate()


def require(condition, message):
    if not condition:
        raise InteractionError(message)


def visible_questions(user, queryset=None):
    """Questions a staff user may see at all: the office's portals, and their departments' ones."""
    from ..models import Question

    queryset = queryset if queryset is not None else Question.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(Q(portal__in=office_portals(user)) | Q(department__in=staff_departments(user)))


def has_interaction_access(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or staff_departments(user).exists() or bool(office_portals(user))


def may_handle(user, obj):
    """The office of the portal, or staff of the responsible department."""
    if is_office(user, obj.portal):
        return True
    return obj.department_id is not None and staff_departments(user).filter(pk=obj.department_id).exists()


def catalog_place(portal, area_name, department):
    area = ensure_area(portal, area_name)
    return ensure_item(area, department.name, department=department)


def office_recipients(portal):
    configured = getattr(settings, "INTERACTION_OFFICE_EMAILS", None) or []
    if configured:
        return list(configured)
    return [u.email for u in office_users(portal) if u.email]


def department_recipients(department):
    from django.contrib.auth import get_user_model

    groups = [g for g in (department.editors_group_id, department.reviewers_group_id) if g]
    users = get_user_model().objects.filter(is_active=True, groups__in=groups).exclude(email="").distinct()
    return [u.email for u in users]


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send(messages, what):
    mail.send_after_commit(messages, what)
