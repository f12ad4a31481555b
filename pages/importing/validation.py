"""Validation of every row without writing: the row-by-row report (row, field, problem)."""

import dataclasses
import datetime
import re

from ..models import (
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
from .readers import READERS
from .report import DATE_RE, MAX_TITLE, OTHER_ITEM, REQUIRED_KEYS, FileProblem, Problem

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
            labels = {
                "source_id": "来源编号",
                "title": "标题",
                "body": "正文",
                "department": "部门",
                "area": "领域",
                "published": "发布日期",
            }
            problems.append(Problem(number, key, f"{labels[key]}不能为空"))
    for key in (
        "source_id",
        "title",
        "body",
        "department",
        "area",
        "item",
        "doc_number",
        "summary",
        "genre",
        "topic",
        "interprets",
    ):
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
            problems.append(
                Problem(number, "item", f"领域「{area_name}」下没有事项「{item_name}」（可用 --create-catalog 新建）")
            )
    elif items:
        if not create_catalog and OTHER_ITEM not in items:
            problems.append(Problem(number, "item", f"领域「{area_name}」下设有事项，请填写 item（事项）"))
    elif area is not None and area.department is None and not create_catalog:
        problems.append(
            Problem(number, "area", f"领域「{area_name}」未指定责任部门，请填写 item 或使用 --create-catalog")
        )

    genre = _text(raw, "genre")
    if genre and genre not in catalog.genres and not create_catalog:
        problems.append(Problem(number, "genre", f"未知体裁分类「{genre}」"))
    topic = _text(raw, "topic")
    if topic and topic not in catalog.topics and not create_catalog:
        problems.append(Problem(number, "topic", f"未知主题分类「{topic}」"))
    five_public = _text(raw, "five_public")
    if five_public and five_public not in catalog.five_public:
        problems.append(
            Problem(
                number,
                "five_public",
                f"五公开类型「{five_public}」无效，可选：{'、'.join(sorted(catalog.five_public))}",
            )
        )
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
        number=number,
        source_id=source_id,
        values=values,
        department_name=department_name,
        area_name=area_name,
        item_name=item_name,
        genre=genre,
        topic=topic,
        five_public=five_public,
        interprets=_text(raw, "interprets"),
        existing_id=catalog.existing.get(source_id),
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
                problems.append(
                    Problem(number, "source_id", f"来源编号「{row.source_id}」与第{seen[row.source_id]}行重复")
                )
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
