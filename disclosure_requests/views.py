"""Public pages for disclosure on request: the application form, the receipt and the status page.

Server-rendered, no JavaScript (the public CSP forbids inline scripts). Nothing here shows
personal data: the status page is reached by tracking code and shows dates, states and the
public texts of the history only.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from cms import throttle
from cms.public_intake import fresh_receipt_pk, keep_receipt, receipt_pk
from cms.throttle import throttled
from pages.portal_lookup import portal_for

from . import services
from .models import ApplicantType, DisclosureRequest, IdType, RequestState

RECEIPT_SESSION_KEY = "disclosure_request_receipt"
# One counter per client address for every intake route: this form and POST /api/v2/requests/.
INTAKE_THROTTLE_SCOPE = "request-intake"


def too_many(request):
    return throttle.too_many(request, "disclosure_requests/public/throttled.html")


# -- the form ------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class PublicRequestForm(forms.ModelForm):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    attachments = MultipleFileField(
        label="附件（选填）",
        required=False,
        help_text="可上传身份证明或其他材料，支持 PDF、JPG、PNG、Word、Excel、OFD，单个不超过 10MB，最多 5 个",
    )
    confirm = forms.BooleanField(
        label="本人承诺所填信息真实有效", required=True, error_messages={"required": "请确认所填信息真实有效"}
    )

    class Meta:
        model = DisclosureRequest
        fields = services.APPLICANT_FIELDS
        widgets = {
            "applicant_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "organization_kind": "申请人为法人或其他组织时必填",
            "description": "请写明所需信息的名称、文号或便于查找的特征描述",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization_kind"].choices = [("", "（自然人无需选择）")] + list(
            self.fields["organization_kind"].choices
        )[1:]
        self.fields["applicant_type"].choices = ApplicantType.choices  # no empty radio
        self.fields["id_type"].choices = [("", "请选择")] + list(IdType.choices)
        for name in ("phone", "email", "address"):
            self.fields[name].help_text = "电话、电子邮箱、通信地址至少填写一项"

    def _post_clean(self):
        # The service validates the model (and more) when the request is stored.
        pass


@never_cache
@csrf_protect
def request_form(request, portal_slug=None):
    portal = portal_for(request, portal_slug)
    if request.method == "POST":
        if throttled(request, INTAKE_THROTTLE_SCOPE, *settings.DISCLOSURE_THROTTLE_RATE):
            return too_many(request)
        form = PublicRequestForm(request.POST, request.FILES)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k in services.APPLICANT_FIELDS}
            try:
                stored, _ = services.submit_request(
                    portal,
                    data,
                    attachments=form.cleaned_data["attachments"],
                    idempotency_key=form.cleaned_data.get("idempotency_key") or None,
                )
            except services.DuplicateSubmission as exc:
                if exc.existing is not None and receipt_pk(request, RECEIPT_SESSION_KEY) == exc.existing.pk:
                    return redirect(reverse("disclosure_request_receipt"))  # this browser's own submission
                form.add_error(None, exc.messages)
            except services.IdempotencyConflict:
                # This rendered form was already sent with other contents: a new one gets a new key.
                form.data = form.data.copy()
                form.data["idempotency_key"] = uuid.uuid4().hex
                form.add_error(None, "此表单已提交过一份内容不同的申请。如需再提交一份新的申请，请核对后再次提交。")
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error("attachments" if "附件" in " ".join(exc.messages) else None, exc.messages)
            else:
                keep_receipt(request, RECEIPT_SESSION_KEY, stored.pk)
                return redirect(reverse("disclosure_request_receipt"))
    else:
        form = PublicRequestForm(initial={"idempotency_key": uuid.uuid4().hex})
    return render(request, "disclosure_requests/public/form.html", {"form": form, "portal": portal})


@never_cache
def receipt(request):
    """回执: shown once after submission (the code is never in a URL)."""
    pk = fresh_receipt_pk(request, RECEIPT_SESSION_KEY)
    stored = DisclosureRequest.objects.filter(pk=pk).select_related("portal").first() if pk is not None else None
    if stored is None:
        return redirect(reverse("disclosure_request_status"))
    return render(request, "disclosure_requests/public/receipt.html", {"req": stored, "portal": stored.portal})


def status_context(stored):
    """Everything the status page may show — and nothing personal."""
    if stored.state == RequestState.CORRECTION:
        deadline = f"请于 {stored.correction_due_on} 前提交补正材料"
    else:
        deadline = stored.due_display()
    return {
        "tracking_code": stored.tracking_code,
        "received_on": stored.received_on,
        "channel": stored.get_channel_display(),
        "state": stored.get_state_display(),
        "deadline": deadline,
        "provisional": stored.due_provisional,
        "answer_type": stored.answer_type_label,
        "fee_notice": (
            f"需缴纳信息处理费{stored.fee}元，请于 {stored.fee_due_on} 前缴纳，缴费期间不计入答复期限"
            if stored.fee_pending and stored.is_open
            else ""
        ),
        "can_withdraw": stored.is_open,
        "timeline": services.public_timeline(stored),
    }


@never_cache
@csrf_protect
def status(request):
    """查询办理进度 by tracking code (POST, so the code stays out of URLs and logs)."""
    context, error = None, ""
    if request.method == "POST":
        if throttled(request, "request-status", 30, 600):
            return too_many(request)
        stored = services.find_by_code(request.POST.get("code", ""))
        if stored is None:
            error = "未找到该查询码对应的申请，请核对后重新输入"
        else:
            context = status_context(stored)
    return render(request, "disclosure_requests/public/status.html", {"status": context, "error": error})


@never_cache
@csrf_protect
def withdraw(request):
    """撤回申请: tracking code plus the second factor (last 4 digits of the contact phone)."""
    if request.method != "POST":
        return redirect(reverse("disclosure_request_status"))
    if throttled(request, "request-withdraw", 10, 600):
        return too_many(request)
    code = request.POST.get("code", "")
    stored = services.find_by_code(code)
    error, message = "", ""
    if not request.POST.get("confirm"):
        error = "请勾选确认撤回"
    elif not request.POST.get("verification", "").strip():
        error = "请填写联系电话后4位"
    else:
        try:
            stored = services.withdraw_by_applicant(code, request.POST.get("verification", ""))
        except services.RequestError as exc:
            error = str(exc)
        else:
            message = "您的申请已撤回，本申请办理终结。"
    context = status_context(stored) if stored is not None else None
    return render(
        request,
        "disclosure_requests/public/status.html",
        {"status": context, "error": error, "message": message},
        status=200 if not error else 400,
    )
