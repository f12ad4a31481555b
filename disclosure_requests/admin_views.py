"""Admin for disclosure on request: the list (colour by urgency, filters, overdue view), the
handling page with its actions, staff intake (当面/信函/传真) and file downloads.

Visibility: the disclosure office (superusers, holders of Wagtail publish permission on the
portal) sees every request of its portals; a department's editors and reviewers see the
requests assigned to it. Nobody else sees any request — so personal data stays with them.
Raw editing is off: every change goes through ``disclosure_requests.services``.
"""

import mimetypes
import os
from urllib.parse import quote

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from . import actions, deadlines, next_steps, services
from .models import OPEN_STATES, Channel, DisclosureRequest, RequestState
from .views import PublicRequestForm

URGENCY_LABELS = {"overdue": "已逾期", "due_soon": "即将到期", "normal": "正常", "paused": "期限暂停", "done": "已办结"}
URGENCY_COLOURS = {
    "overdue": "#cd4444",
    "due_soon": "#e9b04d",
    "normal": "#3b8c5a",
    "paused": "#6b7a99",
    "done": "#9aa0a6",
}


def has_request_access(user):
    """Whether the admin menu shows 依申请公开 to this user at all."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return services.staff_departments(user).exists() or bool(services.office_portals(user))


class DisclosureRequestPolicy(BasePermissionPolicy):
    """View only, per request; changes go through the handling page (services)."""

    def user_has_permission(self, user, action):
        return action == "view" and has_request_access(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return action == "view" and services.can_view_personal_data(user, instance)

    def instances_user_has_permission_for(self, user, action):
        if action != "view":
            return DisclosureRequest.objects.none()
        return services.visible_requests(user)

    def users_with_permission(self, action):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()


# -- list ------------------------------------------------------------------------------------


def due_soon_cutoff(on=None):
    """The last date that is still within DISCLOSURE_REMINDER_WORKING_DAYS working days."""
    from django.conf import settings

    on = on or services.today()
    return deadlines.add_working_days(on, settings.DISCLOSURE_REMINDER_WORKING_DAYS).due


def overdue_q(on=None):
    on = on or services.today()
    return Q(state__in=[s for s in OPEN_STATES if s != RequestState.CORRECTION], due_on__lt=on, due_paused=False) | Q(
        state=RequestState.CORRECTION, correction_due_on__lt=on
    )


def correction_notice_q(on=None):
    """Requests still without a 补正 notice whose 7-working-day notice deadline (Art. 30) falls
    within DISCLOSURE_CORRECTION_NOTICE_WARNING_WORKING_DAYS (2) working days from ``on``: decide now
    whether a correction is needed."""
    on = on or services.today()
    days = services.setting("DISCLOSURE_CORRECTION_NOTICE_WARNING_WORKING_DAYS", 2)
    cutoff = deadlines.add_working_days(on, days).due
    return Q(
        state__in=[RequestState.RECEIVED, RequestState.PROCESSING],
        correction_notified_on=None,
        correction_notice_due_on__gte=on,
        correction_notice_due_on__lte=cutoff,
    )


class RequestFilterSet(WagtailFilterSet):
    urgency = django_filters.ChoiceFilter(
        label="紧急程度",
        method="filter_urgency",
        empty_label="全部",
        choices=[
            ("overdue", "已逾期"),
            ("due_soon", "即将到期（含逾期）"),
            ("correction_notice", "补正告知期限将届满"),
            ("open", "办理中（未办结）"),
        ],
    )
    state = django_filters.MultipleChoiceFilter(label="状态", choices=RequestState.choices)
    channel = django_filters.ChoiceFilter(label="申请渠道", choices=Channel.choices)
    applicant_type = django_filters.ChoiceFilter(
        label="申请人类型", choices=DisclosureRequest._meta.get_field("applicant_type").choices
    )
    due_provisional = django_filters.BooleanFilter(label="期限为暂定")
    received_on = django_filters.DateFromToRangeFilter(label="收到日期")

    class Meta:
        model = DisclosureRequest
        fields = ["urgency", "state", "department", "channel", "applicant_type", "due_provisional", "received_on"]

    def filter_urgency(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(overdue_q())
        if value == "due_soon":
            return queryset.filter(state__in=OPEN_STATES, due_on__lte=due_soon_cutoff(), due_paused=False)
        if value == "correction_notice":
            return queryset.filter(correction_notice_q())
        if value == "open":
            return queryset.filter(state__in=OPEN_STATES)
        return queryset


class UrgencyColumn(Column):
    cell_template_name = "disclosure_requests/admin/urgency_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        level = services.urgency(instance)
        context.update(
            level=level,
            label=URGENCY_LABELS[level],
            colour=URGENCY_COLOURS[level],
            due=instance.due_display()
            if instance.state != RequestState.CORRECTION
            else f"补正截止 {instance.correction_due_on}",
        )
        return context


class RequestIndexView(IndexView):
    def get_base_queryset(self):
        return services.visible_requests(self.request.user, super().get_base_queryset()).select_related(
            "department", "portal"
        )

    def get_edit_url(self, instance):
        return reverse("disclosure_request_handle", args=[instance.pk])

    def get_inspect_url(self, instance):
        return reverse("disclosure_request_handle", args=[instance.pk])

    def get_header_buttons(self):
        from wagtail.admin.widgets import HeaderButton

        buttons = list(super().get_header_buttons())
        if services.office_portals(self.request.user):  # 登记申请 is the office's
            buttons.append(
                HeaderButton("登记申请（当面/信函/传真）", reverse("disclosure_request_intake"), icon_name="plus")
            )
        buttons.append(HeaderButton("逾期申请", reverse(self.index_url_name) + "?urgency=overdue", icon_name="warning"))
        return buttons


class DisclosureRequestViewSet(ModelViewSet):
    model = DisclosureRequest
    icon = "mail"
    menu_label = "依申请公开"
    menu_name = "disclosure_requests"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "disclosure-requests"
    name = "disclosure_requests"
    index_view_class = RequestIndexView
    filterset_class = RequestFilterSet
    form_fields = ["department"]
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = [
        TitleColumn("tracking_code", label="查询码", url_name="disclosure_request_handle"),
        Column("state", label="状态", accessor="get_state_display"),
        UrgencyColumn("due_on", label="答复期限", sort_key="due_on"),
        Column("received_on", label="收到日期", sort_key="received_on"),
        Column("channel", label="渠道", accessor="get_channel_display"),
        Column("department", label="承办部门"),
    ]
    search_fields = ["tracking_code", "description"]  # never personal data
    ordering = ["due_on"]
    list_per_page = 50

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: has_request_access(request.user)
        return item


# -- handling page ------------------------------------------------------------------------------


def _disclosure_request_or_403(request, pk):
    obj = get_object_or_404(DisclosureRequest.objects.select_related("portal", "department"), pk=pk)
    if not services.can_view_personal_data(request.user, obj):
        raise PermissionDenied
    return obj


def handle_view(request, pk):
    obj = _disclosure_request_or_403(request, pk)
    available = actions.available_actions(request.user, obj)
    bound = {}
    if request.method == "POST":
        name = request.POST.get("action")
        if name not in available:
            raise PermissionDenied
        form = actions.bind_form(name, obj, request.POST, request.FILES, prefix=name)
        if form.is_valid():
            try:
                result = actions.run(name, obj, request.user, form, request.FILES)
            except (services.RequestError, ValidationError) as exc:
                messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, next_steps.done_text(name, result))
                return redirect("disclosure_request_handle", pk=obj.pk)
        bound[name] = form
    today = services.today()
    initial = {
        k: today
        for k in (
            "received_on",
            "started_on",
            "ended_on",
            "applicant_notified_on",
            "delivered_on",
            "notified_on",
            "paid_on",
        )
    }
    forms_ = [
        {
            "name": name,
            "label": actions.ACTIONS[name].label,
            "form": bound.get(name) or actions.bind_form(name, obj, prefix=name, initial=initial),
        }
        for name in available
    ]
    office = services.is_office(request.user, obj.portal)
    context = {
        "obj": obj,
        **next_steps.draft_context(obj, forms_),
        "next_step": next_steps.next_step(obj, office),
        "primary": next_steps.primary_action(obj, office),
        "urgency": URGENCY_LABELS[services.urgency(obj)],
        "colour": URGENCY_COLOURS[services.urgency(obj)],
        "events": obj.events.select_related("user"),
        "attachments": obj.attachments.all(),
        "consultations": obj.consultations.all(),
        "entries": obj.answer_entries.all(),
        "index_url": reverse("disclosure_requests:index"),
        "office": office,
        "answer_days": services.answer_working_days(obj),
    }
    return render(request, "disclosure_requests/admin/handle.html", context)


FILE_FIELDS = {"answer": "answer_document", "signed": "signed_document"}


def file_view(request, pk, kind, attachment_id=None):
    """Download an applicant's attachment or an answer document, after the permission check."""
    obj = _disclosure_request_or_403(request, pk)
    if kind == "attachment":
        field = get_object_or_404(obj.attachments, pk=attachment_id).file
    elif kind in FILE_FIELDS:
        field = getattr(obj, FILE_FIELDS[kind])
    else:
        raise Http404
    if not field:
        raise Http404
    name = os.path.basename(field.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def case_file_view(request, pk):
    """The request's case file (.zip) for 归档 (Art. 45): the disclosure office only."""
    from django.http import HttpResponse

    from .case_file import build_case_file

    obj = _disclosure_request_or_403(request, pk)
    if not services.is_office(request.user, obj.portal):
        raise PermissionDenied
    name, content = build_case_file(obj)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "private, no-store"
    return response


class StaffIntakeForm(PublicRequestForm):
    portal = forms.ModelChoiceField(label="受理机关", queryset=None)
    channel = forms.ChoiceField(label="申请渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    received_on = forms.DateField(
        label="收到申请日期",
        help_text="当面/口头：提出当日；挂号信/特快专递：签收当日；平常信函：与申请人确认当日（收到当日即须确认）；"
        "传真/电子邮件：双方确认当日",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    assisted = forms.BooleanField(
        label="工作人员代为填写",
        required=False,
        help_text="申请人书面提出确有困难（含阅读、视力、听力障碍）时由工作人员代为填写并经其确认；口头申请总是代为填写",
    )
    confirm = None

    def __init__(self, *args, user=None, **kwargs):
        from pages.models import DisclosurePortal

        super().__init__(*args, **kwargs)
        portals = services.office_portals(user)
        self.fields["portal"].queryset = DisclosurePortal.objects.filter(pk__in=[p.pk for p in portals])
        self.fields["portal"].initial = portals[0].pk if portals else None
        self.order_fields(["portal", "channel", "received_on", "assisted"])  # how the office registers


def intake_view(request):
    """登记申请: staff enter requests received in person, orally, by letter, fax or e-mail (the office)."""
    if request.method == "POST":
        form = StaffIntakeForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k in services.APPLICANT_FIELDS}
            try:
                obj, created = services.submit_request(
                    form.cleaned_data["portal"],
                    data,
                    attachments=form.cleaned_data["attachments"],
                    channel=form.cleaned_data["channel"],
                    received_on=form.cleaned_data["received_on"],
                    idempotency_key=form.cleaned_data.get("idempotency_key") or None,
                    user=request.user,
                    assisted=form.cleaned_data["assisted"],
                )
            except services.DuplicateSubmission as exc:
                existing = exc.existing
                if existing is not None and services.visible_requests(request.user).filter(pk=existing.pk).exists():
                    messages.warning(request, f"相同的申请刚刚已登记（查询码 {existing.tracking_code}），未重复登记")
                    return redirect("disclosure_request_handle", pk=existing.pk)
                form.add_error(None, exc.messages)
            except ValidationError as exc:
                for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"已登记申请，查询码 {obj.tracking_code}，答复期限 {obj.due_display()}")
                return redirect("disclosure_request_handle", pk=obj.pk)
    else:
        import uuid

        form = StaffIntakeForm(
            user=request.user, initial={"idempotency_key": uuid.uuid4().hex, "received_on": services.today()}
        )
    if not form.fields["portal"].queryset.exists():
        raise PermissionDenied
    return render(request, "disclosure_requests/admin/intake.html", {"form": form})


def admin_urls():
    return [
        path("disclosure-requests/<int:pk>/handle/", handle_view, name="disclosure_request_handle"),
        path("disclosure-requests/<int:pk>/files/<str:kind>/", file_view, name="disclosure_request_file"),
        path(
            "disclosure-requests/<int:pk>/files/<str:kind>/<int:attachment_id>/",
            file_view,
            name="disclosure_request_attachment",
        ),
        path("disclosure-requests/intake/", intake_view, name="disclosure_request_intake"),
        path("disclosure-requests/<int:pk>/case-file/", case_file_view, name="disclosure_request_case_file"),
    ]


__all__ = ["DisclosureRequestViewSet", "DisclosureRequestPolicy", "admin_urls"]
