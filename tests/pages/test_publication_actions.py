"""The publication action classes called directly, outside any request: what each records is
its own doing, not filled in by the admin's log context (a request's user)."""

from wagtail.models import PageLogEntry

from pages.models import DisclosureEntry
from pages.publishing.admission import REFUSED_LOG_ACTION
from pages.publishing.import_action import IMPORT_PUBLISH_LOG_ACTION
from pages.publishing.pipeline import publish_entry
from pages.publishing.retract_action import RETRACT_LOG_ACTION, RetractEntryAction
from pages.publishing.scheduled_action import ScheduledPublishAction

from ..factories import make_user, new_entry


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
