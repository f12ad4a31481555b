"""Staff-facing entry states and who may do what outside the workflow."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import PagePermissionTester, WorkflowState

from pages.permissions import is_leader

DRAFT = "草稿"
PENDING_DEPARTMENT = "待部门审核"
PENDING_LEADER = "待领导审批"
RETURNED = "已退回"
PUBLISHED = "已发布"
RETRACTED = "已撤回"
SCHEDULED = "已批准，待定时发布"


def workflow_label(workflow_state):
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return RETURNED
    task = workflow_state.current_task_state.task if workflow_state.current_task_state_id else None
    if task is None:
        return DRAFT
    # The moderation tasks (workflows/) name the state they stand for (待部门审核, 待领导审批) on their
    # class: read it from the cached content type, not with a query per listed entry for ``task.specific``.
    model = ContentType.objects.get_for_id(task.content_type_id).model_class()
    return getattr(model, "status_label", None) or task.name


def disclosure_status(entry):
    """草稿 / 待部门审核 / 待领导审批 / 已退回 / 已发布（有效|失效|废止）/ 已撤回."""
    workflow_state = entry.current_workflow_state
    if entry.live:
        label = f"{PUBLISHED}（{entry.validity}）"
        if workflow_state:
            label += f"，修改{workflow_label(workflow_state)}"
        return label
    if workflow_state:
        return workflow_label(workflow_state)
    if entry.retracted_at:
        return RETRACTED
    if entry.go_live_at and entry.revisions.filter(approved_go_live_at__isnull=False).exists():
        return SCHEDULED
    return DRAFT


class EntryPermissionTester(PagePermissionTester):
    """Nobody publishes or unpublishes an entry directly: only the workflow, 强制发布 and 撤回 do."""

    def can_publish(self):
        return False

    def can_unpublish(self):
        return False

    def can_publish_subpage(self):
        return False

    def can_delete(self, ignore_bulk=False):
        # Wagtail's rule, answered without a query for an entry without children: "no live page
        # among it and its descendants" is its own ``live``, "all owned by the user" its owner.
        # Wagtail asks the database twice per row of the explorer (delete and move buttons).
        page, user = self.page, self.user
        if page.numchild or not user.is_active or self.page_is_root or user.is_superuser:
            return super().can_delete(ignore_bulk=ignore_bulk)
        if "change" in self.permissions:
            return "publish" in self.permissions or not page.live
        if "add" in self.permissions:
            owned = page.owner_id == user.pk
            return owned if "publish" in self.permissions else owned and not page.live
        return False

    def can_force_publish(self):
        return is_leader(self.user, self.page) and not self.page.live

    def can_retract(self):
        return is_leader(self.user, self.page) and self.page.live
