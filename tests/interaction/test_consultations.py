"""意见征集 through the services: the period rule, moderation, the 反馈情况 through review, closing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from interaction import services
from interaction.models import ConsultationState
from pages.models import ConsultationFeedbackEntry, DisclosureEntry
from workflows import services as review

from ..factories import new_entry, open_consultation_on

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def draft(catalog, roles):
    entry = new_entry(catalog["dibao"], title="低保审批办法（征求意见稿）", body="<p>起草说明</p>")
    review.force_publish(entry, roles["leader"], "测试发布")
    return DisclosureEntry.objects.get(pk=entry.pk)


def opened(portal, roles, catalog, draft, days=30, reason=""):
    opens_on = TODAY - datetime.timedelta(days=days - 1)
    return open_consultation_on(draft, portal, roles, catalog, opens_on, TODAY, reason)


def test_a_period_under_30_days_needs_a_reason_and_only_the_office_opens(portal, roles, catalog, draft):
    with pytest.raises(ValidationError) as exc:
        opened(portal, roles, catalog, draft, days=10)
    assert "须写明理由" in exc.value.message_dict["short_period_reason"][0]
    assert opened(portal, roles, catalog, draft, days=10, reason="汛期前须出台").pk
    with pytest.raises(PermissionDenied):
        services.open_consultation(
            portal,
            roles["civil_editor"],
            title="x",
            draft_entry=draft,
            department=catalog["civil"],
            opens_on=TODAY,
            closes_on=TODAY + datetime.timedelta(days=30),
        )


def test_feedback_after_the_period_through_review_then_close(portal, roles, catalog, draft):
    consultation = opened(portal, roles, catalog, draft)
    adopted, _ = services.submit_comment(consultation, {"content": "建议缩短审批时限", "name": "李四"})
    rejected, _ = services.submit_comment(consultation, {"content": "广告内容"})
    with pytest.raises(PermissionDenied, match="截止后才能整理"):
        services.prepare_feedback(consultation, roles["office"])
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.raises(PermissionDenied, match="待审核"):
        services.prepare_feedback(consultation, roles["office"], today=tomorrow)
    with pytest.raises(ValidationError, match="未采纳的意见须说明理由"):
        services.moderate_comment(adopted, roles["office"], "accepted", "not_adopted")
    services.moderate_comment(adopted, roles["office"], "accepted", "partly", "审批时限由20日缩短为15日")
    services.moderate_comment(rejected, roles["office"], "rejected")
    entry = services.prepare_feedback(consultation, roles["office"], today=tomorrow)
    assert isinstance(entry, ConsultationFeedbackEntry) and not entry.live
    assert entry.opinions_received == 2 and entry.opinions_partly_adopted == 1
    assert "建议缩短审批时限" in entry.body and "广告内容" not in entry.body and "李四" not in entry.body
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.FEEDBACK
    with pytest.raises(PermissionDenied, match="反馈情况公开发布后"):
        services.close_consultation(consultation, roles["office"])
    review.force_publish(entry, roles["leader"], "测试发布")
    assert services.close_consultation(consultation, roles["office"]).state == ConsultationState.CLOSED
    with pytest.raises(ValidationError, match="不在征集期内"):
        services.submit_comment(consultation, {"content": "晚到的意见"})
