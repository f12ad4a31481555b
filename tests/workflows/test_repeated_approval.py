"""A repeated approval in the admin (the step somebody already finished, from a page opened
before) answers 「已处理」 with who did it and where to go next, not Wagtail's generic refusal
(issue 12)."""

from django.urls import reverse
from wagtail.models import PageLogEntry

from ..factories import make_user, refreshed, submit_over_http


def post_action(client, user, entry, task_state, action="approve", ajax=False):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[entry.pk, action, task_state.pk])
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if ajax else {}
    return client.post(url, {"comment": ""}, **headers)


def test_second_approval_of_a_finished_step_says_already_handled(client, catalog, roles):  # noqa: F811
    second_reviewer = make_user("reviewer_b", catalog["finance"].reviewers_group)
    entry = submit_over_http(client, roles["editor"], catalog["budget"])
    department_step = refreshed(entry).current_workflow_task_state
    assert post_action(client, roles["reviewer"], entry, department_step).status_code == 302
    approvals = PageLogEntry.objects.filter(page=entry, action="wagtail.workflow.approve").count()

    # reviewer_b still has the old page open and approves the same step.
    again = post_action(client, second_reviewer, entry, department_step)
    assert again.status_code == 302 and again.url == reverse("wagtailadmin_home")
    page = client.get(again.url).content.decode()
    assert "已处理：此审核环节已由reviewer于" in page and "审核通过，无需重复操作" in page
    assert "仍需您处理的事项见下方「待我审核」" in page
    assert "没有权限" not in page and "不在审核中" not in page
    assert PageLogEntry.objects.filter(page=entry, action="wagtail.workflow.approve").count() == approvals

    # The leaders' step: once published, the second leader's click in the modal gets the same.
    leader_step = refreshed(entry).current_workflow_task_state
    assert post_action(client, roles["leader"], entry, leader_step).status_code == 302
    assert refreshed(entry).live
    modal = post_action(client, roles["leader2"], entry, leader_step, ajax=True)
    assert modal.status_code == 200 and modal.json()["step"] == "success"
    assert modal.json()["redirect"] == reverse("wagtailadmin_home")
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "已处理：此审核环节已由leader于" in page


def test_approval_from_an_edit_view_opened_before_says_already_handled(client, catalog, roles):  # noqa: F811
    """The edit view's 审核通过 after somebody else finished the step: Wagtail found no such action
    and would have saved the form as an edit during review."""
    second_reviewer = make_user("reviewer_b", catalog["finance"].reviewers_group)
    entry = submit_over_http(client, roles["editor"], catalog["budget"])
    step = refreshed(entry).current_workflow_task_state
    assert post_action(client, roles["reviewer"], entry, step).status_code == 302
    revisions = refreshed(entry).revisions.count()
    client.force_login(second_reviewer)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[entry.pk]),
        {"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert "已处理：此审核环节已由reviewer于" in client.get(response.url).content.decode()
    assert refreshed(entry).revisions.count() == revisions
    # The submitter (never an approver of that step) gets Wagtail's own answer, not 「已处理」.
    client.force_login(roles["editor"])
    own = client.post(
        reverse("wagtailadmin_pages:edit", args=[entry.pk]),
        {"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    assert not (
        own.status_code == 302
        and own.url == reverse("wagtailadmin_home")
        and "已处理" in client.get(own.url).content.decode()
    )
