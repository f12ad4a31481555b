"""Property test: whatever anyone does, no entry is live without both approvals by people
other than its submitter (or a recorded 强制发布) and passed guards."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pages.models import DisclosureEntry, ForcedPublication
from pages.publishing.guards import check_publication
from pages.publishing.pipeline import approved_for
from workflows import services

from ..conftest import make_user, new_entry

USERS = ["editor", "reviewer", "other_reviewer", "leader", "superuser", "reviewer_leader"]
ACTIONS = ["edit", "edit_pii", "submit", "approve", "reject", "force", "publish_direct", "retract", "resume"]


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


def perform(entry, action, user):
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    try:
        with transaction.atomic():
            if action in ("edit", "edit_pii"):
                if not entry.permissions_for_user(user).can_edit():
                    return
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
            elif action == "retract":
                services.retract(entry, user, "撤回")
            elif action == "resume":
                state = entry.current_workflow_state
                if state and state.status == state.STATUS_NEEDS_CHANGES and user == state.requested_by:
                    state.resume(user=user)
    except (PermissionDenied, ValidationError):
        pass


def assert_invariant(entry):
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    if not entry.live:
        return
    revision = entry.live_revision
    assert entry.index_number, "live without 索引号"
    assert check_publication(revision.as_object()).passed, "live content fails the guards"
    forced = ForcedPublication.objects.filter(revision=revision).exists()
    assert forced or approved_for(revision), "live without both approvals or a forced publication"
    if not forced:
        # Independently of approved_for: every approver differs from submitter and author.
        from wagtail.models import TaskState, WorkflowState

        state = WorkflowState.objects.for_instance(entry).filter(status="approved").order_by("-created_at").first()
        finishers = set(
            TaskState.objects.filter(workflow_state=state, revision=revision, status="approved").values_list(
                "finished_by_id", flat=True
            )
        )
        assert len(finishers) >= 1
        assert not finishers & {state.requested_by_id, revision.user_id}


@pytest.mark.django_db
def test_random_action_sequences_never_break_the_four_eyes_rule(catalog, cast):
    went_live = []

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
    def run(steps):
        sid = transaction.savepoint()
        try:
            entry = new_entry(catalog["budget"], title="性质测试")
            entry.save_revision(user=cast["editor"])
            for n, (action, who) in enumerate(steps):
                perform(entry, action, cast[who])
                try:
                    assert_invariant(entry)
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
    with pytest.raises(AssertionError):
        assert_invariant(entry)
