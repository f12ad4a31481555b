"""The built-in self-check indicators, after the government-website inspection (国办秘函〔2019〕19号).

Every check reads the portal in a few aggregate queries: a 栏目 is a catalog item, or an area
without items (its entries sit directly under it).
"""

import datetime

from django.db.models import F
from django.urls import reverse

from disclosure_requests import deadlines

from . import reads
from .reads import shared_reads  # noqa: F401 (the registry's entry point)

BLANK_VETO_AT = 5  # 空白栏目 ≥ 5 vetoes the site
STALE_VETO_AT = 10  # 应更新未更新栏目 ≥ 10 vetoes the site
HOME_DAYS = 14  # home page not updated for 2 weeks vetoes the site
LATE_WINDOW_DAYS = 365  # late publications are looked for in the last year
ROW_LIMIT = 200  # detail rows kept per finding (the count counts all)

# Update limits of the inspection by column name (the first rule whose word occurs in the
# item's or its area's title), in calendar days; other columns follow their 更新频率.
COLUMN_LIMITS = [
    (("动态", "要闻"), 14, "动态、要闻类栏目2周"),
    (("通知公告", "政策文件"), 183, "通知公告、政策文件类栏目6个月"),
    (("人事", "规划计划"), 366, "人事、规划计划类栏目1年"),
]


def _edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def _add_url(page_id):
    return reverse("wagtailadmin_pages:add_subpage", args=[page_id])


def columns(portal):
    """The portal's live 栏目 as dicts (id, title, area, level, rhythm, method, not_applicable, …)."""
    return reads.once("columns", portal, reads.read_columns)


def latest_by_column(portal):
    """{column path: (last 发布日期, public entry count)} (one grouped query for the run's portals)."""
    return reads.once("latest", portal, reads.read_latest)


def required_columns(portal):
    from pages.models import applies_at

    return [
        c
        for c in columns(portal)
        if c["proactive"] and not c["not_applicable"] and (not c["level"] or applies_at(c["level"], portal.level))
    ]


def blank_columns(portal, on):
    latest = latest_by_column(portal)
    blank = [c for c in required_columns(portal) if c["path"] not in latest]
    return {
        "count": len(blank),
        "veto_at": BLANK_VETO_AT,
        "advice": "在这些栏目下发布应公开的信息；确实不涉及的，在栏目中勾选“未涉及”并写明理由（理由将公开在"
        "“未涉及领域事项说明”中）。空白栏目达5个即单项否决。",
        "rows": [
            {
                "text": c["name"],
                "detail": c["department"] or "未指定责任部门",
                "url": _add_url(c["id"]),
                "mark_url": _edit_url(c["id"]),  # where 未涉及 is marked
            }
            for c in blank[:ROW_LIMIT]
        ],
    }


def column_limit(column):
    """(days, why) the inspection allows between two updates of this column; (None, …) = no limit."""
    from pages.models import UPDATE_RHYTHM_DAYS

    for words, days, why in COLUMN_LIMITS:
        if any(w in column["title"] or w in column["area_title"] for w in words):
            return days, why
    days = UPDATE_RHYTHM_DAYS.get(column["rhythm"])
    return days, f"更新频率“{column['rhythm']}”"


def stale_columns(portal, on):
    latest = latest_by_column(portal)
    stale = []
    for column in required_columns(portal):
        if column["path"] not in latest:
            continue  # blank: counted by blank_columns
        days, why = column_limit(column)
        last = latest[column["path"]][0]
        if days is not None and last is not None and (on - last).days > days:
            stale.append((last, column, days, why))
    stale.sort(key=lambda s: (s[0], s[1]["name"]))
    return {
        "count": len(stale),
        "veto_at": STALE_VETO_AT,
        "advice": "按栏目的更新要求发布最新信息（动态要闻2周、通知公告和政策文件6个月、人事和规划计划1年，"
        "其余按事项的更新频率）。应更新未更新的栏目达10个即单项否决。",
        "rows": [
            {
                "text": column["name"],
                "detail": f"最近发布 {last.isoformat()}，已 {(on - last).days} 天（要求：{why}，{days} 天内）",
                "url": _add_url(column["id"]),
            }
            for last, column, days, why in stale[:ROW_LIMIT]
        ],
    }


def home_not_updated(portal, on):
    last = max((last for last, _ in latest_by_column(portal).values() if last is not None), default=None)
    stale = last is None or (on - last).days > HOME_DAYS
    detail = (
        "门户尚无任何公开信息" if last is None else f"最近一条信息发布于 {last.isoformat()}，已 {(on - last).days} 天"
    )
    return {
        "count": 1 if stale else 0,
        "veto_at": 1,
        "advice": "首页信息超过2周未更新即单项否决：请各部门及时发布工作动态、通知公告等信息。",
        "rows": [{"text": portal.title, "detail": detail, "url": _edit_url(portal.pk)}] if stale else [],
    }


def _read_policies(portals):
    """{portal pk: [(pk, title, 文号, 发布日期)]}: valid policy documents without a public 解读 of the
    same portal, newest first."""
    from ..annual.documents import report_genres

    genres = [name for names in report_genres().values() for name in names]
    public = reads.public(portals)
    interpreted = set(public.exclude(interprets=None).values_list("portal_id", "interprets_id"))
    result = {p.pk: [] for p in portals}
    rows = (
        public.filter(genre__name__in=genres, validity="有效")
        .order_by("-published_on", "-pk")
        .values_list("portal_id", "pk", "title", "doc_number", "published_on")
    )
    for portal_pk, *row in rows:
        if (portal_pk, row[0]) not in interpreted:
            result[portal_pk].append(row)
    return result


def policies_without_interpretation(portal, on):
    policies = reads.once("policies", portal, _read_policies)
    count = len(policies)
    rows = [
        {"text": title, "detail": f"{doc_number or '无文号'}，发布于 {published_on}", "url": _edit_url(pk)}
        for pk, title, doc_number, published_on in policies[:ROW_LIMIT]
    ]
    return {
        "count": count,
        "veto_at": None,
        "advice": "为有效的行政规范性文件发布政策解读（体裁“解读”，在“解读的政策”中选择该文件），做到"
        "“发布、解读、回应”同步。",
        "rows": rows,
    }


def _late(on):
    def read(portals):
        """{portal pk: [(pk, title, 成文日期, 发布日期, 时限)]}: public entries of the last year
        published after their item's 公开时限 (working days after 成文日期)."""
        limits = reads.read_time_limits(portals)
        # Working days are at least as many calendar days: a calendar-day bound, the smallest of
        # every portal's limits, keeps the candidates few (a superset, filtered below).
        shortest = min((min(found.values(), default=20) for found in limits.values()), default=20)
        candidates = (
            reads.public(portals)
            .filter(published_on__gte=on - datetime.timedelta(days=LATE_WINDOW_DAYS), written_on__isnull=False)
            .filter(published_on__gt=F("written_on") + datetime.timedelta(days=shortest))
            .values_list("portal_id", "pk", "title", "path", "written_on", "published_on")
            .order_by("-published_on", "-pk")
        )
        calendar = deadlines.WorkingCalendar()
        due_dates = {}
        late = {p.pk: [] for p in portals}
        for portal_pk, pk, title, path, written_on, published_on in candidates:
            days = limits[portal_pk].get(path[:-4], 20)
            if (written_on, days) not in due_dates:
                due_dates[written_on, days] = deadlines.add_working_days(written_on, days, calendar=calendar).due
            due = due_dates[written_on, days]
            if due and published_on > due:
                late[portal_pk].append((pk, title, written_on, published_on, days))
        return late

    return read


def late_publications(portal, on):
    """Public entries of the last year published after their item's 公开时限 (working days after 成文日期)."""
    late = reads.once(("late", on), portal, _late(on))
    return {
        "count": len(late),
        "veto_at": None,
        "advice": "信息应在形成或变更之日起的公开时限内（一般20个工作日）发布；请督促责任部门及时报送，"
        "并核对成文日期是否填写正确。",
        "rows": [
            {
                "text": title,
                "detail": f"成文 {written} ，发布 {published}（时限 {days} 个工作日）",
                "url": _edit_url(pk),
            }
            for pk, title, written, published, days in late[:ROW_LIMIT]
        ],
    }


def broken_links(portal, on):
    from .links import broken_links as find

    found = reads.once("links", portal, find)
    return {
        "count": len(found),
        "veto_at": None,
        "advice": "修改正文中的失效链接或重新上传缺失的附件；链接指向的信息已撤回或删除的，改为指向现行信息。",
        "rows": found[:ROW_LIMIT],
    }


BUILT_IN = [
    ("blank_columns", "空白栏目（本层级应公开、未标“未涉及”、没有公开信息的栏目）", blank_columns),
    ("stale_columns", "栏目应更新未更新", stale_columns),
    ("home_not_updated", "首页超过2周未更新", home_not_updated),
    ("broken_links", "错链断链（正文链接和附件）", broken_links),
    ("late_publications", "超过公开时限发布（近一年）", late_publications),
    ("policies_without_interpretation", "政策文件未解读", policies_without_interpretation),
]
