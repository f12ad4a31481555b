"""The staff API's documents: a request's summary and detail (deadline, applicant, events,
consultations, fee, the actions possible now), one builder for GET and after an action."""

from django.utils import timezone
from drf_spectacular.utils import (
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers

from cms.public_intake import error_serializer

from . import actions, services
from .models import DisclosureRequest


class DeadlineSerializer(serializers.Serializer):
    due_on = serializers.DateField(allow_null=True, help_text="答复期限；补正中、征求意见中或待缴费时为空")
    provisional = serializers.BooleanField(help_text="所涉年度节假日安排未公布，期限为暂定")
    paused = serializers.BooleanField(help_text="期限暂停（征求意见或待缴费）")
    display = serializers.CharField()
    clock_start_on = serializers.DateField()
    correction_notice_due_on = serializers.DateField(allow_null=True)
    correction_due_on = serializers.DateField(allow_null=True)
    extension_days = serializers.IntegerField()
    urgency = serializers.ChoiceField(choices=["done", "paused", "overdue", "due_soon", "normal"])


def deadline_data(obj):
    return {
        "due_on": obj.due_on,
        "provisional": obj.due_provisional,
        "paused": obj.due_paused,
        "display": obj.due_display(),
        "clock_start_on": obj.clock_start_on,
        "correction_notice_due_on": obj.correction_notice_due_on,
        "correction_due_on": obj.correction_due_on,
        "extension_days": obj.extension_days,
        "urgency": services.urgency(obj),
    }


class RequestSummarySerializer(serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display")
    channel_display = serializers.CharField(source="get_channel_display")
    department = serializers.IntegerField(source="department_id", allow_null=True)
    department_name = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()

    class Meta:
        model = DisclosureRequest
        fields = [
            "id",
            "tracking_code",
            "state",
            "state_display",
            "channel",
            "channel_display",
            "received_on",
            "applicant_type",
            "organization_kind",
            "department",
            "department_name",
            "deadline",
            "answer_type",
        ]

    def get_department_name(self, obj) -> str:
        return obj.department.name if obj.department_id else ""

    @extend_schema_field(DeadlineSerializer)
    def get_deadline(self, obj):
        return deadline_data(obj)


class ApplicantSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisclosureRequest
        # The request's description is the detail's own field, not the applicant's.
        fields = [name for name in services.APPLICANT_FIELDS if name != "description"]


class EventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    state = serializers.CharField()
    text = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    user = serializers.CharField(allow_blank=True)


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    party = serializers.CharField()
    started_on = serializers.DateField()
    reply_due_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)


class FeeSerializer(serializers.Serializer):
    amount = serializers.CharField(help_text="信息处理费（元）")
    method = serializers.CharField(allow_blank=True)
    notified_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True, help_text="缴费截止日期（收费通知后20个工作日）")
    paid_on = serializers.DateField(allow_null=True)
    pending = serializers.BooleanField()


class ActionLinkSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()


class RequestDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    portal = serializers.CharField()
    state = serializers.CharField()
    state_display = serializers.CharField()
    channel = serializers.CharField()
    received_on = serializers.DateField()
    submitted_at = serializers.DateTimeField()
    department = serializers.IntegerField(allow_null=True)
    department_name = serializers.CharField(allow_blank=True)
    description = serializers.CharField()
    applicant = ApplicantSerializer()
    deadline = DeadlineSerializer()
    extension = inline_serializer(
        "RequestExtension",
        {
            "days": serializers.IntegerField(),
            "reason": serializers.CharField(allow_blank=True),
            "approved_by": serializers.CharField(allow_blank=True),
            "applicant_notified_on": serializers.DateField(allow_null=True),
        },
    )
    fee = FeeSerializer()
    consultations = ConsultationSerializer(many=True)
    answer = inline_serializer(
        "RequestAnswer",
        {
            "type": serializers.CharField(allow_blank=True),
            "type_display": serializers.CharField(allow_blank=True),
            "kind": serializers.CharField(allow_blank=True, help_text="答复形式（条例第三十条、第三十五至三十九条）"),
            "number": serializers.CharField(allow_blank=True, help_text="答复书文号"),
            "details": serializers.DictField(child=serializers.CharField(allow_blank=True)),
            "text": serializers.CharField(allow_blank=True),
            "answered_on": serializers.DateField(allow_null=True),
            "on_the_spot": serializers.BooleanField(help_text="当场答复（条例第三十三条）"),
            "working_days": serializers.IntegerField(allow_null=True, help_text="答复用时（工作日，当场答复为0）"),
            "entries": serializers.ListField(child=serializers.IntegerField()),
            "delivered_on": serializers.DateField(allow_null=True),
            "delivery_method": serializers.CharField(allow_blank=True),
        },
    )
    timeline = EventSerializer(many=True)
    actions = ActionLinkSerializer(many=True)


def detail_data(obj, user, http_request):
    base = http_request.build_absolute_uri(f"/api/v2/staff/requests/{obj.pk}/actions/")
    return {
        "id": obj.pk,
        "tracking_code": obj.tracking_code,
        "portal": obj.portal.slug,
        "state": obj.state,
        "state_display": obj.get_state_display(),
        "channel": obj.channel,
        "received_on": obj.received_on,
        "submitted_at": obj.submitted_at,
        "department": obj.department_id,
        "department_name": obj.department.name if obj.department_id else "",
        "description": obj.description,
        "applicant": ApplicantSerializer(obj).data,
        "deadline": deadline_data(obj),
        "extension": {
            "days": obj.extension_days,
            "reason": obj.extension_reason,
            "approved_by": obj.extension_approved_by.get_username() if obj.extension_approved_by_id else "",
            "applicant_notified_on": obj.extension_applicant_notified_on,
        },
        "fee": {
            "amount": str(obj.fee),
            "method": obj.fee_method,
            "notified_on": obj.fee_notified_on,
            "due_on": obj.fee_due_on,
            "paid_on": obj.fee_paid_on,
            "pending": obj.fee_pending,
        },
        "consultations": [
            {
                "id": c.pk,
                "kind": c.kind,
                "party": c.party,
                "started_on": c.started_on,
                "reply_due_on": c.reply_due_on,
                "ended_on": c.ended_on,
            }
            for c in obj.consultations.all()
        ],
        "answer": {
            "type": obj.answer_type,
            "type_display": obj.answer_type_label,
            "kind": obj.answer_kind,
            "number": obj.answer_number,
            "details": obj.answer_details,
            "text": obj.answer_text,
            "answered_on": obj.answered_on,
            "on_the_spot": obj.answered_on_the_spot,
            "working_days": services.answer_working_days(obj),
            "entries": list(obj.answer_entries.values_list("pk", flat=True)),
            "delivered_on": obj.delivered_on,
            "delivery_method": obj.delivery_method,
        },
        "timeline": [
            {
                "at": timezone.localtime(e.created_at),
                "action": e.action,
                "state": e.get_state_display(),
                "text": e.public_text,
                "note": e.note,
                "user": e.user.get_username() if e.user_id else "",
            }
            for e in obj.events.select_related("user")
        ],
        "actions": [
            {"name": n, "title": actions.ACTIONS[n].label, "url": f"{base}{n}/"}
            for n in actions.available_actions(user, obj)
        ],
    }


ErrorSerializer = error_serializer("ApiError")

# -- views ----------------------------------------------------------------------------------------

PageSerializer = inline_serializer(
    "PaginatedRequestList",
    {
        "count": serializers.IntegerField(),
        "next": serializers.CharField(allow_null=True),
        "previous": serializers.CharField(allow_null=True),
        "results": RequestSummarySerializer(many=True),
    },
)
