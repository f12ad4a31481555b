"""The 考核 indicators about what departments publish (rules in ``rules.py``): substance (五公开
coverage per item), 保密 and personal-data refusals, and the 解读 rate of policy documents."""

import datetime

from django.utils import timezone

from ..dashboard import published_entries
from .rules import REFUSING_GUARDS, SUBSTANTIVE_FIVE_PUBLIC


def _item_names(paths):
    """path → "领域 › 事项" for the catalog nodes at ``paths``."""
    from wagtail.models import Page

    wanted = set(paths) | {p[:-4] for p in paths}
    titles = dict(Page.objects.filter(path__in=wanted).values_list("path", "title"))
    return {p: " › ".join(t for t in (titles.get(p[:-4]), titles.get(p)) if t) for p in paths}


def substance(rows, as_of):
    """Per item a department published under by ``as_of`` (policy sections aside: a 政策文件 is
    决策/依据 by nature): 达标 when one of its entries there is 执行公开 or 结果公开."""
    from pages.models import DisclosureEntry

    policies = DisclosureEntry.objects.policy_documents().values("pk")
    entries = (
        published_entries()
        .filter(department_id__in=rows, published_on__lte=as_of)
        .exclude(pk__in=policies)
        .filter(interprets=None)  # a 解读 explains a policy: judged with it, not here
        .values_list("department_id", "path", "five_public__name")
    )
    items = {}  # (department, item path) → substantive?
    for department_id, path, five_public in entries:
        key = (department_id, path[:-4])
        items[key] = items.get(key, False) or five_public in SUBSTANTIVE_FIVE_PUBLIC
    names = _item_names({path for _, path in items})
    for (department_id, path), met in sorted(items.items(), key=lambda kv: kv[0][1]):
        rows[department_id].add(
            "substance", met, f"避实就虚：{names[path]}（只公开了决策、管理、服务类信息，未公开执行或结果）"
        )
        if not met:
            rows[department_id].flagged_items.append(names[path])


def _local_day_bounds(start, end):
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


def refused_guards(data):
    """The refusing guards (密级, 个人信息) named in one recorded verdict's data."""
    return [
        r["guard"] for r in (data or {}).get("results", []) if not r.get("passed") and r.get("guard") in REFUSING_GUARDS
    ]


def refusals(rows, period, as_of):
    """Per entry of the department with a recorded verdict (保密审查 passed or 发布被拒绝) in the
    period: 达标 unless a verdict in the period refused it for its 密级 or personal information."""
    from wagtail.models import PageLogEntry

    from pages.models import DisclosureEntry
    from pages.publishing.pipeline import GUARD_LOG_ACTION, REFUSED_LOG_ACTION

    start, stop = _local_day_bounds(period.start, as_of)
    entries = dict(
        (pk, (department_id, title))
        for pk, department_id, title in DisclosureEntry.objects.filter(department_id__in=rows).values_list(
            "pk", "department_id", "title"
        )
    )
    verdicts = PageLogEntry.objects.filter(
        action__in=[GUARD_LOG_ACTION, REFUSED_LOG_ACTION],
        timestamp__gte=start,
        timestamp__lt=stop,
        page_id__in=DisclosureEntry.objects.filter(department_id__in=rows).values("pk"),
    ).values_list("page_id", "action", "data")
    refused = {}  # entry → the guards that refused it
    for page_id, action, data in verdicts:
        guards = refused.setdefault(page_id, set())
        if action == REFUSED_LOG_ACTION:
            guards.update(refused_guards(data))
    for page_id in sorted(refused):
        department_id, title = entries[page_id]
        guards = "、".join(sorted(refused[page_id]))
        rows[department_id].add("refusals", not refused[page_id], f"因{guards}被拒绝发布：{title}")


def interpretation(rows, period, as_of):
    """Policy documents (the one rule, ``policy_documents()``) the department published in the
    period: 达标 when a public 解读 published by ``as_of`` interprets it."""
    from pages.models import DisclosureEntry

    public = DisclosureEntry.objects.disclosed()
    policies = public.policy_documents().filter(department_id__in=rows, published_on__range=(period.start, as_of))
    interpreted = set(
        public.filter(interprets__in=policies.values("pk"), published_on__lte=as_of).values_list(
            "interprets_id", flat=True
        )
    )
    for pk, department_id, title in policies.order_by("published_on", "pk").values_list("pk", "department_id", "title"):
        rows[department_id].add("interpretation", pk in interpreted, f"政策文件未解读：{title}")
