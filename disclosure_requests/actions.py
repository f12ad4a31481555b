"""The handling actions on a disclosure request, shared by the admin's handling page and the
staff API: one form per action (the same validation) and one service call per action. Which
actions a user may take now is the transitions table's to say (transitions.py).
"""

from dataclasses import dataclass

from django import forms

from . import deadlines, services, transitions
from .answer_kinds import DETAIL_LABELS, clean_details, kind_choices
from .answers import answer_type_choices
from .models import Delivery, FeeMethod, RequestConsultation


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label="承办部门", queryset=None, empty_label="——请选择——")

    def __init__(self, *args, disclosure_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = disclosure_request.portal.departments.filter(active=True)


class CorrectionForm(forms.Form):
    text = forms.CharField(label="需补正事项（一次性告知全部）", widget=forms.Textarea(attrs={"rows": 3}))
    reply_working_days = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=60, required=False)


class CorrectionReceivedForm(forms.Form):
    received_on = forms.DateField(
        label="收到补正申请日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    reason = forms.CharField(
        label="逾期补正的正当理由", required=False, help_text="补正期限届满后收到的，登记正当理由后方可接收"
    )
    description = forms.CharField(
        label="补正后的内容描述（选填）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=RequestConsultation.KIND_CHOICES)
    party = forms.CharField(label="征求对象", max_length=200)
    started_on = forms.DateField(label="发出日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    letter_received_on = forms.DateField(
        label="对方收到日期",
        required=False,
        help_text="15个工作日自对方收到之日起算；未填写按发出日期",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class ConsultationEndForm(forms.Form):
    consultation = forms.ModelChoiceField(label="征求意见", queryset=None)
    ended_on = forms.DateField(
        label="收到意见或结束日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(label="意见摘要", required=False)
    objected = forms.BooleanField(label="第三方不同意公开", required=False)

    def __init__(self, *args, disclosure_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = disclosure_request.consultations.filter(ended_on=None)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        max_value=deadlines.MAX_EXTENSION_WORKING_DAYS,
        initial=deadlines.MAX_EXTENSION_WORKING_DAYS,
    )
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))
    applicant_notified_on = forms.DateField(
        label="告知申请人日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )


class AnswerForm(forms.Form):
    answer_type = forms.ChoiceField(label="办理结果（年度报告分类）")
    answer_kind = forms.ChoiceField(
        label="答复形式",
        required=False,
        choices=[("", "按办理结果自动选择")] + kind_choices(),
        help_text="决定答复书的写法和须填写的要素；已主动公开、不属于本机关负责公开等须在此选择",
    )
    text = forms.CharField(label="答复内容（补充说明）", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    entries = forms.ModelMultipleChoiceField(label="提供的公开信息（予以公开/部分公开）", queryset=None, required=False)
    where = forms.CharField(label=DETAIL_LABELS["where"], required=False)
    reasons = forms.CharField(label=DETAIL_LABELS["reasons"], widget=forms.Textarea(attrs={"rows": 2}), required=False)
    legal_basis = forms.CharField(
        label=DETAIL_LABELS["legal_basis"], required=False, help_text="不予公开时留空按所选理由填写条例相应条款"
    )
    responsible_body = forms.CharField(label=DETAIL_LABELS["responsible_body"], required=False)
    responsible_contact = forms.CharField(label=DETAIL_LABELS["responsible_contact"], required=False)
    channel = forms.CharField(label=DETAIL_LABELS["channel"], required=False)
    previous_answer = forms.CharField(label=DETAIL_LABELS["previous_answer"], required=False)
    disclosed_content = forms.CharField(label=DETAIL_LABELS["disclosed_content"], required=False)
    public_interest = forms.CharField(
        label=DETAIL_LABELS["public_interest"], required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("answer_type"):
            _, _, errors = clean_details(data["answer_type"], data.get("answer_kind"), self.details())
            for field, message in errors.items():
                self.add_error(field, message)
        return data

    def details(self):
        return {key: self.cleaned_data.get(key, "") for key in DETAIL_LABELS}

    def __init__(self, *args, disclosure_request=None, **kwargs):
        from pages.models import DisclosureEntry

        super().__init__(*args, **kwargs)
        self.fields["answer_type"].choices = [("", "——请选择——")] + answer_type_choices()
        queryset = DisclosureEntry.objects.filter(portal=disclosure_request.portal, live=True).order_by("-published_on")
        # Validate against every live entry of the portal; list only the latest 500 in the select.
        self.fields["entries"].queryset = queryset
        self.fields["entries"].widget.choices = [(e.pk, str(e)) for e in queryset[:500]]


class OnTheSpotForm(AnswerForm):
    """当场答复: the same answer form; the answer is dated the day the request was made."""


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=Delivery.choices)
    delivered_on = forms.DateField(label="送达日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label="送达说明（如邮件单号）", required=False)
    signed_file = forms.FileField(label="签章答复书扫描件", required=False)


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(label="计收方式（只能选一种）", choices=FeeMethod.choices)
    pages = forms.IntegerField(label="页数（按量计收）", min_value=0, required=False)
    amount = forms.DecimalField(
        label="信息处理费（元）",
        min_value=0.01,
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text="留空则按国办函〔2020〕109号标准计算；填写时须与标准一致",
    )
    notified_on = forms.DateField(
        label="收费通知日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    received_on = forms.DateField(
        label="申请人收到通知日期", required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )


class FeePaidForm(forms.Form):
    paid_on = forms.DateField(label="缴费日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


class ReasonsRequestForm(forms.Form):
    text = forms.CharField(
        label="要求说明的内容",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：一个月内提出120件申请，请说明用途",
    )
    notified_on = forms.DateField(label="告知日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


class DeferForm(forms.Form):
    due_on = forms.DateField(label="延迟答复期限", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    reason = forms.CharField(
        label="理由（申请人说明的理由合理，但无法按期答复）", widget=forms.Textarea(attrs={"rows": 2})
    )


class RecordsForm(forms.Form):
    outcome = forms.ChoiceField(label="处理结果（第四十一条）", choices=list(services.RECORD_OUTCOMES.items()))
    text = forms.CharField(label="审核情况", widget=forms.Textarea(attrs={"rows": 2}))
    other_body = forms.CharField(label="有权更正的行政机关", required=False, help_text="转送或告知时填写")


class ProactiveForm(forms.Form):
    item = forms.ModelChoiceField(label="目录事项（承办部门负责的）", queryset=None)
    title = forms.CharField(label="主动公开信息标题", max_length=255)
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, disclosure_request=None, **kwargs):
        from pages.models import CatalogItem

        super().__init__(*args, **kwargs)
        items = CatalogItem.objects.descendant_of(disclosure_request.portal)
        if disclosure_request.department_id:
            items = items.filter(department=disclosure_request.department)
        self.fields["item"].queryset = items.order_by("path")


class SignOffForm(forms.Form):
    note = forms.CharField(label="签发意见（选填）", required=False)


class ReturnAnswerForm(forms.Form):
    comment = forms.CharField(label="修改意见（必填）", widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False)


@dataclass(frozen=True)
class Action:
    label: str
    form_class: type
    call: object  # (disclosure_request, user, cleaned_data, files) → service result


ACTIONS = {
    "assign": Action("分派承办部门", AssignForm, lambda r, u, d, f: services.assign(r, d["department"], u)),
    "correction": Action(
        "告知补正",
        CorrectionForm,
        lambda r, u, d, f: services.request_correction(r, u, d["text"], d["reply_working_days"]),
    ),
    "corrected": Action(
        "收到补正",
        CorrectionReceivedForm,
        lambda r, u, d, f: services.receive_correction(
            r, u, d["received_on"], d["description"], f.getlist("attachments"), good_reason=d["reason"]
        ),
    ),
    "consult": Action(
        "征求意见",
        ConsultationForm,
        lambda r, u, d, f: services.start_consultation(
            r, u, d["kind"], d["party"], d["started_on"], letter_received_on=d["letter_received_on"]
        ),
    ),
    "consult_end": Action(
        "征求意见结束",
        ConsultationEndForm,
        lambda r, u, d, f: services.end_consultation(
            d["consultation"], u, d["ended_on"], d["note"], objected=d["objected"]
        ),
    ),
    "extend": Action(
        "延期答复",
        ExtensionForm,
        lambda r, u, d, f: services.extend(r, u, d["days"], d["reason"], d["applicant_notified_on"]),
    ),
    "fee_notice": Action(
        "发出收费通知",
        FeeNoticeForm,
        lambda r, u, d, f: services.issue_fee_notice(
            r, u, d["amount"], d["method"], d["notified_on"], d["pages"], d["received_on"]
        ),
    ),
    "fee_paid": Action("登记缴费", FeePaidForm, lambda r, u, d, f: services.record_fee_payment(r, u, d["paid_on"])),
    # Everyone prepares; the office issues the answer only by signing the draft off (four-eyes).
    "answer": Action(
        "拟定答复",
        AnswerForm,
        lambda r, u, d, f: services.prepare_answer(
            r, u, d["answer_type"], d["text"], d["entries"], kind=d["answer_kind"], details=d
        ),
    ),
    "answer_on_the_spot": Action(
        "当场答复",
        OnTheSpotForm,
        lambda r, u, d, f: services.answer_on_the_spot(
            r, u, d["answer_type"], d["text"], d["entries"], kind=d["answer_kind"], details=d
        ),
    ),
    "sign_off": Action("签发答复", SignOffForm, lambda r, u, d, f: services.sign_off_answer(r, u, d["note"])),
    "return_answer": Action(
        "退回拟定的答复", ReturnAnswerForm, lambda r, u, d, f: services.return_answer(r, u, d["comment"])
    ),
    "deliver": Action(
        "登记送达",
        DeliveryForm,
        lambda r, u, d, f: services.record_delivery(
            r, u, d["method"], d["delivered_on"] or None, d["note"], d["signed_file"]
        ),
    ),
    "mass_reasons": Action(
        "要求说明理由（第三十五条）",
        ReasonsRequestForm,
        lambda r, u, d, f: services.request_reasons(r, u, d["text"], d["notified_on"]),
    ),
    "defer": Action(
        "延迟答复（第三十五条）", DeferForm, lambda r, u, d, f: services.defer_answer(r, u, d["due_on"], d["reason"])
    ),
    "records": Action(
        "处理更正申请（第四十一条）",
        RecordsForm,
        lambda r, u, d, f: services.correct_records(r, u, d["outcome"], d["text"], d["other_body"]),
    ),
    "propose_proactive": Action(
        "转为主动公开（第四十四条）",
        ProactiveForm,
        lambda r, u, d, f: services.propose_proactive(r, u, d["item"], d["title"], d["summary"]),
    ),
    "close": Action("结案", NoteForm, lambda r, u, d, f: services.close(r, u, d["note"])),
    "withdraw": Action("申请人撤回", NoteForm, lambda r, u, d, f: services.withdraw(r, u, d["note"])),
    "abandon": Action("逾期未补正，视为放弃", NoteForm, lambda r, u, d, f: services.mark_abandoned(r, u)),
}

# Forms whose choices depend on the request.
_PER_REQUEST_FORMS = (AssignForm, ConsultationEndForm, AnswerForm, OnTheSpotForm, ProactiveForm)


def available_actions(user, disclosure_request):
    """The actions ``user`` may take on ``disclosure_request`` now (empty for anyone who may not handle it):
    the transitions table decides (transitions.py)."""
    if not services.can_handle(user, disclosure_request):
        return []
    return transitions.available(disclosure_request, office=services.is_office(user, disclosure_request.portal))


def bind_form(name, disclosure_request, data=None, files=None, prefix=None, initial=None):
    form_class = ACTIONS[name].form_class
    kwargs = {"disclosure_request": disclosure_request} if form_class in _PER_REQUEST_FORMS else {}
    if data is None:
        return form_class(prefix=prefix, initial=initial, **kwargs)
    return form_class(data, files, prefix=prefix, **kwargs)


def run(name, disclosure_request, user, form, files):
    """Call the action's service with the form's cleaned data (raises RequestError /
    ValidationError with a Chinese message)."""
    return ACTIONS[name].call(disclosure_request, user, form.cleaned_data, files)
