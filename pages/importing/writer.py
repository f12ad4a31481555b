"""Import of disclosure entries in the interchange format of DATA.md.

All-or-nothing: every row is read and validated first, without writing.
Any problem means nothing is written and the caller gets a row-by-row
report (row, field, problem — in Chinese). Only a clean file is written,
in one transaction. Publication (``--publish``) goes through the one
publishing pipeline; rows the guards refuse stay drafts and are reported.
"""

import datetime
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ..catalog import ensure_area, ensure_department, ensure_item
from ..models import (
    DisclosureEntry,
    FivePublicType,
    Genre,
    Topic,
)
from .readers import detect_format
from .report import FORMATS, OTHER_ITEM, ImportReport, Problem
from .validation import Catalog, validate_file

# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


@contextmanager
def deferred_indexing():
    """Suspend per-save search and reference indexing; the caller indexes each entry once after."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from .. import indexing

    disconnected = indexing.disconnect(DisclosureEntry)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if disconnected:
            indexing.reconnect(DisclosureEntry)


def _resolve_parent(row, catalog, report, append):
    portal = catalog.portal
    department = catalog.departments.get(row.department_name)
    if department is None:
        department = ensure_department(portal, row.department_name)
        catalog.departments[department.name] = department
        report.created_catalog.append(f"部门 {department.name}")
    area = catalog.areas.get(row.area_name)
    if area is None:
        append.flush()  # treebeard reads numchild from the database
        append.forget(portal)
        area = ensure_area(portal, row.area_name, department=None if row.item_name else department)
        catalog.areas[area.title] = area
        report.created_catalog.append(f"领域 {area.title}")
    items = catalog.items.setdefault(area.path, {})
    if row.item_name or items:
        name = row.item_name or OTHER_ITEM
        item = items.get(name)
        if item is None:
            append.flush()
            append.forget(area)
            item = ensure_item(area, name, department=department)
            items[name] = item
            report.created_catalog.append(f"事项 {area.title}/{name}")
        return item, department
    if area.department_id is None:
        area.department = department
        area.save_revision(log_action=False).publish(log_action=False)
        report.created_catalog.append(f"领域 {area.title} 责任部门 → {department.name}")
    return area, department


class ChildAppender:
    """Appends many pages under a few parents with one tree write each.

    treebeard's ``add_child`` locks the parent, looks up its last child and
    bumps ``numchild`` on every call; inside the import's single transaction
    the last path is remembered per parent and ``numchild`` is bumped once at
    the end (``flush``), before the transaction commits.
    """

    def __init__(self):
        self.last_path = {}
        self.added = {}

    def __call__(self, parent, page, log_action=False):
        from wagtail.models import Page

        if parent.pk not in self.last_path:
            Page.objects.select_for_update().filter(pk=parent.pk).values_list("pk").first()
            self.last_path[parent.pk] = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
        last = self.last_path[parent.pk]
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, 1) if last is None else Page(path=last)._inc_path()
        page._cached_parent_obj = parent
        page.save(log_action=log_action)
        self.last_path[parent.pk] = page.path
        self.added[parent.pk] = self.added.get(parent.pk, 0) + 1
        return page

    def forget(self, parent):
        """Call when something else (a move) added children to ``parent``."""
        self.last_path.pop(parent.pk, None)

    def flush(self):
        from django.db.models import F
        from wagtail.models import Page

        for pk, count in self.added.items():
            Page.objects.filter(pk=pk).update(numchild=F("numchild") + count)
        self.added.clear()


def _vocab(model, name, cache, create):
    if not name:
        return None
    if name not in cache:
        cache[name] = model.objects.get_or_create(name=name)[0] if create else model.objects.get(name=name)
    return cache[name]


def import_entries(path, fmt=None, portal=None, create_catalog=False, publish=False, progress=None):
    """Validate then write. Returns an ImportReport; writes nothing on any problem."""
    fmt = detect_format(path, fmt)
    if fmt not in FORMATS:
        return ImportReport(problems=[Problem(0, "", f"不支持的格式「{fmt}」，可选：{'、'.join(FORMATS)}")])
    catalog = Catalog(portal)
    rows, problems = validate_file(path, fmt, catalog, create_catalog)
    report = ImportReport(problems=problems, rows=len(rows))
    if problems:
        return report

    from pages.publishing.pipeline import PublishedBatch, publish_entry

    caches = {Genre: {}, Topic: {}, FivePublicType: {}}
    slugs = {}
    by_source, created = {}, []
    append = ChildAppender()
    batch = PublishedBatch(append)
    # Policies before their interpretations, so the 解读 link is in the first revision.
    rows.sort(key=lambda r: bool(r.interprets))
    with transaction.atomic(), deferred_indexing():
        for row in rows:
            parent, department = _resolve_parent(row, catalog, report, append)
            values = dict(row.values)
            values["department"] = department
            values["genre"] = _vocab(Genre, row.genre, caches[Genre], create_catalog)
            values["topic"] = _vocab(Topic, row.topic, caches[Topic], create_catalog)
            values["five_public"] = _vocab(FivePublicType, row.five_public, caches[FivePublicType], False)
            if row.interprets:
                values["interprets"] = by_source.get(row.interprets) or DisclosureEntry.objects.get(
                    portal=catalog.portal, source_id=row.interprets
                )
            check = None
            if row.existing_id:
                entry = DisclosureEntry.objects.get(pk=row.existing_id)
                if entry.get_parent().pk != parent.pk:
                    entry.move(parent, pos="last-child")
                    append.forget(parent)
                    entry = DisclosureEntry.objects.get(pk=row.existing_id)
                entry.skip_full_clean = True
                current = entry.get_latest_revision_as_object()
                if all(getattr(current, key) == value for key, value in values.items()) and (
                    entry.live and not entry.has_unpublished_changes or not publish
                ):
                    report.unchanged += 1  # re-running an import is a no-op
                    by_source[row.source_id] = entry
                    if progress:
                        progress(1)
                    continue
                for key, value in values.items():
                    setattr(entry, key, value)
                if not entry.live:
                    entry.save(clean=False)
                # A live entry keeps its public version until the new revision is published.
                revision = entry.save_revision(log_action=False, clean=False)
                if publish:
                    check = publish_entry(entry, revision=revision)
                report.updated += 1
            else:
                entry = DisclosureEntry(
                    source_id=row.source_id,
                    slug=_unique_slug(parent, row.source_id, slugs),
                    portal=catalog.portal,
                    live=False,
                    **values,
                )
                entry.skip_full_clean = True  # validated above; saves skip Wagtail's per-save full_clean
                if publish:
                    entry.first_published_at = _as_datetime(values["published_on"])
                    check = batch.add(parent, entry)
                    if len(batch.pending) >= 500:
                        batch.flush()
                else:
                    append(parent, entry)
                    entry.save_revision(log_action=False, clean=False)
                report.created += 1
                created.append(entry.pk)
            by_source[row.source_id] = entry
            if check is not None:
                if check.passed:
                    report.published += 1
                else:
                    report.drafts.append((row.number, row.source_id, check.summary()))
            if progress:
                progress(1)
        batch.flush()
        append.flush()
        _bulk_index([e.pk for e in by_source.values()], created)
    return report


def _unique_slug(parent, source_id, slugs):
    base = slugify(source_id)[:50] or "entry"
    if parent.path not in slugs:
        slugs[parent.path] = set(DisclosureEntry.objects.child_of(parent).values_list("slug", flat=True))
    taken = slugs[parent.path]
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _as_datetime(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _bulk_index(pks, created=()):
    from modelsearch.backends import get_search_backends
    from wagtail.models import ReferenceIndex

    from ..indexing import bulk_index

    bulk_index(DisclosureEntry, pks)  # public Chinese search: outbox, applied after commit
    backends = list(get_search_backends(with_auto_update=True))
    created = set(created)
    for start in range(0, len(pks), 500):
        entries = list(DisclosureEntry.objects.filter(pk__in=pks[start : start + 500]))
        for backend in backends:
            backend.add_bulk(DisclosureEntry, entries)
        for entry in entries:
            if entry.pk not in created:
                ReferenceIndex.create_or_update_for_object(entry)
        _new_references([e for e in entries if e.pk in created])


def _new_references(entries):
    """Wagtail's reference index rows for entries this import created (none exist yet): one insert
    instead of a look-up, a delete and an insert per entry."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    rows = []
    for entry in entries:
        types = [
            ContentType.objects.get_for_model(m, for_concrete_model=False)
            for m in [entry, *entry._meta.get_parent_list()]
        ]
        for to_type, to_id, model_path, content_path in set(ReferenceIndex._extract_references_from_object(entry)):
            rows.append(
                ReferenceIndex(
                    content_type=types[0],
                    base_content_type=types[-1],
                    object_id=entry.pk,
                    to_content_type_id=to_type,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
