"""Wagtail's default groups (Moderators / Editors, renamed 默认审核员组 / 默认编辑组) and its one-step
default workflow give nobody any right here (cms 0002): whoever is put in them cannot edit,
publish, approve or force-publish, and only the two approvals (or 强制发布) make an entry public."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from pages.models import DisclosureEntry
from pages.permissions import is_leader, is_office
from pages.publishing.pipeline import NotApproved, approved_for
from workflows import services

from ..factories import make_user, new_entry

MODERATORS, EDITORS = "默认审核员组（未使用）", "默认编辑组（未使用）"
strip_default_rights = importlib.import_module("cms.migrations.0002_default_groups_without_rights").strip_default_rights


@pytest.fixture
def defaults_member(catalog):
    return make_user("defaults_member", Group.objects.get(name=MODERATORS), Group.objects.get(name=EDITORS))


def test_the_default_groups_hold_no_page_or_collection_rights(db):
    groups = Group.objects.filter(name__in=[MODERATORS, EDITORS])
    assert groups.count() == 2  # the migration keeps them (the upgrade checker expects them)
    assert not GroupPagePermission.objects.filter(group__in=groups).exists()
    assert not GroupCollectionPermission.objects.filter(group__in=groups).exists()
    default = Workflow.objects.get(name="默认审批流程（未使用）")
    assert not default.active and not WorkflowPage.objects.filter(workflow=default).exists()


def test_publish_page_is_held_by_no_group_the_design_does_not_name(catalog, portal):
    """Departments, leaders and Wagtail's defaults never hold publish (only an office group the
    installer grants it on a portal, ``is_office``); a fresh installation grants it to nobody."""
    assert not GroupPagePermission.objects.filter(permission__codename="publish_page").exists()


def test_a_member_of_the_default_groups_can_do_nothing_with_entries(client, catalog, portal, defaults_member):
    entry = new_entry(catalog["budget"], title="默认组成员不得发布")
    assert not is_office(defaults_member, portal) and not is_leader(defaults_member, entry)
    perms = entry.permissions_for_user(defaults_member)
    assert not (perms.can_edit() or perms.can_publish() or perms.can_force_publish())
    with pytest.raises(services.PermissionDenied):
        services.force_publish(entry, defaults_member, "试图绕过审核")
    client.force_login(defaults_member)
    assert client.get(f"/admin/pages/{entry.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/add/pages/disclosureentry/{catalog['budget'].pk}/").status_code in (302, 403)

    editor = make_user("editor_for_defaults", catalog["finance"].editors_group)
    entry.save_revision(user=editor)
    services.submit(entry, editor)
    with pytest.raises(services.PermissionDenied):
        services.approve(entry, defaults_member)
    assert not DisclosureEntry.objects.get(pk=entry.pk).live


def test_the_migration_strips_an_upgraded_installations_default_rights(db):
    """An installation upgraded from before cms 0002: the old English names and their rights."""
    moderators = Group.objects.get(name=MODERATORS)
    moderators.name = "Moderators"
    moderators.save()
    root = Page.objects.get(depth=1)
    GroupPagePermission.objects.create(group=moderators, page=root, permission_type="publish")
    GroupCollectionPermission.objects.create(
        group=moderators,
        collection=Collection.get_first_root_node(),
        permission=django_apps.get_model("auth", "Permission").objects.get(codename="choose_document"),
    )
    default = Workflow.objects.get(name="默认审批流程（未使用）")
    default.active = True
    default.save()
    WorkflowPage.objects.create(page=root, workflow=default)

    strip_default_rights(django_apps, None)
    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not GroupCollectionPermission.objects.filter(group=moderators).exists()
    default.refresh_from_db()
    assert not default.active and not WorkflowPage.objects.filter(workflow=default).exists()


def test_a_one_step_workflow_approves_nothing_even_when_assigned_to_the_portal(catalog, portal):
    """Four-eyes and both approvals hold whatever workflow an office assigns by mistake: Wagtail's
    one-step group approval, done by someone else, does not make the entry publishable."""
    approvers = Group.objects.create(name="某审批组")
    task = GroupApprovalTask.objects.create(name="单人审批")
    task.groups.add(approvers)
    workflow = Workflow.objects.create(name="单步流程", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.filter(page_id=portal.pk).update(workflow=workflow)
    GroupPagePermission.objects.create(group=approvers, page=Page.objects.get(pk=portal.pk), permission_type="change")

    editor = make_user("one_step_editor", catalog["finance"].editors_group)
    approver = make_user("one_step_approver", approvers)
    entry = new_entry(catalog["budget"], title="单步流程不得发布")
    entry.save_revision(user=editor)
    assert DisclosureEntry.objects.get(pk=entry.pk).get_workflow() == workflow
    workflow_state = workflow.start(entry, editor)
    task_state = workflow_state.current_task_state
    task.specific.on_action(task_state, approver, "approve")
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert not entry.live and entry.index_number is None  # refused and returned to the editor
    assert entry.current_workflow_state.status == "needs_changes"
    assert not approved_for(entry.get_latest_revision())
    with pytest.raises(NotApproved):
        entry.get_latest_revision().publish(user=approver, skip_permission_checks=True)
    assert not DisclosureEntry.objects.get(pk=entry.pk).live
