"""Oversight figures for the admin dashboard, as plain functions of a ``Scope``.

Who sees what: superusers see everything; the disclosure office (Wagtail publish permission
on a portal, ``disclosure_requests.services.is_office``) sees its portals; a department's
editors and reviewers see their department. Every query is a few aggregates or subqueries,
never one query per entry.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from disclosure_requests import deadlines

# 条例 第二十六条: proactive information within 20 working days of being created or changed.
PUBLICATION_WORKING_DAYS = 20
ALERT_LIMIT = 20  # rows listed per alert table; the totals count them all


def today():
    return timezone.localdate()


# -- scope ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    everything: bool = False  # superuser
    portal_ids: frozenset = field(default_factory=frozenset)  # portals the user runs as office
    department_ids: frozenset = field(default_factory=frozenset)  # the user's own departments

    @property
    def is_office(self):
        return self.everything or bool(self.portal_ids)

    @property
    def is_empty(self):
        return not (self.everything or self.portal_ids or self.department_ids)

    def entries_q(self):
        """Filter for DisclosureEntry rows in scope (by portal, or by the entry's 责任部门)."""
        if self.everything:
            return Q()
        return Q(portal_id__in=self.portal_ids) | Q(department_id__in=self.department_ids)

    def items_q(self):
        """Filter for CatalogItem rows in scope (below an office portal, or owned by the department)."""
        if self.everything:
            return Q()
        from pages.models import DisclosurePortal

        q = Q(department_id__in=self.department_ids)
        for path in DisclosurePortal.objects.filter(pk__in=self.portal_ids).values_list("path", flat=True):
            q |= Q(path__startswith=path)
        return q

    def allows(self, portal_id, department_id):
        return self.everything or portal_id in self.portal_ids or department_id in self.department_ids


def user_scope(user):
    from pages.permissions import office_portals, staff_departments

    if not (user and user.is_authenticated and user.is_active):
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    return Scope(
        portal_ids=frozenset(p.pk for p in office_portals(user)),
        department_ids=frozenset(staff_departments(user).values_list("pk", flat=True)),
    )


def published_entries():
    """Entries that went through publication (live, with a 索引号) — what the figures count."""
    from pages.models import DisclosureEntry

    return DisclosureEntry.objects.filter(live=True).exclude(index_number=None)


# -- 各部门待审批 -------------------------------------------------------------------------


def _owner_departments(entries):
    """{entry pk: owning department id} for (pk, path, department_id) rows, as
    ``pages.permissions.owner_department`` decides it (the catalog node's department first)."""
    from pages.models import CatalogArea, CatalogItem

    parent_paths = {path[:-4] for _, path, _ in entries}
    node_department = {}
    for model in (CatalogItem, CatalogArea):
        node_department.update(
            model.objects.filter(path__in=parent_paths).exclude(department=None).values_list("path", "department_id")
        )
    return {pk: node_department.get(path[:-4]) or department_id for pk, path, department_id in entries}


def pending_approvals(scope, on=None):
    """Per department: submissions waiting for 部门审核 / 领导审批, and the oldest wait.

    Returns a list of dicts sorted by the oldest wait (longest first).
    """
    from wagtail.models import TaskState

    from pages.models import Department, DisclosureEntry
    from workflows.models import DepartmentReviewTask, LeaderApprovalTask

    if scope.is_empty:
        return []
    on = on or today()
    department_tasks = set(DepartmentReviewTask.objects.values_list("pk", flat=True))
    leader_tasks = set(LeaderApprovalTask.objects.values_list("pk", flat=True))
    states = list(
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS, task_id__in=department_tasks | leader_tasks
        ).values_list("workflow_state__object_id", "task_id", "started_at")
    )
    entry_ids = {int(object_id) for object_id, _, _ in states}
    entries = {
        pk: (portal_id, path, department_id)
        for pk, portal_id, path, department_id in DisclosureEntry.objects.filter(pk__in=entry_ids).values_list(
            "pk", "portal_id", "path", "department_id"
        )
    }
    owners = _owner_departments([(pk, path, dept) for pk, (_, path, dept) in entries.items()])
    rows = {}
    for object_id, task_id, started_at in states:
        pk = int(object_id)
        if pk not in entries:
            continue
        department_id = owners[pk]
        if not scope.allows(entries[pk][0], department_id):
            continue
        row = rows.setdefault(
            department_id,
            {
                "department_id": department_id,
                "department": None,
                "department_review": 0,
                "leader_approval": 0,
                "oldest": None,
            },
        )
        row["department_review" if task_id in department_tasks else "leader_approval"] += 1
        if row["oldest"] is None or started_at < row["oldest"]:
            row["oldest"] = started_at
    names = dict(Department.objects.filter(pk__in=[d for d in rows if d]).values_list("pk", "name"))
    calendar = deadlines.WorkingCalendar()
    result = []
    for row in rows.values():
        row["department"] = names.get(row["department_id"], "未指定部门")
        row["total"] = row["department_review"] + row["leader_approval"]
        started = timezone.localdate(row["oldest"])
        row["oldest_days"] = (on - started).days
        row["oldest_working_days"] = max(0, deadlines.working_days_between(started, on, calendar))
        result.append(row)
    return sorted(result, key=lambda r: (r["oldest"], r["department"]))


# -- 依申请公开：即将到期与已超期 ---------------------------------------------------------------


def request_deadlines(user, on=None, limit=ALERT_LIMIT):
    """The user's visible open requests due within the reminder window, and the overdue ones.

    Uses the admin list's own definitions (``due_soon_cutoff``, ``overdue_q``) so the counts
    match the filtered lists the panel links to.
    """
    from disclosure_requests.admin_views import correction_notice_q, due_soon_cutoff, overdue_q
    from disclosure_requests.models import OPEN_STATES
    from disclosure_requests.services import visible_requests

    on = on or today()
    visible = visible_requests(user).select_related("department")
    overdue = visible.filter(overdue_q(on)).order_by("due_on", "pk")
    due_soon = (
        visible.filter(state__in=OPEN_STATES, due_paused=False, due_on__lte=due_soon_cutoff(on))
        .exclude(overdue_q(on))
        .order_by("due_on", "pk")
    )
    correction_notice = visible.filter(correction_notice_q(on)).order_by("correction_notice_due_on", "pk")
    return {
        "overdue_count": overdue.count(),
        "due_soon_count": due_soon.count(),
        "correction_notice_count": correction_notice.count(),
        "overdue": list(overdue[:limit]),
        "due_soon": list(due_soon[:limit]),
    }


# -- 时效提醒 ---------------------------------------------------------------------------------


def stale_items(scope, on=None):
    """Catalog items (主动, live, with a rhythm other than 不定期) whose latest published entry is
    older than ``UPDATE_RHYTHM_DAYS`` calendar days — or that have none at all.

    A list of (item id, path, update rhythm, last 发布日期 or None), never published first, then
    the most overdue. The latest dates come from one grouped query over the entries (a subquery
    per item scanned every entry once per item: minutes with 100,000 entries and a county's items).
    """
    from pages.models import UPDATE_RHYTHM_DAYS, CatalogItem, CatalogMethod

    if scope.is_empty:
        return []
    on = on or today()
    rhythms = [rhythm for rhythm, days in UPDATE_RHYTHM_DAYS.items() if days is not None]
    items = list(
        CatalogItem.objects.live()
        .filter(scope.items_q(), method=CatalogMethod.PROACTIVE, update_rhythm__in=rhythms)
        .order_by()  # sorted below; Wagtail's order by path makes SQLite walk every page (160 ms at 100,000)
        .values_list("pk", "path", "update_rhythm")
    )
    latest = latest_under([path for _, path, _ in items])
    stale = []
    for pk, path, rhythm in items:
        last = latest.get(path)
        if last is None or last < on - datetime.timedelta(days=UPDATE_RHYTHM_DAYS[rhythm]):
            stale.append((pk, path, rhythm, last))
    stale.sort(key=lambda s: (s[3] is not None, s[3] or on, s[1]))
    return stale


def latest_under(paths, chunk=500):
    """{page path: latest 发布日期 of a published entry directly below it} for ``paths``."""
    from .figures import cached_figures

    return cached_figures("latest_under", tuple(paths), lambda: _latest_under(paths, chunk))


def _latest_under(paths, chunk):
    from django.db.models.functions import Length, Substr

    latest = {}
    for start in range(0, len(paths), chunk):
        rows = (
            published_entries()
            .annotate(parent=Substr("path", 1, Length("path") - 4))
            .filter(parent__in=paths[start : start + chunk])
            .values("parent")
            .annotate(last=Max("published_on"))
            .values_list("parent", "last")
            .order_by()  # Wagtail's order_by("path") would put path in the GROUP BY: one row per entry
        )
        latest.update(rows)
    return latest


def stale_item_rows(scope, on=None, limit=ALERT_LIMIT):
    from pages.models import UPDATE_RHYTHM_DAYS, CatalogItem

    on = on or today()
    stale = stale_items(scope, on)
    shown = CatalogItem.objects.select_related("department").in_bulk([pk for pk, *_ in stale[:limit]])
    rows = []
    for pk, _, rhythm, last in stale[:limit]:
        item = shown[pk]
        item.last_published = last
        rows.append(
            {
                "item": item,
                "rhythm": item.get_update_rhythm_display(),
                "last_published": last,
                "days_since": (on - last).days if last else None,
                "overdue_days": (on - last).days - UPDATE_RHYTHM_DAYS[rhythm] if last else None,
            }
        )
    return {"count": len(stale), "rows": rows}


def late_publications(scope, year=None, on=None, limit=None):
    """Entries published this year more than 20 working days after their 成文日期.

    The database narrows to those more than 20 *calendar* days late (20 working days never
    span fewer); the working-day calculator (``disclosure_requests.deadlines``) decides, once per
    distinct 成文日期.
    """
    from pages.models import DisclosureEntry

    if scope.is_empty:
        return {"count": 0, "rows": []}
    from .figures import cached_figures, scope_key

    on = on or today()
    year = year or on.year
    late = cached_figures("late_publications", (scope_key(scope), year), lambda: _late_entries(scope, year))
    calendar = deadlines.WorkingCalendar()
    shown = [pk for _, pk in (late if limit is None else late[:limit])]
    entries = DisclosureEntry.objects.filter(pk__in=shown).select_related("department").in_bulk()
    rows = []
    for pk in shown:
        entry = entries[pk]
        rows.append(
            {
                "entry": entry,
                "working_days": deadlines.working_days_between(entry.written_on, entry.published_on, calendar),
            }
        )
    return {"count": len(late), "rows": rows}


def _late_entries(scope, year):
    """[(发布日期, pk)] of the late entries published in ``year``, the latest first."""
    candidates = (
        published_entries()
        .filter(scope.entries_q(), published_on__year=year, written_on__isnull=False)
        .filter(published_on__gt=F("written_on") + datetime.timedelta(days=PUBLICATION_WORKING_DAYS))
        .values_list("pk", "written_on", "published_on")
    )
    calendar = deadlines.WorkingCalendar()
    limits = {}
    late = []
    for pk, written_on, published_on in candidates:
        if written_on not in limits:
            limits[written_on] = deadlines.add_working_days(written_on, PUBLICATION_WORKING_DAYS, calendar=calendar).due
        if limits[written_on] and published_on > limits[written_on]:
            late.append((published_on, pk))
    late.sort(reverse=True)
    return late


def timeliness_alerts(scope, on=None, limit=ALERT_LIMIT):
    on = on or today()
    return {"stale": stale_item_rows(scope, on, limit), "late": late_publications(scope, on=on, limit=limit)}


# -- 本年累计 ---------------------------------------------------------------------------------


def year_totals(scope, user, year=None, on=None):
    """Entries published and requests received / answered / overdue this year, and the on-time rate
    (answers given this year on or before their due date, out of all answers given this year)."""
    from disclosure_requests.admin_views import has_request_access, overdue_q
    from disclosure_requests.models import RequestState
    from disclosure_requests.services import visible_requests

    on = on or today()
    year = year or on.year
    totals = {"year": year, "entries": 0, "requests": None}
    if not scope.is_empty:
        from .figures import cached_figures, scope_key

        totals["entries"] = cached_figures(
            "year_entries",
            (scope_key(scope), year),
            lambda: published_entries().filter(scope.entries_q(), published_on__year=year).count(),
        )
    if has_request_access(user):
        requests = visible_requests(user)
        answered = requests.filter(answered_on__year=year, state__in=[RequestState.ANSWERED, RequestState.CLOSED])
        figures = answered.aggregate(
            answered=Count("pk"),
            late=Count("pk", filter=Q(due_on__isnull=False, answered_on__gt=F("due_on"))),
            on_the_spot=Count("pk", filter=Q(answered_on_the_spot=True)),
        )
        figures["received"] = requests.filter(received_on__year=year).count()
        figures["overdue"] = requests.filter(overdue_q(on)).count()
        figures["on_time"] = figures["answered"] - figures["late"]
        figures["on_time_rate"] = (
            round(100 * figures["on_time"] / figures["answered"], 1) if figures["answered"] else None
        )
        totals["requests"] = figures
    return totals


__all__ = [
    "Scope",
    "user_scope",
    "published_entries",
    "pending_approvals",
    "request_deadlines",
    "stale_items",
    "stale_item_rows",
    "late_publications",
    "timeliness_alerts",
    "year_totals",
]
