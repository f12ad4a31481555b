"""Admin of 政务咨询 and 意见征集: lists, the handling page with the actions the transitions table
allows now, and the consultation page (moderation, 反馈情况, closing).

Visibility: the office sees every question of its portals, a department's staff those assigned
to it; nobody else sees any (the asker's contact data stays with them). Every change goes
through ``interaction.services``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from pages.models import Department, DisclosureEntry
from pages.permissions import is_office, office_portals

from . import services
from .models import Adoption, Consultation, ConsultationComment, Moderation, QuestionState
from .transitions import CONSULTATION_TRANSITIONS, QUESTION_TRANSITIONS, available


def _deny_without_access(request):
    if not services.has_interaction_access(request.user):
        raise PermissionDenied


def question_index(request):
    _deny_without_access(request)
    questions = services.visible_questions(request.user).select_related("department", "portal")
    view = request.GET.get("view", "open")
    if view == "overdue":
        questions = questions.overdue()
    elif view == "veto":
        questions = questions.veto_items()
    elif view == "open":
        questions = questions.open()
    today = services.common.today()
    rows = [{"q": q, "overdue": q.is_overdue(today)} for q in questions[:200]]
    return render(request, "interaction/admin/question_index.html", {"rows": rows, "view": view})


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 8}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 3}))


def question_handle(request, pk):
    question = get_object_or_404(services.visible_questions(request.user).select_related("portal", "department"), pk=pk)
    office = is_office(request.user, question.portal)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "assign":
                department = Department.objects.filter(pk=request.POST.get("department") or 0).first()
                services.assign_question(question, request.user, department)
                messages.success(request, f"已分派给{department.name}")
            elif action == "answer":
                services.answer_question(question, request.user, request.POST.get("answer", ""))
                messages.success(request, "已答复，答复已通知留言人")
            elif action == "dismiss":
                services.dismiss_question(question, request.user, request.POST.get("reason", ""))
                messages.success(request, "已标记为不予受理")
            elif action == "publish":
                entry = services.publish_answer(question, request.user)
                messages.success(request, "已生成公开信息草稿，请核对后提交审核（部门审核 → 领导审批）")
                return redirect(reverse("wagtailadmin_pages:edit", args=[entry.pk]))
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or "无权执行此操作")
        return redirect(reverse("interaction_question", args=[question.pk]))
    question.refresh_from_db()
    return render(
        request,
        "interaction/admin/question_handle.html",
        {
            "q": question,
            "office": office,
            "actions": available(QUESTION_TRANSITIONS, question, office),
            "departments": Department.objects.filter(portal=question.portal, active=True).order_by("name"),
            "overdue": question.is_overdue(),
            "answer_form": AnswerForm(initial={"answer": question.answer}),
            "reason_form": ReasonForm(),
        },
    )


# -- consultations ---------------------------------------------------------------------------


class ConsultationForm(forms.Form):
    title = forms.CharField(label="征集主题", max_length=200)
    draft_entry = forms.ModelChoiceField(
        label="征求意见稿（已发布的公开信息）", queryset=DisclosureEntry.objects.none()
    )
    department = forms.ModelChoiceField(label="承办部门", queryset=Department.objects.none())
    opens_on = forms.DateField(label="开始日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    closes_on = forms.DateField(
        label="截止日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), required=False
    )
    short_period_reason = forms.CharField(
        label="征集期少于30日的理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, portal, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draft_entry"].queryset = DisclosureEntry.objects.disclosed().filter(portal=portal).order_by("-pk")
        self.fields["department"].queryset = Department.objects.filter(portal=portal, active=True)
        self.fields["closes_on"].help_text = "留空时为开始日期起30日"


def _office_portal(request):
    portals = office_portals(request.user)
    if not portals:
        raise PermissionDenied
    return portals[0]


def consultation_index(request):
    portal = _office_portal(request)
    if request.method == "POST":
        form = ConsultationForm(portal, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["closes_on"] = data["closes_on"] or services.default_period(data["opens_on"])
            try:
                consultation = services.open_consultation(portal, request.user, **data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, "意见征集已发起")
                return redirect(reverse("interaction_consultation", args=[consultation.pk]))
    else:
        form = ConsultationForm(portal)
    consultations = Consultation.objects.filter(portal__in=office_portals(request.user)).select_related("department")
    return render(request, "interaction/admin/consultation_index.html", {"form": form, "consultations": consultations})


def consultation_handle(request, pk):
    consultation = get_object_or_404(Consultation.objects.filter(portal__in=office_portals(request.user)), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "moderate":
                comment = get_object_or_404(
                    ConsultationComment, pk=request.POST.get("comment"), consultation=consultation
                )
                services.moderate_comment(
                    comment,
                    request.user,
                    request.POST.get("moderation", ""),
                    request.POST.get("adoption", ""),
                    request.POST.get("reason", ""),
                )
                messages.success(request, "意见已审核")
            elif action == "feedback":
                entry = services.prepare_feedback(consultation, request.user)
                messages.success(request, "已生成反馈情况草稿，请核对后提交审核")
                return redirect(reverse("wagtailadmin_pages:edit", args=[entry.pk]))
            elif action == "close":
                services.close_consultation(consultation, request.user)
                messages.success(request, "意见征集已结束")
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or "无权执行此操作")
        return redirect(reverse("interaction_consultation", args=[consultation.pk]))
    return render(
        request,
        "interaction/admin/consultation_handle.html",
        {
            "c": consultation,
            "comments": consultation.comments.all(),
            "actions": available(CONSULTATION_TRANSITIONS, consultation, True),
            "moderations": Moderation.choices,
            "adoptions": [a for a in Adoption.choices if a[0]],
            "figures": services.feedback_figures(consultation),
        },
    )


def admin_urls():
    return [
        path("interaction/questions/", question_index, name="interaction_questions"),
        path("interaction/questions/<int:pk>/", question_handle, name="interaction_question"),
        path("interaction/consultations/", consultation_index, name="interaction_consultations"),
        path("interaction/consultations/<int:pk>/", consultation_handle, name="interaction_consultation"),
    ]


__all__ = ["admin_urls", "QuestionState"]
