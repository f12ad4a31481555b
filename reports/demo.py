"""The demo town's current publications, dated relative to the day ``load_demo`` runs.

A real 乡镇 publishes in every column it has, at the column's rhythm. ``top_up_demo_columns``
does that for the demo portal: every column the self-check requires (applies at the portal's
level, 主动公开, not 未涉及) that is blank, or whose latest public entry is more than half its
inspection limit old, gets a new entry dated within the last days, through the import (so the
one publishing pipeline and its guards). Running it again the same day adds nothing; running it
weeks later adds what the town would have published since.
"""

import datetime
import hashlib
import json
import tempfile
from pathlib import Path

from django.utils import timezone

from pages.importing import import_entries
from pages.models import CatalogItem

from .demo_columns import COLUMN_CONTENT
from .site_check.checks import column_limit, latest_by_column, required_columns

# The town's government meeting column is kept weekly, so the home page always has news.
WEEKLY = {"政府常务会议"}
# Columns whose catalog item names no department: who publishes them in the demo town.
FALLBACK_DEPARTMENTS = {"生态环境": "城建所", "食品药品监管": "综治办", "户籍管理": "综治办", "卫生健康": "卫生院"}
POLICY, INTERPRETATION = "政策文件 › 行政规范性文件", "政策文件 › 政策解读"
QUARTERS = "一二三四"
LETTERS = str.maketrans("0123456789", "ghijklmnop")  # no digit runs in slugs (the personal-data guard)


def _digest(text):
    return hashlib.sha1(text.encode()).hexdigest()


def _period(rhythm, day):
    if rhythm in ("实时", "每月"):
        return f"{day.year}年{day.month}月"
    if rhythm == "每季度":
        return f"{day.year}年第{QUARTERS[(day.month - 1) // 3]}季度"
    if rhythm == "每半年":
        return f"{day.year}年{'上' if day.month <= 6 else '下'}半年"
    return f"{day.year}年"


def _limit(column):
    if column["title"] in WEEKLY:
        return 7
    return column_limit(column)[0]


def _due(column, latest, today):
    """Blank, or older than half its limit: the town publishes the next one."""
    if column["path"] not in latest:
        return True
    limit = _limit(column)
    last = latest[column["path"]][0]
    return limit is not None and last is not None and (today - last).days > limit // 2


def _published_on(column, today):
    limit = _limit(column)
    cap = 90 if limit is None else max(1, min(limit // 3, 30))
    return today - datetime.timedelta(days=1 + int(_digest(column["name"]), 16) % cap)


def _content(column):
    found = COLUMN_CONTENT.get(column["name"]) or COLUMN_CONTENT.get(column["title"])
    if found:
        return found
    return ("清河镇{p}" + column["title"] + "情况", "公告", "执行公开")


def _row(column, today, items):
    published = _published_on(column, today)
    template, genre, five_public = _content(column)
    period = _period(column["rhythm"], published)
    title = template.format(p=period, y=published.year, prev=published.year - 1, n=published.isocalendar()[1])
    time_limit, elements = items.get(column["path"], (20, ""))
    written = published - datetime.timedelta(days=1 if time_limit < 10 else 2 + int(_digest(title), 16) % 4)
    department = column["department"] or FALLBACK_DEPARTMENTS.get(column["area_title"], "党政办")
    elements = " ".join(elements.split()).rstrip("。；;")
    row = {
        "source_id": f"demo-{published:%Y%m%d}-{_digest(column['name'])[:8].translate(LETTERS)}",
        "title": title,
        "body": "\n".join(
            [
                f"根据《中华人民共和国政府信息公开条例》和{column['area_title']}领域基层政务公开标准指引，"
                f"现将{title}有关情况公开如下。",
                f"一、公开内容：{elements.strip() or column['title']}。",
                f"二、责任单位：清河镇{department}，信息形成或者变更之日起{time_limit}个工作日内公开。",
                f"三、对公开内容有疑问的，可在工作日到清河镇便民服务中心{department}窗口咨询。",
            ]
        ),
        "summary": f"{title}。",
        "department": department,
        "area": column["area_title"],
        "published": published.isoformat(),
        "written": written.isoformat(),
        "genre": genre,
        "five_public": five_public,
        "keywords": [column["title"]],
    }
    if column["name"] != column["title"]:  # an item, not an area without items
        row["item"] = column["title"]
    if genre == "行政规范性文件":
        row["doc_number"] = f"清政规〔{written.year}〕{written.month}号"
    return row


def demo_rows(portal, today=None):
    """The rows the demo town publishes today to keep every required column current."""
    today = today or timezone.localdate()
    latest = latest_by_column(portal)
    items = {
        path: (days, elements)
        for path, days, elements in CatalogItem.objects.descendant_of(portal).values_list(
            "path", "time_limit_days", "content_elements"
        )
    }
    required = required_columns(portal)
    due = {c["name"] for c in required if _due(c, latest, today)}
    if due & {POLICY, INTERPRETATION}:
        due |= {POLICY, INTERPRETATION}  # a new policy is published with its 解读
    rows = {c["name"]: _row(c, today, items) for c in required if c["name"] in due}
    if POLICY in rows and INTERPRETATION in rows:
        policy, interpretation = rows[POLICY], rows[INTERPRETATION]
        interpretation["interprets"] = policy["source_id"]
        interpretation["title"] = f"《{policy['title']}》政策解读"
        interpretation["published"] = max(interpretation["published"], policy["published"])
    return list(rows.values())


def top_up_demo_columns(portal, today=None, progress=None):
    """Publish today's demo rows; returns the import report (nothing to do → ``None``)."""
    rows = demo_rows(portal, today)
    if not rows:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-current.jsonl"
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        return import_entries(path, portal=portal, create_catalog=True, publish=True, progress=progress)
