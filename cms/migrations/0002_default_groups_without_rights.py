"""Wagtail's default groups ("Moderators", "Editors", renamed by 0001 to 默认审核员组/默认编辑组)
hold add/change/publish on the tree's root and add/change/choose on the root collection, and
"Moderators approval" (one step, by the Moderators group) is the root page's workflow. Anybody
put in those groups could edit every department's entries, open every department's files, count
as the disclosure office of every portal (``pages.permissions.is_office``: publish on the portal)
and approve alone. This system does not use them: their page and collection rights go, and the
default workflow and its step are deactivated (a submission still running in it is cancelled)."""

from django.db import migrations

DEFAULT_GROUPS = ["Moderators", "Editors", "默认审核员组（未使用）", "默认编辑组（未使用）"]
DEFAULT_WORKFLOWS = ["Moderators approval", "默认审批流程（未使用）"]
DEFAULT_TASKS = ["Moderators approval", "默认审批环节（未使用）"]


def strip_default_rights(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Task = apps.get_model("wagtailcore", "Task")

    groups = Group.objects.filter(name__in=DEFAULT_GROUPS)
    GroupPagePermission.objects.filter(group__in=groups).delete()
    GroupCollectionPermission.objects.filter(group__in=groups).delete()

    workflows = Workflow.objects.filter(name__in=DEFAULT_WORKFLOWS)
    WorkflowPage.objects.filter(workflow__in=workflows).delete()
    running = WorkflowState.objects.filter(workflow__in=workflows, status__in=["in_progress", "needs_changes"])
    TaskState.objects.filter(workflow_state__in=running, status="in_progress").update(status="cancelled")
    running.update(status="cancelled", current_task_state=None)
    workflows.update(active=False)
    Task.objects.filter(name__in=DEFAULT_TASKS).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_chinese_tree_roots"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(strip_default_rights, migrations.RunPython.noop)]
