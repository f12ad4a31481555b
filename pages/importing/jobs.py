"""Batch import from the admin (批量导入), through the same importer as ``import_entries``.

Upload → ``create_job`` stores the file privately and runs the importer's validation only
(plus department isolation), keeping the row-by-row report and a preview → the user confirms
→ ``confirm_job`` moves the job to 导入中 exactly once and queues ``pages.tasks`` → ``run_job``
calls ``importer.import_entries`` (all-or-nothing) with a progress callback.

Editors' imports create drafts that go through the normal moderation workflow; only
superusers may import already-published history (the importer's ``publish`` path).
"""

import itertools
import logging
from collections import Counter

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .. import importing as importer
from ..models import Department, DisclosureEntry, DisclosurePortal, EntryImport, ImportMode, ImportState
from ..permissions import is_office, office_portals
from .report import FileProblem, Problem
from .uploads import ImportJobError, check_upload
from .validation import Catalog, validate_file

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 20
PREVIEW_KEYS = ("source_id", "title", "department", "area", "item", "published", "genre")
PROGRESS_EVERY = 25  # rows between progress writes

# The importer's messages address command-line operators; the admin has no such switch.
CLI_HINT = "（可用 --create-catalog 新建）"
ADMIN_HINT = "（请先由政务公开办在公开目录中新建）"


# -- who may import what ---------------------------------------------------------------------


def editor_departments(user, portal):
    """Departments of ``portal`` whose 信息员 group the user belongs to."""
    if not (user and user.is_authenticated and user.is_active):
        return Department.objects.none()
    return Department.objects.filter(portal=portal, active=True, editors_group__in=user.groups.all())


def import_scope(user, portal):
    """None: any department (superuser, disclosure office); else the set of department pks."""
    if is_office(user, portal):
        return None
    return set(editor_departments(user, portal).values_list("pk", flat=True))


def importable_portals(user):
    if not (user and user.is_authenticated and user.is_active):
        return []
    # import_scope(user, p) != set(), with the user's departments read once, not once per portal
    # (every admin page asks, for its menu: 21 queries on a county's platform)
    editing = set(
        Department.objects.filter(active=True, editors_group__in=user.groups.all()).values_list("portal_id", flat=True)
    )
    return [p for p in DisclosurePortal.objects.order_by("title") if p.pk in editing or is_office(user, p)]


def can_import(user):
    return bool(importable_portals(user))


def can_view(user, job):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return job.requested_by_id == user.pk or is_office(user, job.portal)


def visible_jobs(user):
    if not (user and user.is_authenticated and user.is_active):
        return EntryImport.objects.none()
    if user.is_superuser:
        return EntryImport.objects.all()
    from django.db.models import Q

    return EntryImport.objects.filter(Q(requested_by=user) | Q(portal__in=office_portals(user)))


# -- validation (no writes) ------------------------------------------------------------------


def target_node(row, catalog):
    """The catalog node the importer will file this (already validated) row under."""
    area = catalog.areas.get(row.area_name)
    items = catalog.area_items(area)
    if row.item_name or items:
        return items.get(row.item_name or importer.OTHER_ITEM)
    return area


def scope_problems(rows, catalog, scope):
    """Department isolation: rows outside the user's departments, in the importer's report form."""
    targets = Counter()
    problems = []
    for row in rows:
        node = target_node(row, catalog)
        if node is not None:
            targets[node.pk] += 1
        if scope is None:
            continue
        department = catalog.departments.get(row.department_name)
        if department is None or department.pk not in scope:
            problems.append(
                Problem(row.number, "department", f"只能以本部门名义导入，不能导入「{row.department_name}」的信息")
            )
        owner = getattr(node, "department", None)
        if node is not None and (owner is None or owner.pk not in scope):
            problems.append(
                Problem(row.number, "item", f"「{node.title}」由「{owner or '未指定部门'}」负责，本部门无权导入")
            )
        if row.existing_id:
            from ..permissions import owner_department

            current = owner_department(DisclosureEntry.objects.get(pk=row.existing_id))
            if current is None or current.pk not in scope:
                problems.append(
                    Problem(
                        row.number,
                        "source_id",
                        f"来源编号「{row.source_id}」对应的已有信息属于「{current or '其他部门'}」，不能覆盖",
                    )
                )
    return problems, targets


def check_file(path, fmt, portal, scope):
    """The importer's validation plus department isolation. Returns (rows, problems, targets)."""
    catalog = Catalog(portal)
    rows, problems = validate_file(path, fmt, catalog, create_catalog=False)
    extra, targets = scope_problems(rows, catalog, scope)
    problems = sorted(problems + extra, key=lambda p: p.row)
    return rows, problems, targets


def read_preview(path, fmt, limit=PREVIEW_ROWS):
    """The first rows as the importer reads them (before validation)."""
    preview = []
    reader = importer.READERS[fmt](path)
    try:
        for number, raw in itertools.islice(reader, limit):
            if isinstance(raw, Problem):
                preview.append([number] + ["（无法读取）"] + [""] * (len(PREVIEW_KEYS) - 1))
                continue
            preview.append([number] + [str(raw.get(k) or "")[:60] for k in PREVIEW_KEYS])
    except FileProblem:
        pass  # already in the validation report
    finally:
        reader.close()
    return preview


def problem_rows(problems):
    return [[p.row, p.field, p.problem.replace(CLI_HINT, ADMIN_HINT)] for p in problems]


def target_rows(targets):
    from wagtail.models import Page

    from ..models import CatalogItem

    pages = {p.pk: p for p in Page.objects.filter(pk__in=targets).specific()}
    labels = []
    for pk, count in targets.most_common():
        page = pages.get(pk)
        if page is None:
            continue
        label = f"{page.get_parent().title} / {page.title}" if isinstance(page, CatalogItem) else page.title
        labels.append([pk, label, count])
    return labels


def create_job(user, portal, uploaded, mode=ImportMode.DRAFT):
    """Store the upload and validate it. A file with any problem ends as 失败 at once."""
    scope = import_scope(user, portal)
    if scope == set():
        raise ImportJobError("您没有向该门户导入信息的权限")
    if mode == ImportMode.HISTORY and not user.is_superuser:
        raise ImportJobError("只有系统管理员可以导入历史已发布信息")
    fmt = check_upload(uploaded)
    job = EntryImport.objects.create(
        portal=portal,
        requested_by=user,
        office_scope=scope is None,
        original_name=uploaded.name[:255],
        format=fmt,
        mode=mode,
    )
    if scope:
        job.departments.set(scope)
    job.file.save(uploaded.name, uploaded, save=True)
    path = job.file.path
    job.preview = read_preview(path, fmt)
    rows, problems, targets = check_file(path, fmt, portal, scope)
    job.total = len(rows)
    job.targets = target_rows(targets)
    if problems:
        job.problems = problem_rows(problems)
        job.error = f"校验未通过：共发现{len(problems)}处问题，未写入任何数据。"
        job.state = ImportState.FAILED
        job.finished_at = timezone.now()
        job.file.delete(save=False)
    job.save()
    return job


# -- confirm and run -------------------------------------------------------------------------


def confirm_job(job, user):
    """待确认 → 导入中, once (a conditional update), then queue the import."""
    from ..tasks import run_entry_import

    if job.requested_by_id != user.pk:
        raise ImportJobError("只能确认本人上传的导入")
    if job.mode == ImportMode.HISTORY and not user.is_superuser:
        raise ImportJobError("只有系统管理员可以导入历史已发布信息")
    claimed = EntryImport.objects.filter(pk=job.pk, state=ImportState.PENDING).update(state=ImportState.RUNNING, done=0)
    if not claimed:
        raise ImportJobError("该导入已确认或已结束，不能重复导入")
    try:
        run_entry_import.delay(job.pk)
    except Exception as exc:  # broker unreachable: the job must not stay 导入中
        logger.exception("queueing import %s failed", job.pk)
        _finish(job.pk, ImportState.FAILED, error=f"无法提交导入任务：{exc.__class__.__name__}")
    job.refresh_from_db()
    return job


def progress_key(pk):
    return f"entry-import-progress-{pk}"


class ProgressRecorder:
    """The importer's progress callback: counts rows, writes every PROGRESS_EVERY rows.

    The importer writes in one transaction, so a counter written through that connection
    stays invisible to the status page until the end. Counters go to the cache, and on
    databases with concurrent writers (PostgreSQL) also to the job row through a second
    connection. SQLite allows one writer, so there the row is updated when the import ends.
    """

    def __init__(self, job_pk, every=PROGRESS_EVERY):
        self.job_pk = job_pk
        self.every = every
        self.done = 0
        self.saved = 0
        self.writes = 0
        self.side = connection.copy() if connection.vendor != "sqlite" else None

    def __call__(self, count=1):
        self.done += count
        if self.done - self.saved >= self.every:
            self.flush()

    def flush(self):
        cache.set(progress_key(self.job_pk), self.done, 24 * 3600)
        if self.side is not None:
            table = self.side.ops.quote_name(EntryImport._meta.db_table)
            with self.side.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET done = %s WHERE id = %s", [self.done, self.job_pk])
        self.saved = self.done
        self.writes += 1

    def close(self):
        if self.side is not None:
            self.side.close()


def current_progress(job):
    if job.state != ImportState.RUNNING:
        return job.done
    return max(job.done, cache.get(progress_key(job.pk)) or 0)


def _finish(pk, state, **fields):
    EntryImport.objects.filter(pk=pk).update(state=state, finished_at=timezone.now(), **fields)
    cache.delete(progress_key(pk))
    job = EntryImport.objects.get(pk=pk)
    if job.file:
        job.file.delete(save=False)
        EntryImport.objects.filter(pk=pk).update(file="")


def run_job(job_pk):
    """The Celery task's body. Runs a confirmed job once; never raises."""
    started = EntryImport.objects.filter(pk=job_pk, state=ImportState.RUNNING, started_at=None).update(
        started_at=timezone.now()
    )
    if not started:
        return None  # not confirmed, or already picked up (a duplicate delivery)
    job = EntryImport.objects.select_related("portal", "requested_by").get(pk=job_pk)
    user = job.requested_by
    recorder = ProgressRecorder(job.pk)
    try:
        scope = import_scope(user, job.portal) if user else set()
        if scope == set():
            _finish(job.pk, ImportState.FAILED, error="上传人已无导入权限，未写入任何数据。")
            return None
        # Permissions or the catalog may have changed since the preview: check again.
        rows, problems, _ = check_file(job.file.path, job.format, job.portal, scope)
        if problems:
            _finish(
                job.pk,
                ImportState.FAILED,
                problems=problem_rows(problems),
                error=f"确认导入时重新校验未通过：共{len(problems)}处问题，未写入任何数据。",
            )
            return None
        publish = job.mode == ImportMode.HISTORY and user.is_superuser
        report = importer.import_entries(
            job.file.path,
            fmt=job.format,
            portal=job.portal,
            create_catalog=False,
            publish=publish,
            progress=recorder,
        )
    except Exception as exc:
        logger.exception("import job %s failed", job_pk)
        _finish(
            job.pk,
            ImportState.FAILED,
            done=0,
            error=f"导入中断，已全部撤销，未写入任何数据：{exc.__class__.__name__}：{exc}"[:2000],
        )
        return None
    finally:
        recorder.close()
    if not report.ok:
        _finish(
            job.pk,
            ImportState.FAILED,
            done=0,
            problems=problem_rows(report.problems),
            error="导入时校验未通过，未写入任何数据。",
            report=report.text(),
        )
        return report
    _finish(
        job.pk,
        ImportState.DONE,
        done=report.created + report.updated + report.unchanged,
        total=report.rows,
        report=report.text(),
    )
    return report
