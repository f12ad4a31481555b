"""``approved_for()`` — the rule a plain ``Revision.publish()`` (admin button, bulk action,
scheduler) relies on: this exact revision was approved at every step of one approved submission,
each step by someone other than that submission's submitter and the revision's author, or it was
force-published.

The records are written directly, so the rule is tested on its own: the moderation services
already refuse a submitter's approval, which would hide a broken ``approved_for()`` behind them.
"""

import pytest
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from pages.models import DisclosureEntry, ForcedPublication
from pages.publishing.pipeline import NotApproved, approved_for

from ..factories import make_user, new_entry


@pytest.fixture
def people(catalog, portal):
    finance = catalog["finance"]
    return {
        "author": make_user("rule_author", finance.editors_group),
        "submitter": make_user("rule_submitter", finance.editors_group, finance.reviewers_group),
        "reviewer": make_user("rule_reviewer", finance.reviewers_group),
        "leader": make_user("rule_leader", portal.leaders_group),
        "other": make_user("rule_other", finance.reviewers_group, portal.leaders_group),
    }


@pytest.fixture
def entry(catalog, people):
    entry = new_entry(catalog["budget"], title="四眼原则")
    entry.save_revision(user=people["author"])
    return DisclosureEntry.objects.get(pk=entry.pk)


def steps(entry):
    """(部门审核, 领导审批) of the entry's workflow, in order."""
    tasks = list(entry.get_workflow().tasks.filter(active=True).order_by("workflow_tasks__sort_order"))
    assert [t.specific.__class__.__name__ for t in tasks] == ["DepartmentReviewTask", "LeaderApprovalTask"]
    return tasks


def submission(entry, submitter, approvals, status=WorkflowState.STATUS_APPROVED, workflow=None):
    """A submission by ``submitter`` with ``approvals``: [(task, finished_by, revision, status)]."""
    state = WorkflowState.objects.create(
        content_type=entry.get_content_type(),
        base_content_type=entry.get_base_content_type(),
        object_id=str(entry.pk),
        workflow=workflow or entry.get_workflow(),
        status=status,
        requested_by=submitter,
    )
    for task, user, revision, *task_status in approvals:
        TaskState.objects.create(
            workflow_state=state,
            task=task,
            revision=revision,
            status=task_status[0] if task_status else TaskState.STATUS_APPROVED,
            finished_by=user,
            finished_at=timezone.now(),
        )
    return state


def test_both_steps_by_other_people_approve_the_revision(entry, people):
    department, leader = steps(entry)
    revision = entry.get_latest_revision()
    submission(
        entry, people["submitter"], [(department, people["reviewer"], revision), (leader, people["leader"], revision)]
    )
    assert approved_for(revision)


def test_one_person_may_approve_both_steps_when_neither_submitter_nor_author(entry, people):
    department, leader = steps(entry)
    revision = entry.get_latest_revision()
    submission(
        entry, people["submitter"], [(department, people["other"], revision), (leader, people["other"], revision)]
    )
    assert approved_for(revision)


@pytest.mark.parametrize("step", [0, 1])
def test_submitter_approving_a_step_does_not_count(entry, people, step):
    tasks = steps(entry)
    revision = entry.get_latest_revision()
    approvers = [people["reviewer"], people["leader"]]
    approvers[step] = people["submitter"]
    submission(entry, people["submitter"], [(t, u, revision) for t, u in zip(tasks, approvers)])
    assert not approved_for(revision)


@pytest.mark.parametrize("step", [0, 1])
def test_author_of_the_revision_approving_a_step_does_not_count(entry, people, step):
    tasks = steps(entry)
    revision = entry.get_latest_revision()
    assert revision.user == people["author"]
    approvers = [people["reviewer"], people["leader"]]
    approvers[step] = people["author"]
    submission(entry, people["submitter"], [(t, u, revision) for t, u in zip(tasks, approvers)])
    assert not approved_for(revision)


def test_the_author_is_the_revisions_not_a_later_editors(entry, people):
    """Four-eyes is about the content approved: a later revision's author may have approved this one."""
    department, leader = steps(entry)
    revision = entry.get_latest_revision()
    submission(
        entry, people["submitter"], [(department, people["reviewer"], revision), (leader, people["leader"], revision)]
    )
    later = entry.get_latest_revision_as_object()
    later.title = "后来的修改"
    later.save_revision(user=people["reviewer"])
    assert approved_for(revision)


@pytest.mark.parametrize("approved_step", [0, 1])
def test_one_step_approved_is_not_enough(entry, people, approved_step):
    tasks = steps(entry)
    revision = entry.get_latest_revision()
    approver = [people["reviewer"], people["leader"]][approved_step]
    submission(entry, people["submitter"], [(tasks[approved_step], approver, revision)])
    assert not approved_for(revision)


@pytest.mark.parametrize("other_status", [TaskState.STATUS_REJECTED, TaskState.STATUS_IN_PROGRESS])
def test_a_step_rejected_or_still_open_is_not_approved(entry, people, other_status):
    department, leader = steps(entry)
    revision = entry.get_latest_revision()
    submission(
        entry,
        people["submitter"],
        [(department, people["reviewer"], revision), (leader, people["leader"], revision, other_status)],
    )
    assert not approved_for(revision)


def test_approval_of_another_revision_does_not_carry_over(entry, people):
    department, leader = steps(entry)
    approved = entry.get_latest_revision()
    submission(
        entry, people["submitter"], [(department, people["reviewer"], approved), (leader, people["leader"], approved)]
    )
    edited = entry.get_latest_revision_as_object()
    edited.body = "<p>审批后改动的正文</p>"
    newer = edited.save_revision(user=people["author"])
    assert approved_for(approved) and not approved_for(newer)


def test_steps_approved_on_different_revisions_do_not_add_up(entry, people):
    department, leader = steps(entry)
    first = entry.get_latest_revision()
    edited = entry.get_latest_revision_as_object()
    edited.body = "<p>部门审核后改动的正文</p>"
    second = edited.save_revision(user=people["author"])
    submission(
        entry, people["submitter"], [(department, people["reviewer"], first), (leader, people["leader"], second)]
    )
    assert not approved_for(first) and not approved_for(second)


def test_steps_approved_in_different_submissions_do_not_add_up(entry, people):
    department, leader = steps(entry)
    revision = entry.get_latest_revision()
    submission(entry, people["submitter"], [(department, people["reviewer"], revision)])
    submission(entry, people["submitter"], [(leader, people["leader"], revision)])
    assert not approved_for(revision)


@pytest.mark.parametrize(
    "status", [WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES, WorkflowState.STATUS_CANCELLED]
)
def test_only_a_finished_approved_submission_counts(entry, people, status):
    department, leader = steps(entry)
    revision = entry.get_latest_revision()
    submission(
        entry,
        people["submitter"],
        [(department, people["reviewer"], revision), (leader, people["leader"], revision)],
        status=status,
    )
    assert not approved_for(revision)


def test_an_approval_without_a_recorded_approver_does_not_count(entry, people):
    department, leader = steps(entry)
    revision = entry.get_latest_revision()
    submission(entry, people["submitter"], [(department, people["reviewer"], revision), (leader, None, revision)])
    assert not approved_for(revision)


def test_another_entrys_approvals_do_not_count(entry, people, catalog):
    department, leader = steps(entry)
    other = new_entry(catalog["budget"], title="另一条信息")
    other.save_revision(user=people["author"])
    other = DisclosureEntry.objects.get(pk=other.pk)
    revision = entry.get_latest_revision()
    # The other entry's submission names this revision (it never would): still not this entry's.
    submission(
        other, people["submitter"], [(department, people["reviewer"], revision), (leader, people["leader"], revision)]
    )
    assert not approved_for(revision)


def test_a_later_approved_submission_of_the_same_revision_is_found(entry, people):
    """A submission with a four-eyes problem does not hide an earlier or later proper one."""
    department, leader = steps(entry)
    revision = entry.get_latest_revision()
    submission(
        entry, people["submitter"], [(department, people["reviewer"], revision), (leader, people["leader"], revision)]
    )
    submission(
        entry, people["reviewer"], [(department, people["reviewer"], revision), (leader, people["leader"], revision)]
    )
    assert approved_for(revision)


def test_a_workflow_without_both_approval_steps_approves_nothing(entry, people):
    """Wagtail's one-step default (a plain group approval), assigned by mistake, is no 部门审核 and 领导审批."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    workflow = Workflow.objects.create(name="单步审核")
    task = GroupApprovalTask.objects.create(name="审核")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    revision = entry.get_latest_revision()
    submission(entry, people["submitter"], [(task, people["other"], revision)], workflow=workflow)
    assert not approved_for(revision)


def test_every_step_of_the_workflow_is_needed_not_only_the_two_approvals(entry, people):
    """A workflow with a third step: 部门审核 and 领导审批 alone do not make the revision approved."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    department, leader = steps(entry)
    workflow = Workflow.objects.create(name="三步审核")
    third = GroupApprovalTask.objects.create(name="保密审查")
    for order, task in enumerate([department, leader, third]):
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    revision = entry.get_latest_revision()
    two = [(department, people["reviewer"], revision), (leader, people["leader"], revision)]
    submission(entry, people["submitter"], two, workflow=workflow)
    assert not approved_for(revision)
    submission(entry, people["submitter"], [*two, (third, people["other"], revision)], workflow=workflow)
    assert approved_for(revision)


def test_no_submission_means_not_approved(entry):
    assert not approved_for(entry.get_latest_revision())


def test_forced_publication_of_this_revision_counts_and_only_of_this_one(entry, people):
    revision = entry.get_latest_revision()
    ForcedPublication.objects.create(entry=entry, revision=revision, forced_by=people["leader"], reason="紧急")
    edited = entry.get_latest_revision_as_object()
    edited.title = "强制发布后修改"
    newer = edited.save_revision(user=people["author"])
    assert approved_for(revision) and not approved_for(newer)


def test_plain_publish_follows_the_rule(entry, people):
    """``Revision.publish()`` is refused exactly when the rule says not approved."""
    department, leader = steps(entry)
    revision = entry.get_latest_revision()
    submission(entry, people["submitter"], [(department, people["reviewer"], revision)])
    with pytest.raises(NotApproved, match="^须经部门审核和领导审批（或由领导强制发布）后才能发布$"):
        revision.publish()  # as the scheduler does: no user, only the rule
    assert not DisclosureEntry.objects.get(pk=entry.pk).live
    submission(
        entry, people["submitter"], [(department, people["reviewer"], revision), (leader, people["leader"], revision)]
    )
    revision.publish()  # as the scheduler does: no user, only the rule
    assert DisclosureEntry.objects.get(pk=entry.pk).live


def test_a_batch_gets_each_revisions_own_answer(entry, people, catalog):
    """``approved_revisions`` (批量审批 reads the rule for a whole batch at once) answers for each
    revision what ``approved_for`` answers for it alone, whatever the others in the batch."""
    from pages.publishing.approval import approved_revisions

    department, leader = steps(entry)
    forced_entry = new_entry(catalog["budget"], title="强制发布的")
    forced = forced_entry.get_latest_revision()
    ForcedPublication.objects.create(entry=forced_entry, revision=forced, forced_by=people["leader"], reason="紧急")
    pending_entry = new_entry(catalog["budget"], title="未审批的")
    pending = pending_entry.get_latest_revision()
    approved_entry = new_entry(catalog["budget"], title="两级审批通过的")
    approved = approved_entry.get_latest_revision()
    revision = entry.get_latest_revision()
    for target, rev in ((entry, revision), (approved_entry, approved)):
        submission(
            target, people["submitter"], [(department, people["reviewer"], rev), (leader, people["leader"], rev)]
        )
    batch = [forced, pending, revision, approved]
    expected = {r.pk for r in batch if approved_for(r)}
    assert expected == {forced.pk, revision.pk, approved.pk}
    for order in (batch, batch[::-1]):
        assert approved_revisions(order) == expected


def test_a_batch_is_read_in_the_same_queries_however_large(people, catalog):
    """批量审批 reads the rule once per batch: the queries do not grow with the revisions."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pages.publishing.approval import approved_revisions

    revisions = []
    for n in range(6):
        target = new_entry(catalog["budget"], title=f"批量{n}")
        target.save_revision(user=people["author"])
        target = DisclosureEntry.objects.get(pk=target.pk)
        department, leader = steps(target)
        rev = target.get_latest_revision()
        submission(
            target, people["submitter"], [(department, people["reviewer"], rev), (leader, people["leader"], rev)]
        )
        revisions.append(rev)
    counts = []
    for size in (2, 6):
        with CaptureQueriesContext(connection) as queries:
            assert approved_revisions(revisions[:size]) == {r.pk for r in revisions[:size]}
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
