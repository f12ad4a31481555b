"""待我审核: the in-progress review steps a user may act on, for the dashboard panel and the queue page.

Every open step in the system is a candidate; resolving each one's approvers costs several queries
(the entry, its catalog node, the groups, the four-eyes rule), so the candidates are first narrowed
in bulk to the entries whose department the user reviews for or whose portal the user leads, and
only those go through the step's own ``user_can_approve`` (the rule stays there)."""

from wagtail.models import Page, TaskState

from pages.models import CatalogArea, CatalogItem, Department, DisclosureEntry, DisclosurePortal
from pages.permissions import owner_department

from .models import DepartmentReviewTask, DisclosureApprovalTask, LeaderApprovalTask


def _parent_departments(entries):
    """{catalog node path: its department id} for the entries' parents, in two queries."""
    paths = {entry.path[: -Page.steplen] for entry in entries}
    found = {}
    for model in (CatalogItem, CatalogArea):
        found.update(model.objects.filter(path__in=paths).values_list("path", "department_id"))
    return found


def _may_approve(task, entry, parents, reviews, leads):
    """False when ``user_can_approve`` is surely false; True means: ask it."""
    if isinstance(task, DepartmentReviewTask):
        return (parents.get(entry.path[: -Page.steplen]) or entry.department_id) in reviews
    if isinstance(task, LeaderApprovalTask):
        return entry.portal_id in leads
    return True


def moderation_rows(user, selected=None):
    """(rows, departments): the steps ``user`` may approve (of ``selected`` department only, if
    given) as {state, task, entry, department}, oldest first, and the departments they belong to."""
    group_ids = set(user.groups.values_list("pk", flat=True)) if user.is_authenticated and user.is_active else set()
    if not group_ids:  # approvers are always resolved through groups
        return [], []
    reviews = set(Department.objects.filter(reviewers_group__in=group_ids).values_list("pk", flat=True))
    leads = set(DisclosurePortal.objects.filter(leaders_group__in=group_ids).values_list("pk", flat=True))
    states = list(
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("workflow_state__requested_by", "revision", "task")
        .order_by("started_at")
    )
    entries = DisclosureEntry.objects.in_bulk([int(s.workflow_state.object_id) for s in states])
    parents = _parent_departments(entries.values())
    tasks = {}
    rows, departments = [], {}
    for state in states:
        if state.task_id not in tasks:
            tasks[state.task_id] = state.task.specific
        task = tasks[state.task_id]
        if not isinstance(task, DisclosureApprovalTask):
            continue
        entry = entries.get(int(state.workflow_state.object_id))
        if entry is None:
            entry = state.workflow_state.content_object.specific
        elif not _may_approve(task, entry, parents, reviews, leads):
            continue
        if not task.user_can_approve(entry, user, state):
            continue
        department = owner_department(entry)
        if department:
            departments[department.pk] = department
        if selected and (not department or department.pk != selected):
            continue
        rows.append({"state": state, "task": task, "entry": entry, "department": department})
    return rows, sorted(departments.values(), key=lambda d: d.name)
