"""A disclosure request, its attachments, consultations and event history."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from cms.storage import PrivateStorage
from pages.publishing.personal_data import digits_of, mask

from ..answer_kinds import KINDS
from ..answers import ANSWER_TYPES, TABLE3_COLUMNS, answer_type_display
from .choices import (
    OPEN_STATES,
    RECEIVED_RULES,
    ApplicantType,
    Channel,
    Delivery,
    FeeMethod,
    IdType,
    OrganizationKind,
    PreferredForm,
    RequestState,
)


def private_storage():
    # Applicants' files and answers.
    return PrivateStorage("DISCLOSURE_PRIVATE_ROOT", "依申请公开文件")


def new_tracking_code():
    """16 characters of an unambiguous alphabet, 80 bits from ``secrets``: unguessable."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols, no 0/O, 1/I
    raw = "".join(secrets.choice(alphabet) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class DisclosureRequest(models.Model):
    """政府信息公开申请."""

    portal = models.ForeignKey(
        "pages.DisclosurePortal", verbose_name="受理机关", on_delete=models.PROTECT, related_name="disclosure_requests"
    )
    tracking_code = models.CharField("查询码", max_length=32, unique=True, default=new_tracking_code, editable=False)
    idempotency_key = models.CharField("提交标识", max_length=64, unique=True, null=True, blank=True, editable=False)
    # SHA-256 of everything submitted: a retry with the same key must carry the same payload.
    payload_digest = models.CharField(max_length=64, blank=True, editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    channel = models.CharField("申请渠道", max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    received_on = models.DateField(
        "收到申请日期",
        help_text="当面/口头：提出当日；挂号信/特快专递：签收当日；平常信函：与申请人确认当日；"
        "在线：提交当日；传真/电子邮件：双方确认当日",
    )
    # 条例 Arts. 29, 43: staff wrote the application for an applicant who could not (oral requests,
    # reading, sight or hearing difficulties); who did it is in the first event.
    assisted = models.BooleanField("工作人员代为填写", default=False)

    applicant_type = models.CharField("申请人类型", max_length=12, choices=ApplicantType.choices)
    organization_kind = models.CharField(
        "法人或其他组织类型", max_length=12, choices=OrganizationKind.choices, blank=True
    )
    applicant_name = models.CharField("申请人姓名或名称", max_length=200)
    id_type = models.CharField("证件类型", max_length=16, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=64)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postal_code = models.CharField("邮政编码", max_length=10, blank=True)
    description = models.TextField("所需政府信息的内容描述")
    purpose = models.TextField("用途（选填）", blank=True)
    preferred_form = models.CharField(
        "获取信息的载体形式", max_length=12, choices=PreferredForm.choices, default=PreferredForm.ELECTRONIC
    )
    delivery = models.CharField("获取信息的方式", max_length=12, choices=Delivery.choices, default=Delivery.EMAIL)

    state = models.CharField(
        "状态", max_length=12, choices=RequestState.choices, default=RequestState.RECEIVED, db_index=True
    )
    department = models.ForeignKey(
        "pages.Department",
        verbose_name="承办部门",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disclosure_requests",
    )
    # 信息处理费 (国办函〔2020〕109号), rarely charged: notice → payment does not count toward the
    # answer deadline; unpaid after FEE_PAYMENT_WORKING_DAYS → 视为放弃 (其他处理 2).
    fee = models.DecimalField("信息处理费（元）", max_digits=10, decimal_places=2, default=0)
    fee_method = models.CharField("计收方式", max_length=12, choices=FeeMethod.choices, blank=True)
    fee_pages = models.PositiveIntegerField("计费页数（按量计收）", null=True, blank=True)
    fee_notified_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_notice_received_on = models.DateField("申请人收到收费通知日期", null=True, blank=True)
    fee_due_on = models.DateField("缴费截止日期", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)

    # Deadlines (disclosure_requests.deadlines); recomputed by services.refresh_deadline.
    clock_start_on = models.DateField("期限起算基准日", help_text="收到申请日，补正后为收到补正申请日")
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限为暂定", default=False, db_index=True)
    due_paused = models.BooleanField("期限暂停", default=False)
    correction_notice_due_on = models.DateField("补正告知期限", null=True, blank=True)
    correction_notified_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_due_on = models.DateField("补正截止日期", null=True, blank=True)
    correction_reply_days = models.PositiveSmallIntegerField("补正期限（工作日）", default=0)
    correction_text = models.TextField("需补正事项", blank=True)

    extension_days = models.PositiveSmallIntegerField("延长工作日数", default=0)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="延期批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extended_at = models.DateTimeField("延期时间", null=True, blank=True)
    extension_applicant_notified_on = models.DateField("告知申请人延期日期", null=True, blank=True)

    # 条例 Art. 35: the office asked the applicant to explain a mass or frequent request; a
    # reasonable explanation may bring a later answer date, told to the applicant.
    reasons_requested_on = models.DateField("要求说明理由日期（第三十五条）", null=True, blank=True)
    deferred_due_on = models.DateField("延迟答复期限（第三十五条）", null=True, blank=True)

    answer_type = models.CharField(
        "办理结果", max_length=12, choices=[(c, answer_type_display(c)) for c, _, _ in ANSWER_TYPES], blank=True
    )
    answer_text = models.TextField("答复内容", blank=True)
    # The form of Arts. 30, 35–39 the 答复书 takes, and the details it needs (answer_kinds.py).
    answer_kind = models.CharField("答复形式", max_length=12, blank=True)
    answer_details = models.JSONField("答复要素", default=dict, blank=True)
    answer_number = models.CharField("答复书文号", max_length=60, blank=True)
    answer_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    answer_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # A 答复 prepared (拟定) and waiting for the office to sign it off (签发): answer_type, kind,
    # details, text, entries, prepared_by, prepared_by_name, prepared_by_office, prepared_at.
    answer_draft = models.JSONField("待签发的答复", default=dict, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    # 条例 Art. 33: answered at once when the request was made (at the counter); 0 working days.
    answered_on_the_spot = models.BooleanField("当场答复", default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_entries = models.ManyToManyField(
        "pages.DisclosureEntry", verbose_name="提供的公开信息", blank=True, related_name="+"
    )
    answer_document = models.FileField(
        "答复书", upload_to="disclosure-requests/answers/%Y/", storage=private_storage, blank=True
    )
    signed_document = models.FileField(
        "签章答复书", upload_to="disclosure-requests/signed/%Y/", storage=private_storage, blank=True
    )
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_method = models.CharField("送达方式", max_length=12, choices=Delivery.choices, blank=True)
    delivery_note = models.CharField("送达说明", max_length=300, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        db_table = "workflows_disclosurerequest"  # created when these models lived in workflows/
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["portal", "answer_year", "answer_serial"],
                condition=models.Q(answer_serial__isnull=False),
                name="answer_number_unique_per_portal_year",
            )
        ]

    def __str__(self):
        return f"{self.tracking_code}（{self.get_state_display()}）"

    # The handling page shows a natural person's ID and phone numbers masked (shoulder-surfing,
    # screenshots in reports and manuals); the whole number is one click away for identity checks.
    # An organisation's 统一社会信用代码 is public and shown as it is.
    @property
    def id_number_shown(self):
        if self.applicant_type != ApplicantType.PERSON:
            return self.id_number
        return mask(self.id_number) if len(digits_of(self.id_number)) >= 8 else self.id_number

    @property
    def phone_shown(self):
        return mask(self.phone) if len(digits_of(self.phone)) >= 8 else self.phone

    @staticmethod
    def report_column_for(applicant_type, organization_kind):
        if applicant_type == ApplicantType.PERSON:
            return TABLE3_COLUMNS[0]
        return OrganizationKind(organization_kind or OrganizationKind.OTHER).label

    @property
    def report_column(self):
        """The column of table (三) this request is counted in."""
        return self.report_column_for(self.applicant_type, self.organization_kind)

    @property
    def received_rule(self):
        """Which rule of Art. 31 fixed the received date (the receipt quotes it)."""
        return RECEIVED_RULES.get(self.channel, "")

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def fee_pending(self):
        """A fee notice went out and the applicant has not paid yet."""
        return bool(self.fee_notified_on and not self.fee_paid_on)

    def fee_display(self):
        if not self.fee_notified_on:
            return ""
        text = f"{self.fee}元（{self.get_fee_method_display()}），{self.fee_notified_on} 发出收费通知"
        if self.fee_paid_on:
            return text + f"，{self.fee_paid_on} 已缴纳"
        return text + f"，缴费截止 {self.fee_due_on}"

    @property
    def answer_type_label(self):
        return answer_type_display(self.answer_type)

    @property
    def answer_kind_label(self):
        kind = KINDS.get(self.answer_kind)
        return kind.label if kind else ""

    def due_display(self):
        if self.due_paused:
            return "缴费期间不计入期限" if self.fee_pending else "征求意见期间不计入期限"
        if not self.due_on:
            return "—"
        return self.due_on.isoformat() + ("（暂定）" if self.due_provisional else "")

    due_display.short_description = "答复期限"


class RequestAttachment(models.Model):
    disclosure_request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to="disclosure-requests/attachments/%Y/", storage=private_storage)
    original_name = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("大小（字节）")
    purpose = models.CharField(
        "用途", max_length=20, default="application", choices=[("application", "申请材料"), ("correction", "补正材料")]
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "申请附件"
        db_table = "workflows_requestattachment"  # created when these models lived in workflows/

    def __str__(self):
        return self.original_name


class RequestConsultation(models.Model):
    """征求意见: a third party (Art. 32) or another body (Art. 34); its time is not counted, up to
    the reply deadline (15 working days from receipt of the letter): then the answer clock
    resumes by itself, whether or not the reply came (``lapsed``)."""

    KIND_CHOICES = [("third_party", "征求第三方意见"), ("other_body", "征求其他机关意见")]

    disclosure_request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("类型", max_length=12, choices=KIND_CHOICES)
    party = models.CharField("征求对象", max_length=200)
    started_on = models.DateField("发出征求意见日期")
    letter_received_on = models.DateField(
        "对方收到征求意见书日期",
        null=True,
        blank=True,
        help_text="第三方的15个工作日自其收到之日起算；未知时按发出日期",
    )
    reply_due_on = models.DateField("答复期限", null=True, blank=True)
    ended_on = models.DateField("收到意见或征求结束日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    reminded_on = models.DateField("最近提醒日期", null=True, blank=True, editable=False)
    lapsed = models.BooleanField("逾期未答复", default=False)
    objected = models.BooleanField("第三方不同意公开", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "征求意见"
        db_table = "workflows_requestconsultation"  # created when these models lived in workflows/
        ordering = ["started_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.party}"


class RequestEvent(models.Model):
    """The history of a request. ``public_text`` is what the status page shows (never personal data)."""

    disclosure_request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField("时间", default=timezone.now)
    action = models.CharField("操作", max_length=30)
    state = models.CharField("状态", max_length=12, choices=RequestState.choices)
    public_text = models.CharField("公开说明", max_length=300)
    note = models.TextField("内部说明", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理记录"
        db_table = "workflows_requestevent"  # created when these models lived in workflows/
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.public_text}"
