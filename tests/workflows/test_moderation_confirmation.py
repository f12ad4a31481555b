"""After every approval or rejection in the admin the approver lands on the dashboard (their queue)
with a confirmation — 已转领导审批, 已发布，索引号 …, 已退回修改 — never on a page they may not open
(the leader's approval publishes, and the leader may not edit the published entry).

The approval from the edit form's footer (the after_edit_page hook) is walked in the browser test
tests/browser/test_admin_journey.py."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import TaskState

from pages.models import DisclosureEntry
from workflows import services

from ..factories import make_user, new_entry

HOME = reverse("wagtailadmin_home")


@pytest.fixture
def people(catalog, portal):
    return {
        "editor": make_user("m_editor", catalog["finance"].editors_group),
        "reviewer": make_user("m_reviewer", catalog["finance"].reviewers_group),
        "leader": make_user("m_leader", portal.leaders_group),
    }


@pytest.fixture
def submitted(catalog, people):
    entry = new_entry(catalog["budget"], title="待审核的预算公开")
    entry.save_revision(user=people["editor"])
    services.submit(entry, people["editor"])
    return DisclosureEntry.objects.get(pk=entry.pk)


def act(client, user, entry, action, **data):
    client.force_login(user)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    url = reverse("wagtailadmin_pages:workflow_action", args=[entry.pk, action, entry.current_workflow_task_state.pk])
    return client.post(url, data)


def confirmation(client, response):
    """Follow the action's redirect to the dashboard; the messages shown there."""
    assert response.status_code == 302 and "/admin/gongkai/moderation/" in response.url, response
    done = client.get(response.url)
    assert done.status_code == 302 and done.url == HOME
    page = client.get(HOME)
    assert page.status_code == 200
    return [str(m) for m in page.context["messages"]]


def test_department_approval_says_it_went_to_the_leader(client, submitted, people):
    messages = confirmation(client, act(client, people["reviewer"], submitted, "approve"))
    assert messages == ["已审核通过，已转领导审批：待审核的预算公开"]


def test_leader_approval_ends_on_the_dashboard_with_the_index_number(client, submitted, people):
    services.approve(submitted, people["reviewer"])
    messages = confirmation(client, act(client, people["leader"], submitted, "approve"))
    entry = DisclosureEntry.objects.get(pk=submitted.pk)
    assert entry.live and entry.index_number
    assert messages == [f"已发布，索引号 {entry.index_number}：待审核的预算公开"]
    # The page Wagtail would have gone back to is closed to the leader now: that was the old ending.
    assert client.get(f"/admin/pages/{entry.pk}/edit/").status_code in (302, 403)


def test_rejection_says_it_went_back(client, submitted, people):
    response = act(client, people["reviewer"], submitted, "reject", comment="请补充预算表")
    assert confirmation(client, response) == ["已退回修改：待审核的预算公开（退回意见已转给信息员）"]


def test_someone_elses_confirmation_shows_nothing(client, submitted, people):
    services.approve(submitted, people["reviewer"])
    state = TaskState.objects.filter(finished_by=people["reviewer"]).get()
    client.force_login(people["editor"])
    response = client.get(reverse("gongkai_moderation_done", args=[state.pk]))
    assert response.status_code == 302 and response.url == HOME
    assert not list(get_messages(response.wsgi_request))
