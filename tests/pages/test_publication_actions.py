"""The publication action classes called directly, outside any request: what each records is
its own doing, not filled in by the admin's log context (a request's user)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import PageLogEntry

from pages.models import DisclosureEntry, ForcedPublication
from pages.publishing.admission import GUARD_LOG_ACTION, REFUSED_LOG_ACTION, PublicationRefused, record_refusal
from pages.publishing.approval import NotApproved
from pages.publishing.force_action import FORCE_LOG_ACTION, ForcePublishAction
from pages.publishing.guards import check_publication
from pages.publishing.import_action import IMPORT_PUBLISH_LOG_ACTION
from pages.publishing.pipeline import publish_entry
from pages.publishing.publish_action import EntryPublishAction
from pages.publishing.retract_action import RETRACT_LOG_ACTION, RetractEntryAction
from pages.publishing.scheduled_action import ScheduledPublishAction

from ..factories import make_user, new_entry, travel


def test_the_import_route_records_an_import_publication(catalog):
    entry = new_entry(catalog["budget"], title="导入发布")
    verdict = publish_entry(entry)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert verdict.passed and entry.live and entry.index_number
    record = PageLogEntry.objects.get(page=entry, action=IMPORT_PUBLISH_LOG_ACTION)
    assert record.revision_id == entry.live_revision_id and record.user is None


def test_a_retraction_records_the_leader_and_the_reason(catalog, portal):
    leader = make_user("actions_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="将被撤回")
    publish_entry(entry)
    retracted = RetractEntryAction(DisclosureEntry.objects.get(pk=entry.pk), leader, "  内容有误  ").execute()
    assert not retracted.live and retracted.retracted_by == leader and retracted.retraction_reason == "内容有误"
    record = PageLogEntry.objects.get(page=entry, action=RETRACT_LOG_ACTION)
    assert record.user == leader and record.data == {"reason": "内容有误"}


def test_a_scheduled_refusal_is_recorded_with_its_revision_and_drops_the_schedule(catalog):
    entry = new_entry(catalog["budget"], title="未经审批的定时发布")
    revision = entry.get_latest_revision()
    assert ScheduledPublishAction(revision).execute() is None
    assert not DisclosureEntry.objects.get(pk=entry.pk).live
    record = PageLogEntry.objects.get(page=entry, action=REFUSED_LOG_ACTION)
    assert record.revision_id == revision.pk
    assert record.data == {"reason": "须经部门审核和领导审批（或由领导强制发布）后才能发布"}
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None


def test_only_a_leader_retracts_a_live_entry_and_only_with_a_reason(catalog, portal):
    leader, clerk = make_user("retract_leader", portal.leaders_group), make_user("retract_clerk")
    entry = new_entry(catalog["budget"], title="撤回的条件")
    publish_entry(entry)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    with pytest.raises(PermissionDenied, match="^只有领导或管理员可以撤回$"):
        RetractEntryAction(entry, clerk, "内容有误").execute()
    with pytest.raises(ValidationError) as refused:
        RetractEntryAction(entry, leader, "   ").execute()
    assert refused.value.messages == ["撤回必须填写理由"]
    assert DisclosureEntry.objects.get(pk=entry.pk).live
    assert not PageLogEntry.objects.filter(page=entry, action=RETRACT_LOG_ACTION).exists()
    draft = new_entry(catalog["budget"], title="未发布的信息")
    with pytest.raises(PermissionDenied, match="^此信息未发布$"):
        RetractEntryAction(draft, leader, "内容有误").execute()
    retracted = RetractEntryAction(entry, leader, "内容有误").execute()
    assert retracted.retracted_at is not None and retracted.index_number == entry.index_number


def test_only_a_leader_forces_a_publication_with_a_reason_and_passing_guards(catalog, portal):
    leader, clerk = make_user("force_leader", portal.leaders_group), make_user("force_clerk")
    entry = new_entry(catalog["budget"], title="强制发布的条件")
    revision = entry.get_latest_revision()
    with pytest.raises(PermissionDenied, match="^只有领导或管理员可以强制发布$"):
        ForcePublishAction(revision, clerk, "紧急").execute()
    with pytest.raises(ValidationError) as refused:
        ForcePublishAction(revision, leader, "  ").execute()
    assert refused.value.messages == ["强制发布必须填写理由"]
    secret = new_entry(catalog["budget"], title="涉密", classification="机密", classified_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError) as refused:
        ForcePublishAction(secret.get_latest_revision(), leader, "紧急").execute()
    assert refused.value.messages == ["保密审查未通过，不能强制发布：" + check_publication(secret).summary()]
    assert not ForcedPublication.objects.exists()
    assert not DisclosureEntry.objects.filter(pk__in=[entry.pk, secret.pk], live=True).exists()


def test_a_forced_publication_records_its_leader_reason_and_revision(catalog, portal):
    leader = make_user("force_leader2", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="强制发布的记录")
    revision = entry.get_latest_revision()
    record = ForcePublishAction(revision, leader, "  防汛紧急  ").execute()
    assert (record.entry_id, record.revision_id, record.forced_by, record.reason) == (
        entry.pk,
        revision.pk,
        leader,
        "防汛紧急",
    )
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert entry.live and entry.index_number and entry.live_revision_id == revision.pk
    forced = PageLogEntry.objects.get(page=entry, action=FORCE_LOG_ACTION)
    assert (forced.user, forced.revision_id, forced.data) == (leader, revision.pk, {"reason": "防汛紧急"})
    check = PageLogEntry.objects.get(page=entry, action=GUARD_LOG_ACTION)
    assert (check.user, check.revision_id) == (leader, revision.pk)
    assert check.data == check_publication(entry).as_dict() and check.data["passed"] is True


def test_a_plain_publication_needs_an_approved_revision_then_passing_guards(catalog, portal):
    leader = make_user("plain_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="含个人信息", body="<p>联系人手机13812345678</p>")
    revision = entry.get_latest_revision()
    with pytest.raises(NotApproved, match="^须经部门审核和领导审批（或由领导强制发布）后才能发布$"):
        EntryPublishAction(revision, user=leader).execute(skip_permission_checks=True)
    ForcedPublication.objects.create(entry=entry, revision=revision, forced_by=leader, reason="已批准")
    with pytest.raises(PublicationRefused) as refused:
        EntryPublishAction(revision, user=leader).execute(skip_permission_checks=True)
    verdict = check_publication(entry)
    assert str(refused.value) == "不得发布：" + verdict.summary() and refused.value.check.as_dict() == verdict.as_dict()
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert not entry.live and not entry.index_number


def test_a_scheduled_revision_refused_by_the_guards_records_their_verdict(catalog, portal):
    leader = make_user("scheduled_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="定时发布含个人信息", body="<p>联系人手机13812345678</p>")
    revision = entry.get_latest_revision()
    ForcedPublication.objects.create(entry=entry, revision=revision, forced_by=leader, reason="已批准")
    assert ScheduledPublishAction(revision).execute() is None
    record = PageLogEntry.objects.get(page=entry, action=REFUSED_LOG_ACTION)
    assert record.revision_id == revision.pk and record.data == check_publication(entry).as_dict()
    assert record.data["passed"] is False and not DisclosureEntry.objects.get(pk=entry.pk).live


def test_no_reason_given_is_no_reason(catalog, portal):
    leader = make_user("no_reason_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="没有理由")
    with pytest.raises(ValidationError) as refused:
        ForcePublishAction(entry.get_latest_revision(), leader, None).execute()
    assert refused.value.messages == ["强制发布必须填写理由"]
    publish_entry(entry)
    with pytest.raises(ValidationError) as refused:
        RetractEntryAction(DisclosureEntry.objects.get(pk=entry.pk), leader, None).execute()
    assert refused.value.messages == ["撤回必须填写理由"]
    assert DisclosureEntry.objects.get(pk=entry.pk).live


def test_publication_dates_an_undated_entry_and_keeps_a_given_date(catalog):
    with travel("2025-03-10"):
        undated = new_entry(catalog["budget"], title="未填发布日期", published_on=None)
        dated = new_entry(catalog["budget"], title="已填发布日期")  # 1 March 2025
        due_now = new_entry(catalog["budget"], title="上线时间即此刻", go_live_at=timezone.now())
        for entry in (undated, dated, due_now):
            assert publish_entry(entry).passed
    undated, dated, due_now = (DisclosureEntry.objects.get(pk=e.pk) for e in (undated, dated, due_now))
    assert undated.published_on == datetime.date(2025, 3, 10) and dated.published_on == datetime.date(2025, 3, 1)
    # A go-live time that is now is not in the future: the entry goes live now, with its 索引号.
    assert due_now.live and due_now.index_number


def test_a_plain_publication_checks_the_users_permission_even_for_an_approved_revision(catalog, portal):
    leader, clerk = make_user("permission_leader", portal.leaders_group), make_user("permission_clerk")
    entry = new_entry(catalog["budget"], title="无发布权限")
    revision = entry.get_latest_revision()
    ForcedPublication.objects.create(entry=entry, revision=revision, forced_by=leader, reason="已批准")
    with pytest.raises(PermissionDenied) as refused:
        EntryPublishAction(revision, user=clerk).execute()
    assert not isinstance(refused.value, (NotApproved, PublicationRefused))
    assert not DisclosureEntry.objects.get(pk=entry.pk).live


def test_a_refusal_is_recorded_with_the_user_who_met_it(catalog, portal):
    leader = make_user("refusal_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="审批时被拒")
    revision = entry.get_latest_revision()
    record_refusal(entry, NotApproved(), leader, revision)
    record = PageLogEntry.objects.get(page=entry, action=REFUSED_LOG_ACTION)
    assert (record.user, record.revision_id) == (leader, revision.pk)
    assert record.data == {"reason": "须经部门审核和领导审批（或由领导强制发布）后才能发布"}


def test_a_retractions_unpublish_record_names_the_leader(catalog, portal):
    """A retraction's unpublish record (`wagtail.unpublish`) is the leader's, like its 撤回 record."""
    leader = make_user("unpublish_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="撤回留痕")
    publish_entry(entry)
    RetractEntryAction(DisclosureEntry.objects.get(pk=entry.pk), leader, "内容有误").execute()
    assert PageLogEntry.objects.get(page=entry, action="wagtail.unpublish").user == leader


def test_publishing_a_retracted_entry_again_clears_its_retraction(catalog, portal):
    leader = make_user("republish_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="撤回后重新发布")
    publish_entry(entry)
    RetractEntryAction(DisclosureEntry.objects.get(pk=entry.pk), leader, "内容有误").execute()
    publish_entry(DisclosureEntry.objects.get(pk=entry.pk))
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert entry.live and (entry.retracted_at, entry.retracted_by, entry.retraction_reason) == (None, None, "")


def test_publishing_an_older_revision_again_is_recorded_as_a_revert(catalog, portal):
    # Wagtail's revert: a new revision made from an older one, published with ``previous_revision``;
    # its log names the revision reverted to.
    leader = make_user("revert_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="原标题")
    assert publish_entry(entry).passed
    first = DisclosureEntry.objects.get(pk=entry.pk).live_revision
    edited = DisclosureEntry.objects.get(pk=entry.pk)
    edited.title = "改后的标题"
    second = edited.save_revision(user=leader)
    ForcedPublication.objects.create(entry=edited, revision=second, forced_by=leader, reason="更正")
    EntryPublishAction(second, user=leader).execute(skip_permission_checks=True)
    reverted = first.as_object().save_revision(user=leader)
    ForcedPublication.objects.create(entry=edited, revision=reverted, forced_by=leader, reason="恢复原版")
    EntryPublishAction(reverted, user=leader, previous_revision=first).execute(skip_permission_checks=True)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert entry.title == "原标题" and entry.live_revision_id == reverted.pk
    record = PageLogEntry.objects.filter(page=entry, action="wagtail.publish").latest("pk")
    assert record.revision_id == reverted.pk and record.user == leader
    assert record.data["revision"]["id"] == first.pk
