"""The one publishing pipeline.

Every route to the public passes ``admit_for_publication()``: the guards
(``pages.publishing.guards.check_publication``), then the 索引号 and 发布日期, then
the audit record of the guard verdict (保密审查). Two callers make pages live:

* ``EntryPublishAction`` — ``DisclosureEntry.publish()``, which Wagtail's
  ``Revision.publish()`` calls for the admin, workflow approval, scheduled
  publishing, bulk actions, the API and commands;
* ``create_published_entry()`` — the import of already-published history
  (``import_entries --publish``), which creates the page live in one write
  instead of creating, revising and re-saving it.

Neither bypasses the guards; a refused entry stays a draft.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.log_actions import log
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import page_published

from .guards import check_publication
from .index_numbers import allocate_index_number

GUARD_LOG_ACTION = "gongkai.publication_check"
IMPORT_PUBLISH_LOG_ACTION = "gongkai.import_publish"
REFUSED_LOG_ACTION = "gongkai.publication_refused"

# Routes that carry their own authority: the finished workflow, a recorded
# 强制发布, and operator commands (import, management commands) run without a user.
AUTHORISED_ROUTES = {"workflow", "force", "import", "command"}


class PublicationRefused(PermissionDenied):
    """Raised when a guard refuses publication; ``check`` holds every verdict."""

    def __init__(self, check):
        self.check = check
        super().__init__("不得发布：" + check.summary())


def approved_for(revision):
    """Has this exact revision passed every step, each by someone other than its submitter and author?

    Or was it force-published (强制发布)? Either makes it publishable by a plain
    ``Revision.publish()`` (the scheduler, the admin).
    """
    from pages.models import ForcedPublication

    if ForcedPublication.objects.filter(revision=revision).exists():
        return True
    entry = revision.content_object
    states = WorkflowState.objects.for_instance(entry).filter(status=WorkflowState.STATUS_APPROVED)
    for workflow_state in states.order_by("-created_at"):
        task_ids = set(workflow_state.workflow.tasks.filter(active=True).values_list("pk", flat=True))
        approved = workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED, revision=revision)
        # This submission's requester and this revision's author (not whoever edits later).
        forbidden = {workflow_state.requested_by_id, revision.user_id}
        ok = {ts.task_id for ts in approved if ts.finished_by_id and ts.finished_by_id not in forbidden}
        if task_ids and task_ids <= ok:
            return True
    return False


class NotApproved(PermissionDenied):
    def __init__(self):
        super().__init__("须经部门审核和领导审批（或由领导强制发布）后才能发布")


def admit_for_publication(entry, today=None):
    """Run the guards; when they pass, give the entry its 索引号 and 发布日期.

    Must run inside the transaction that makes the entry live, so a rolled
    back publication does not consume a serial that was never shown.
    """
    check = check_publication(entry, today)
    if check.passed:
        if entry.published_on is None:
            entry.published_on = timezone.localdate()
        allocate_index_number(entry)
        entry.retracted_at, entry.retracted_by, entry.retraction_reason = None, None, ""
    return check


def record_check(entry, check, user=None, revision=None):
    log(instance=entry, action=GUARD_LOG_ACTION, user=user, data=check.as_dict(), revision=revision)


class EntryPublishAction(PublishPageRevisionAction):
    def __init__(self, revision, route="wagtail", **kwargs):
        super().__init__(revision, **kwargs)
        self.route = route

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.route not in AUTHORISED_ROUTES and not approved_for(self.revision):
            raise NotApproved()
        self.publication_check = check_publication(self.object)
        if not self.publication_check.passed:
            raise PublicationRefused(self.publication_check)

    def _publish_revision(self, revision, object, user, changed, log_action, previous_revision=None):
        if not (object.go_live_at and object.go_live_at > timezone.now()):
            admit_for_publication(object)
        return super()._publish_revision(revision, object, user, changed, log_action, previous_revision)

    def execute(self, skip_permission_checks=False):
        with transaction.atomic():
            self.check(skip_permission_checks=skip_permission_checks)
            result = self._publish_revision(
                self.revision,
                self.object,
                user=self.user,
                changed=self.changed,
                log_action=self.log_action,
                previous_revision=self.previous_revision,
            )
            if self.log_action:
                record_check(self.object, self.publication_check, self.user, self.revision)
            return result


def publish_entry(entry, user=None, *, route="command", revision=None):
    """Publish an existing entry (its latest revision, or ``revision``).

    Returns the PublicationCheck; when it did not pass nothing was published.
    Operator routes (import, commands) pass no user and skip the permission
    check, never the guards.
    """
    check = check_publication(entry)
    if not check.passed:
        return check
    if revision is None:
        revision = entry.save_revision(user=user, log_action=False, clean=False)
    log_action = IMPORT_PUBLISH_LOG_ACTION if route == "import" else True
    EntryPublishAction(revision, route=route, user=user, log_action=log_action).execute(
        skip_permission_checks=user is None or route in AUTHORISED_ROUTES
    )
    return check


def record_refusal(entry, exc, user=None, revision=None):
    data = exc.check.as_dict() if isinstance(exc, PublicationRefused) else {"reason": str(exc)}
    log(instance=entry, action=REFUSED_LOG_ACTION, user=user, data=data, revision=revision)


@transaction.atomic
def create_published_entry(parent, entry, user=None, add_child=None):
    """Create ``entry`` under ``parent`` and publish it if the guards pass.

    For imported history: the row is written live with its 索引号, one
    revision becomes both latest and live, and the same audit records and
    ``page_published`` signal as any other publication follow.
    """
    check = admit_for_publication(entry)
    entry.live = check.passed
    if check.passed:
        entry.first_published_at = entry.first_published_at or timezone.now()
        entry.last_published_at = timezone.now()
    if add_child:
        add_child(parent, entry)
    else:
        parent.add_child(instance=entry)
    revision = entry.save_revision(user=user, log_action=False, clean=False)
    if check.passed:
        entry.live_revision = revision
        entry.has_unpublished_changes = False
        Page.objects.filter(pk=entry.pk).update(live_revision=revision, has_unpublished_changes=False)
        log(instance=entry, action=IMPORT_PUBLISH_LOG_ACTION, user=user, revision=revision)
        record_check(entry, check, user, revision)
        page_published.send(sender=type(entry), instance=entry, revision=revision)
    return check
