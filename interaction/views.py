"""Public pages of 政务咨询 and 意见征集: the question form, its receipt and status page, the list
of published answers, open consultations and their opinion form.

Server-rendered, no JavaScript; CSRF on every form; submissions throttled per client address, with
a honeypot and, when it or the limit trips, an arithmetic question (``cms.antispam``).
Nothing here shows an asker's or commenter's personal data: the status page is reached by
tracking code (POST) and shows the question's state and the answer only.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from cms import antispam, throttle
from cms.public_intake import fresh_receipt_pk, keep_receipt
from cms.throttle import throttled
from pages.models import Department, QuestionAnswerEntry
from pages.portal_lookup import portal_for
from pages.richtext import sanitize_for_output

from . import services
from .models import Consultation, Question, QuestionCategory

RECEIPT_SESSION_KEY = "question_receipt"
QUESTION_SCOPE = "question-intake"
COMMENT_SCOPE = "consultation-comment"


def too_many(request):
    return throttle.too_many(request, "interaction/public/throttled.html")


class QuestionForm(forms.ModelForm):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = Question
        fields = services.ASKER_FIELDS
        widgets = {
            "category": forms.RadioSelect,
            "content": forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "asker_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        labels = {"department": "咨询部门（选填）", "consent_to_publish": "同意在隐去个人信息后公开本留言及答复"}
        help_texts = {
            "content": "不超过2000字。请勿填写身份证号码等个人信息",
            "phone": "联系电话和电子邮箱至少填写一项，仅用于答复，不会公开",
        }
        error_messages = {
            "category": {"required": "请选择留言类型"},
            "subject": {"required": "请填写主题"},
            "content": {"required": "请填写留言内容"},
            "asker_name": {"required": "请填写姓名"},
            "email": {"invalid": "请填写有效的电子邮箱"},
        }

    def __init__(self, portal, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = QuestionCategory.choices
        self.fields["department"].queryset = Department.objects.filter(portal=portal, active=True).order_by("name")
        self.fields["department"].empty_label = "不确定，由政务公开办公室分派"

    def _post_clean(self):
        pass  # the service validates the model when the question is stored


@never_cache
@csrf_protect
def question_form(request, portal_slug=None):
    portal = portal_for(request, portal_slug)
    gate = antispam.Gate()
    if request.method == "POST":
        gate = antispam.check(request, QUESTION_SCOPE, *settings.INTERACTION_THROTTLE_RATE)
        if gate.refused:
            return too_many(request)
        form = QuestionForm(portal, request.POST)
        if form.is_valid() and gate.passed:
            data = {k: v for k, v in form.cleaned_data.items() if k in services.ASKER_FIELDS}
            try:
                question, _ = services.submit_question(
                    portal, data, idempotency_key=form.cleaned_data.get("idempotency_key") or None
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                keep_receipt(request, RECEIPT_SESSION_KEY, question.pk)
                return redirect(reverse("question_receipt"))
    else:
        form = QuestionForm(portal, initial={"idempotency_key": uuid.uuid4().hex})
    answers = QuestionAnswerEntry.objects.disclosed().filter(portal=portal).order_by("-published_on", "-pk")[:10]
    return render(
        request,
        "interaction/public/question_form.html",
        {
            "form": form,
            "portal": portal,
            "answers": answers,
            "working_days": services.answer_working_days(),
            "gate": gate,
        },
        status=gate.status,
    )


@never_cache
def question_receipt(request):
    pk = fresh_receipt_pk(request, RECEIPT_SESSION_KEY)
    question = Question.objects.filter(pk=pk).select_related("portal").first() if pk is not None else None
    if question is None:
        return redirect(reverse("question_status"))
    return render(request, "interaction/public/question_receipt.html", {"q": question, "portal": question.portal})


@never_cache
@csrf_protect
def question_status(request):
    """查询留言 by tracking code (POST, so the code stays out of URLs and logs)."""
    status, error = None, ""
    if request.method == "POST":
        if throttled(request, "question-status", 30, 600):
            return too_many(request)
        question = services.find_by_code(request.POST.get("code", ""))
        if question is None:
            error = "未找到该查询码对应的留言，请核对后重新输入"
        else:
            status = services.public_status(question)
    return render(request, "interaction/public/question_status.html", {"status": status, "error": error})


def frequently_asked(request, portal_slug=None):
    """常见问题: answers the office collected, public ones only, grouped by category."""
    portal = portal_for(request, portal_slug)
    groups = {}
    for entry in services.frequently_asked_answers(portal):
        entry.body_html = sanitize_for_output(entry.body)  # as the entry page shows it
        groups.setdefault(entry.question_category or "其他", []).append(entry)
    return render(request, "interaction/public/faq.html", {"portal": portal, "groups": groups})


# -- consultations ---------------------------------------------------------------------------


class CommentForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    content = forms.CharField(
        label="意见内容",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 3000}),
        error_messages={"required": "请填写意见内容", "max_length": "意见内容不能超过3000字"},
        help_text="意见经审核后可能在反馈情况中摘要公开；请勿填写身份证号码等个人信息",
    )
    name = forms.CharField(label="姓名（选填，不公开）", max_length=50, required=False)
    contact = forms.CharField(
        label="联系方式（选填，不公开）",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )


def consultation_list(request, portal_slug=None):
    portal = portal_for(request, portal_slug)
    open_now = services.open_consultations(portal).select_related("draft_entry")
    return render(request, "interaction/public/consultation_list.html", {"portal": portal, "consultations": open_now})


@never_cache
@csrf_protect
def consultation_detail(request, pk):
    consultation = get_object_or_404(Consultation.objects.select_related("portal", "draft_entry"), pk=pk)
    # Public while accepting opinions on a public draft, or once its 反馈情况 is public.
    if not services.public_consultations().filter(pk=pk).exists():
        raise Http404
    accepting = services.open_consultations().filter(pk=pk).exists()
    message = ""
    gate = antispam.Gate()
    if request.method == "POST":
        if not accepting:
            raise Http404
        gate = antispam.check(request, COMMENT_SCOPE, *settings.INTERACTION_THROTTLE_RATE)
        if gate.refused:
            return too_many(request)
        form = CommentForm(request.POST)
        if form.is_valid() and gate.passed:
            try:
                services.submit_comment(
                    consultation, form.cleaned_data, idempotency_key=form.cleaned_data.get("idempotency_key") or None
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                message = "您的意见已提交，感谢参与。意见经整理后将在征集结束后公布反馈情况。"
                form = CommentForm(initial={"idempotency_key": uuid.uuid4().hex})
    else:
        form = CommentForm(initial={"idempotency_key": uuid.uuid4().hex})
    from pages.models import DisclosureEntry

    disclosed = DisclosureEntry.objects.disclosed()
    feedback = disclosed.filter(pk=consultation.feedback_entry_id).first()
    draft = disclosed.filter(pk=consultation.draft_entry_id).first()
    return render(
        request,
        "interaction/public/consultation_detail.html",
        {
            "portal": consultation.portal,
            "consultation": consultation,
            "accepting": accepting,
            "form": form,
            "message": message,
            "feedback": feedback,
            "draft": draft,
            "gate": gate,
        },
        status=gate.status,
    )
