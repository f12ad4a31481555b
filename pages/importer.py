"""Import of disclosure entries in the interchange format of DATA.md.

All-or-nothing: every row is read and validated first, without writing.
Any problem means nothing is written and the caller gets a row-by-row
report (row, field, problem — in Chinese). Only a clean file is written,
in one transaction. Publication (``--publish``) goes through the one
publishing pipeline; rows the guards refuse stay drafts and are reported.
"""

import csv
import dataclasses
import datetime
import io
import json
import re
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .catalog import ensure_area, ensure_department, ensure_item
from .models import (
    CatalogArea,
    CatalogItem,
    Classification,
    DisclosureEntry,
    FivePublicType,
    Genre,
    Openness,
    Topic,
    Validity,
    plain_text_to_html,
)

REQUIRED_KEYS = ("source_id", "title", "body", "department", "area", "published")
OPTIONAL_KEYS = (
    "item", "written", "doc_number", "genre", "topic", "keywords", "five_public", "openness", "validity",
    "classification", "classified_on", "summary", "effective", "expired_on", "interprets",
)
MAX_LINE_BYTES = 1024 * 1024  # a row over 1 MB is refused, not read into the model
MAX_TITLE = 255
OTHER_ITEM = "其他信息"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FORMATS = ("jsonl", "csv", "xlsx")


@dataclasses.dataclass
class Problem:
    row: int  # 1-based data row (for CSV/Excel: the spreadsheet row number)
    field: str
    problem: str

    def __str__(self):
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}　{self.field or '-'}：{self.problem}"


@dataclasses.dataclass
class ImportReport:
    problems: list = dataclasses.field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    published: int = 0
    drafts: list = dataclasses.field(default_factory=list)  # (row, source_id, reason)
    created_catalog: list = dataclasses.field(default_factory=list)
    rows: int = 0

    @property
    def ok(self):
        return not self.problems

    def lines(self):
        if self.problems:
            yield f"导入失败：共发现{len(self.problems)}处问题，未写入任何数据。"
            yield "行号\t字段\t问题"
            for p in self.problems:
                yield f"{p.row or '-'}\t{p.field or '-'}\t{p.problem}"
            return
        yield (f"导入完成：共{self.rows}行，新建{self.created}条，更新{self.updated}条，未变{self.unchanged}条，"
               f"发布{self.published}条。")
        for name in self.created_catalog:
            yield f"新建目录：{name}"
        if self.drafts:
            yield f"以下{len(self.drafts)}条未通过发布审查，已保存为草稿："
            yield "行号\tsource_id\t原因"
            for row, source_id, reason in self.drafts:
                yield f"{row}\t{source_id}\t{reason}"

    def text(self):
        return "\n".join(self.lines()) + "\n"


class FileProblem(Exception):
    def __init__(self, problems):
        self.problems = problems


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def detect_format(path, fmt=None):
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"jsonl": "jsonl", "json": "jsonl", "ndjson": "jsonl", "csv": "csv", "xlsx": "xlsx"}.get(suffix, "jsonl")


def read_jsonl(path):
    with open(path, "rb") as fh:
        for number, raw in enumerate(iter(lambda: fh.readline(MAX_LINE_BYTES + 1), b""), start=1):
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                # Skip the rest of an oversized line without holding it in memory.
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(MAX_LINE_BYTES)
                yield number, Problem(number, "", f"该行超过{MAX_LINE_BYTES // 1024 // 1024} MB上限")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, Problem(number, "", f"不是 UTF-8 编码（第{exc.start + 1}字节）")
                continue
            if number == 1:
                text = text.lstrip("\ufeff")
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                yield number, Problem(number, "", f"JSON 格式错误：{exc.msg}（第{exc.colno}列）")
                continue
            if not isinstance(value, dict):
                yield number, Problem(number, "", "每行必须是一个 JSON 对象")
                continue
            yield number, value


def _check_columns(header, first_row):
    missing = [k for k in REQUIRED_KEYS if k not in header]
    if missing:
        raise FileProblem([Problem(first_row, k, "缺少必需的列") for k in missing])


def read_csv(path):
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem([Problem(line, "", f"文件不是 UTF-8 编码（第{exc.start + 1}字节）")])
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FileProblem([Problem(0, "", "文件为空")])
    _check_columns(header, 1)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, Problem(reader.line_num, "", f"CSV 格式错误：{exc}")
            continue
        number = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if sum(len(v) for v in values) > MAX_LINE_BYTES:
            yield number, Problem(number, "", f"该行超过{MAX_LINE_BYTES // 1024 // 1024} MB上限")
            continue
        yield number, dict(zip(header, values))


def read_xlsx(path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FileProblem([Problem(0, "", f"无法读取 Excel 文件：{exc}")])
    except Exception as exc:  # zipfile.BadZipFile and friends
        raise FileProblem([Problem(0, "", f"不是有效的 Excel（.xlsx）文件：{exc.__class__.__name__}")])
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration:
        raise FileProblem([Problem(0, "", "工作表为空")])
    _check_columns(header, 1)
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        row = {}
        for key, value in zip(header, values):
            if isinstance(value, datetime.datetime):
                value = value.date().isoformat()
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif value is None:
                value = ""
            elif isinstance(value, float) and value.is_integer():
                value = str(int(value))
            row[key] = value if isinstance(value, str) else str(value)
        yield number, row
    workbook.close()


READERS = {"jsonl": read_jsonl, "csv": read_csv, "xlsx": read_xlsx}


# ---------------------------------------------------------------------------
# Validation (no writes)
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class Row:
    number: int
    source_id: str
    values: dict
    department_name: str
    area_name: str
    item_name: str
    genre: str
    topic: str
    five_public: str
    interprets: str
    existing_id: int | None = None


def _text(raw, key):
    value = raw.get(key)
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return value
    return str(value).strip()


def _date(raw, key, label, problems, number, required=False):
    value = _text(raw, key)
    if not value:
        if required:
            problems.append(Problem(number, key, f"{label}不能为空"))
        return None
    if not isinstance(value, str) or not DATE_RE.match(value):
        problems.append(Problem(number, key, f"{label}「{value}」格式错误，应为 YYYY-MM-DD"))
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(Problem(number, key, f"{label}「{value}」不是真实存在的日期"))
        return None


def _choice(raw, key, label, choices, default, problems, number):
    value = _text(raw, key) or default
    if value not in choices:
        problems.append(Problem(number, key, f"{label}「{value}」无效，可选：{'、'.join(choices)}"))
        return default
    return value


def _keywords(raw, problems, number):
    value = raw.get("keywords")
    if value in (None, ""):
        return ""
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            problems.append(Problem(number, "keywords", "关键词必须是字符串列表"))
            return ""
        words = value
    elif isinstance(value, str):
        words = re.split(r"[;；,，、|\s]+", value)
    else:
        problems.append(Problem(number, "keywords", "关键词必须是字符串列表"))
        return ""
    joined = "，".join(w.strip() for w in words if w.strip())
    if len(joined) > 200:
        problems.append(Problem(number, "keywords", "关键词总长度超过200字"))
    return joined


class Catalog:
    """In-memory view of a portal's catalog for validation without queries per row."""

    def __init__(self, portal):
        self.portal = portal
        self.departments = {}
        for d in portal.departments.all():
            self.departments[d.name] = d
            if d.short_name:
                self.departments.setdefault(d.short_name, d)
        self.areas = {a.title: a for a in CatalogArea.objects.child_of(portal)}
        self.items = {}
        for item in CatalogItem.objects.descendant_of(portal).select_related("department"):
            area_path = item.path[: -item.steplen]
            self.items.setdefault(area_path, {})[item.title] = item
        self.genres = set(Genre.objects.values_list("name", flat=True))
        self.topics = set(Topic.objects.values_list("name", flat=True))
        self.five_public = set(FivePublicType.objects.values_list("name", flat=True))
        self.existing = dict(
            DisclosureEntry.objects.filter(portal=portal).exclude(source_id="").values_list("source_id", "pk")
        )

    def area_items(self, area):
        return self.items.get(area.path, {}) if area else {}


def validate_row(number, raw, catalog, create_catalog, problems):
    start = len(problems)
    for key in REQUIRED_KEYS:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            labels = {"source_id": "来源编号", "title": "标题", "body": "正文", "department": "部门",
                      "area": "领域", "published": "发布日期"}
            problems.append(Problem(number, key, f"{labels[key]}不能为空"))
    for key in ("source_id", "title", "body", "department", "area", "item", "doc_number", "summary", "genre",
                "topic", "interprets"):
        if key in raw and raw[key] is not None and not isinstance(raw[key], (str, int)):
            problems.append(Problem(number, key, "必须是文本"))
    if len(problems) > start:
        return None

    title = _text(raw, "title")
    if len(title) > MAX_TITLE:
        problems.append(Problem(number, "title", f"标题超过{MAX_TITLE}字"))
    source_id = _text(raw, "source_id")
    if len(source_id) > 100:
        problems.append(Problem(number, "source_id", "来源编号超过100字"))
    doc_number = _text(raw, "doc_number")
    if len(doc_number) > 100:
        problems.append(Problem(number, "doc_number", "发文字号超过100字"))

    published = _date(raw, "published", "发布日期", problems, number, required=True)
    written = _date(raw, "written", "成文日期", problems, number)
    classified_on = _date(raw, "classified_on", "定密日期", problems, number)
    effective = _date(raw, "effective", "生效日期", problems, number)
    expired_on = _date(raw, "expired_on", "失效/废止日期", problems, number)
    if published and written and written > published:
        problems.append(Problem(number, "written", "成文日期晚于发布日期"))

    openness = _choice(raw, "openness", "公开方式", Openness.values, Openness.PROACTIVE, problems, number)
    validity = _choice(raw, "validity", "有效性", Validity.values, Validity.VALID, problems, number)
    classification = _choice(
        raw, "classification", "密级", Classification.values, Classification.NONE, problems, number
    )
    if validity != Validity.VALID and not expired_on:
        problems.append(Problem(number, "expired_on", f"有效性为「{validity}」时必须给出失效/废止日期"))

    department_name = _text(raw, "department")
    department = catalog.departments.get(department_name)
    if department is None and not create_catalog:
        problems.append(Problem(number, "department", f"未知部门「{department_name}」（可用 --create-catalog 新建）"))

    area_name = _text(raw, "area")
    item_name = _text(raw, "item")
    area = catalog.areas.get(area_name)
    if area is None and not create_catalog:
        problems.append(Problem(number, "area", f"未知领域「{area_name}」（可用 --create-catalog 新建）"))
    items = catalog.area_items(area)
    # The catalog node's owner edits and reviews; the row's department is the
    # entry's 发布机构 / responsible department and may differ (e.g. a 民政办
    # policy filed under 党政办's 行政规范性文件).
    if item_name:
        if item_name not in items and not create_catalog:
            problems.append(Problem(number, "item", f"领域「{area_name}」下没有事项「{item_name}」（可用 --create-catalog 新建）"))
    elif items:
        if not create_catalog and OTHER_ITEM not in items:
            problems.append(Problem(number, "item", f"领域「{area_name}」下设有事项，请填写 item（事项）"))
    elif area is not None and area.department is None and not create_catalog:
        problems.append(Problem(number, "area", f"领域「{area_name}」未指定责任部门，请填写 item 或使用 --create-catalog"))

    genre = _text(raw, "genre")
    if genre and genre not in catalog.genres and not create_catalog:
        problems.append(Problem(number, "genre", f"未知体裁分类「{genre}」"))
    topic = _text(raw, "topic")
    if topic and topic not in catalog.topics and not create_catalog:
        problems.append(Problem(number, "topic", f"未知主题分类「{topic}」"))
    five_public = _text(raw, "five_public")
    if five_public and five_public not in catalog.five_public:
        problems.append(Problem(number, "five_public", f"五公开类型「{five_public}」无效，可选：{'、'.join(sorted(catalog.five_public))}"))
    keywords = _keywords(raw, problems, number)

    if len(problems) > start:
        return None
    values = {
        "title": title,
        "body": plain_text_to_html(_text(raw, "body")),
        "publisher": "",
        "doc_number": doc_number,
        "written_on": written,
        "published_on": published,
        "openness": openness,
        "validity": validity,
        "effective_on": effective,
        "expired_on": expired_on,
        "classification": classification,
        "classified_on": classified_on,
        "keywords": keywords,
        "summary": _text(raw, "summary"),
    }
    if not values["body"]:
        problems.append(Problem(number, "body", "正文不能为空"))
        return None
    return Row(
        number=number, source_id=source_id, values=values, department_name=department_name, area_name=area_name,
        item_name=item_name, genre=genre, topic=topic, five_public=five_public,
        interprets=_text(raw, "interprets"), existing_id=catalog.existing.get(source_id),
    )


def validate_file(path, fmt, catalog, create_catalog):
    problems, rows, seen = [], [], {}
    try:
        for number, raw in READERS[fmt](path):
            if isinstance(raw, Problem):
                problems.append(raw)
                continue
            row = validate_row(number, raw, catalog, create_catalog, problems)
            if row is None:
                continue
            if row.source_id in seen:
                problems.append(Problem(number, "source_id", f"来源编号「{row.source_id}」与第{seen[row.source_id]}行重复"))
                continue
            seen[row.source_id] = number
            rows.append(row)
    except FileProblem as exc:
        problems.extend(exc.problems)
    for row in rows:
        if row.interprets and row.interprets not in seen and row.interprets not in catalog.existing:
            problems.append(Problem(row.number, "interprets", f"被解读的政策「{row.interprets}」不存在"))
    if not rows and not problems:
        problems.append(Problem(0, "", "文件中没有任何数据行"))
    return rows, problems


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


@contextmanager
def deferred_indexing():
    """Suspend per-save search and reference indexing; the caller indexes each entry once after."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from . import indexing

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

    def __call__(self, parent, page):
        from wagtail.models import Page

        if parent.pk not in self.last_path:
            Page.objects.select_for_update().filter(pk=parent.pk).values_list("pk").first()
            self.last_path[parent.pk] = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path").values_list("path", flat=True).first()
            )
        last = self.last_path[parent.pk]
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, 1) if last is None else Page(path=last)._inc_path()
        page._cached_parent_obj = parent
        page.save()
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

    from workflows.publication import create_published_entry, publish_entry

    caches = {Genre: {}, Topic: {}, FivePublicType: {}}
    slugs = {}
    by_source = {}
    append = ChildAppender()
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
                    check = publish_entry(entry, route="import", revision=revision)
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
                    check = create_published_entry(parent, entry, add_child=append)
                else:
                    append(parent, entry)
                    entry.save_revision(log_action=False, clean=False)
                report.created += 1
            by_source[row.source_id] = entry
            if check is not None:
                if check.passed:
                    report.published += 1
                else:
                    report.drafts.append((row.number, row.source_id, check.summary()))
            if progress:
                progress(1)
        append.flush()
        _bulk_index([e.pk for e in by_source.values()])
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


def _bulk_index(pks):
    from modelsearch.backends import get_search_backends
    from wagtail.models import ReferenceIndex

    from .indexing import bulk_index

    bulk_index(pks)  # public Chinese search: outbox, applied after commit
    backends = list(get_search_backends(with_auto_update=True))
    for start in range(0, len(pks), 500):
        entries = list(DisclosureEntry.objects.filter(pk__in=pks[start:start + 500]))
        for backend in backends:
            backend.add_bulk(DisclosureEntry, entries)
        for entry in entries:
            ReferenceIndex.create_or_update_for_object(entry)
