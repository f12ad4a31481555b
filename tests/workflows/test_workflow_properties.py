"""Property test: whatever anyone does, no entry is live without both approvals by people
other than its submitter and author (or a recorded 强制发布) and passed guards.

The oracle is ``Model``, a record of the actions that went through and the rule applied to
it — not ``approved_for()``, the code under test."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pages.models import DisclosureEntry
from pages.publishing.guards import check_publication
from workflows import services

from ..factories import make_user, new_entry

USERS = ["editor", "reviewer", "other_reviewer", "leader", "superuser", "reviewer_leader"]
# publish_direct: the admin's publish button (a user); publish_plain / publish_old: Revision.publish()
# of the latest / the one before, without a user, as the scheduler calls it, where approved_for() is
# the only gate.
ACTIONS = [
    "edit",
    "edit_pii",
    "submit",
    "approve",
    "reject",
    "force",
    "publish_direct",
    "publish_plain",
    "publish_old",
    "retract",
    "resume",
]


@pytest.fixture
def cast(catalog, portal):
    finance, civil = catalog["finance"], catalog["civil"]
    return {
        "editor": make_user("p_editor", finance.editors_group),
        "reviewer": make_user("p_reviewer", finance.reviewers_group),
        "other_reviewer": make_user("p_other", civil.reviewers_group),
        "leader": make_user("p_leader", portal.leaders_group),
        "superuser": make_user("p_root", superuser=True),
        # One person in every approving group: must still never approve own work.
        "reviewer_leader": make_user("p_both", finance.reviewers_group, portal.leaders_group, finance.editors_group),
    }


# Who belongs to which approving group in ``cast`` (the model's own copy of the set-up).
DEPARTMENT_APPROVERS = {"reviewer", "reviewer_leader"}
LEADERS = {"leader", "reviewer_leader"}
MAY_FORCE = LEADERS | {"superuser"}


class Model:
    """The four-eyes rule kept independently of ``approved_for()``: a record of the actions that
    succeeded, and what the rule says follows from them.

    A revision may be live only when it was force-published, or when within one submission both
    steps approved it (the approval counts for the content as it was when the approver acted),
    each by a member of that step's group who is neither that submission's submitter nor the
    revision's author."""

    def __init__(self):
        self.submissions = []  # [{"by": role, "approvals": {(step, revision_pk, role)}}]
        self.forced = set()  # revision pks

    def record(self, action, who, before):
        """``before``: (latest revision pk, current step) just before the action succeeded."""
        latest_pk, step = before
        if action == "submit":
            self.submissions.append({"by": who, "approvals": set()})
        elif action == "approve" and step and self.submissions:
            self.submissions[-1]["approvals"].add((step, latest_pk, who))
        elif action == "force" and who in MAY_FORCE:
            self.forced.add(latest_pk)

    def allows(self, revision, author_role):
        if revision.pk in self.forced:
            return True
        for submission in self.submissions:
            forbidden = {submission["by"], author_role}
            steps = {
                step
                for step, revision_pk, who in submission["approvals"]
                if revision_pk == revision.pk
                and who not in forbidden
                and who in (DEPARTMENT_APPROVERS if step == "department" else LEADERS)
            }
            if steps == {"department", "leader"}:
                return True
        return False


def current_step(entry):
    task_state = entry.current_workflow_task_state
    if task_state is None:
        return None
    return {"部门审核": "department", "领导审批": "leader"}[task_state.task.name]


def perform(entry, action, user):
    """Try ``action``; True when it went through (the model records only those)."""
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    try:
        with transaction.atomic():
            if action in ("edit", "edit_pii"):
                if not entry.permissions_for_user(user).can_edit():
                    return False
                draft = entry.get_latest_revision_as_object()
                draft.body = "<p>更新内容</p>" if action == "edit" else "<p>联系人手机13812345678</p>"
                draft.save_revision(user=user)
            elif action == "submit":
                services.submit(entry, user)
            elif action == "approve":
                services.approve(entry, user)
            elif action == "reject":
                services.reject(entry, user, "请修改")
            elif action == "force":
                services.force_publish(entry, user, "紧急")
            elif action == "publish_direct":
                entry.get_latest_revision().publish(user=user)
            elif action == "publish_plain":
                entry.get_latest_revision().publish()
            elif action == "publish_old":
                revisions = list(entry.revisions.order_by("-created_at", "-pk")[:2])
                if len(revisions) < 2:
                    return False
                revisions[1].publish()
            elif action == "retract":
                services.retract(entry, user, "撤回")
            elif action == "resume":
                state = entry.current_workflow_state
                if not (state and state.status == state.STATUS_NEEDS_CHANGES and user == state.requested_by):
                    return False
                state.resume(user=user)
    except (PermissionDenied, ValidationError):
        return False
    return True


def assert_invariant(entry, model, roles_by_pk):
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    if not entry.live:
        return
    revision = entry.live_revision
    assert entry.index_number, "live without 索引号"
    assert check_publication(revision.as_object()).passed, "live content fails the guards"
    assert model.allows(revision, roles_by_pk.get(revision.user_id)), (
        "live without both approvals by other people or a forced publication"
    )


@pytest.mark.django_db
def test_random_action_sequences_never_break_the_four_eyes_rule(catalog, cast):
    went_live = []
    roles_by_pk = {user.pk: role for role, user in cast.items()}

    @settings(
        max_examples=int(__import__("os").environ.get("PROP_EXAMPLES", "60")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from(USERS)), min_size=1, max_size=14))
    # Known paths, so both ways to the public are always exercised:
    @example([("submit", "editor"), ("approve", "reviewer"), ("approve", "leader")])
    @example(
        [
            ("force", "leader"),
            ("edit", "editor"),
            ("submit", "editor"),
            ("approve", "reviewer_leader"),
            ("approve", "leader"),
            ("retract", "superuser"),
        ]
    )
    @example(
        [
            ("edit", "reviewer_leader"),
            ("submit", "reviewer_leader"),
            ("approve", "reviewer_leader"),
            ("approve", "reviewer"),
            ("approve", "reviewer_leader"),
            ("approve", "leader"),
        ]
    )
    @example([("edit_pii", "editor"), ("submit", "editor"), ("force", "leader"), ("publish_direct", "superuser")])
    # One step approved, then a plain publication: must be refused.
    @example([("submit", "editor"), ("approve", "reviewer"), ("publish_plain", "superuser")])
    # The leader returned the first version; the scheduler must not publish it after the second passed.
    @example(
        [
            ("submit", "editor"),
            ("approve", "reviewer"),
            ("reject", "leader"),
            ("edit", "editor"),
            ("resume", "editor"),
            ("approve", "reviewer"),
            ("approve", "leader"),
            ("publish_old", "superuser"),
        ]
    )
    @example(
        [
            ("submit", "editor"),
            ("approve", "reviewer"),
            ("approve", "leader"),
            ("retract", "leader"),
            ("publish_plain", "editor"),
        ]
    )
    def run(steps):
        sid = transaction.savepoint()
        try:
            entry = new_entry(catalog["budget"], title="性质测试")
            entry.save_revision(user=cast["editor"])
            model = Model()
            for n, (action, who) in enumerate(steps):
                current = DisclosureEntry.objects.get(pk=entry.pk)
                before = (current.get_latest_revision().pk, current_step(current))
                if perform(entry, action, cast[who]):
                    model.record(action, who, before)
                try:
                    assert_invariant(entry, model, roles_by_pk)
                except AssertionError as exc:
                    raise AssertionError(f"{exc} after {steps[: n + 1]}") from None
                if DisclosureEntry.objects.get(pk=entry.pk).live:
                    went_live.append(steps)
        finally:
            transaction.savepoint_rollback(sid)

    run()
    assert went_live, "no sequence ever published: the property was not exercised"


@pytest.mark.django_db
def test_invariant_checker_detects_a_bypass(catalog, cast):
    """The checker itself can fail: a page made live behind the pipeline's back is caught."""
    entry = new_entry(catalog["budget"])
    revision = entry.get_latest_revision()
    DisclosureEntry.objects.filter(pk=entry.pk).update(live=True, index_number="X/1", live_revision=revision)
    with pytest.raises(AssertionError, match="both approvals"):
        assert_invariant(entry, Model(), {})
    # And the model: one step, the submitter, or the author does not make it publishable.
    model = Model()
    model.record("submit", "editor", (revision.pk, None))
    model.record("approve", "reviewer", (revision.pk, "department"))
    assert not model.allows(revision, "editor")
    model.record("approve", "editor", (revision.pk, "leader"))
    assert not model.allows(revision, "editor")
    model.record("approve", "reviewer_leader", (revision.pk, "leader"))
    assert not model.allows(revision, "reviewer_leader") and model.allows(revision, "editor")
