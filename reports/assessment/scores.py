"""部门考核: each department's indicators for a month, quarter or year (rules in ``rules.py``).

Plain functions over the office's scope; the period's facts are judged as of its last day, or
today while the period is still running.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from cms import workdays

from ..dashboard import published_entries, today
from ..site_check.checks import column_limit, required_columns
from . import content
from .rules import indicator_score, indicators, total_score

PERIOD_KINDS = {"month": "月度", "quarter": "季度", "year": "年度"}
QUARTER_NAMES = "一二三四"
PROBLEM_LIMIT = 20  # reasons kept per department (the counts count all)


@dataclass
class Period:
    kind: str
    year: int
    number: int = 1

    @property
    def start(self):
        if self.kind == "year":
            return datetime.date(self.year, 1, 1)
        first_month = self.number if self.kind == "month" else 3 * self.number - 2
        return datetime.date(self.year, first_month, 1)

    @property
    def end(self):
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        month_index = self.start.month - 1 + months
        return datetime.date(self.year + month_index // 12, month_index % 12 + 1, 1) - datetime.timedelta(days=1)

    @property
    def label(self):
        if self.kind == "year":
            return f"{self.year}年度"
        if self.kind == "quarter":
            return f"{self.year}年第{QUARTER_NAMES[self.number - 1]}季度"
        return f"{self.year}年{self.number}月"


@dataclass
class DepartmentScore:
    department: object
    results: dict = field(default_factory=dict)  # key → {"met", "counted", "score"}
    total: float | None = None
    rank: int | None = None
    problems: list = field(default_factory=list)  # what lowers the score, in words
    flagged_items: list = field(default_factory=list)  # items flagged 避实就虚 (all of them)

    @property
    def result_list(self):
        return list(self.results.values())  # in the indicators' order

    def add(self, key, met, problem=None):
        result = self.results[key]
        result["counted"] += 1
        if met:
            result["met"] += 1
        elif problem and len(self.problems) < PROBLEM_LIMIT:
            self.problems.append(problem)


@dataclass
class Assessment:
    period: Period
    as_of: datetime.date
    indicators: list
    rows: list  # DepartmentScore, best first

    @property
    def flagged_rows(self):
        return [row for row in self.rows if row.flagged_items]

    def only(self, department_ids):
        """The same assessment showing only ``department_ids`` (a department user's own rows,
        keeping their rank among all)."""
        rows = [row for row in self.rows if row.department.pk in department_ids]
        return Assessment(self.period, self.as_of, self.indicators, rows)


def _timeliness(rows, departments, period, as_of):
    from pages.models import CatalogItem

    entries = (
        published_entries()
        .filter(department_id__in=rows, published_on__range=(period.start, as_of), written_on__isnull=False)
        .values_list("department_id", "title", "path", "written_on", "published_on")
    )
    from pages.models import DisclosurePortal

    limits = {}
    for portal in DisclosurePortal.objects.filter(pk__in={d.portal_id for d in departments}):
        limits.update(CatalogItem.objects.descendant_of(portal).values_list("path", "time_limit_days"))
    calendar = workdays.WorkingCalendar()
    due_dates = {}
    for department_id, title, path, written_on, published_on in entries:
        days = limits.get(path[:-4]) or 20
        if (written_on, days) not in due_dates:
            due_dates[(written_on, days)] = workdays.add_working_days(written_on, days, calendar=calendar).due
        due = due_dates[(written_on, days)]
        met = due is None or published_on <= due
        rows[department_id].add(
            "timeliness", met, f"超期发布：{title}（成文 {written_on}，发布 {published_on}，时限 {days} 个工作日）"
        )


def _completeness(rows, departments, as_of):
    from pages.models import DisclosurePortal

    by_name = {(d.portal_id, d.name): d.pk for d in departments}
    for portal in DisclosurePortal.objects.filter(pk__in={d.portal_id for d in departments}):
        latest = dict(
            published_entries()
            .filter(portal=portal, published_on__lte=as_of)
            .values("path")
            .annotate(last=Max("published_on"))
            .values_list("path", "last")
        )
        last_by_column = {}
        for path, last in latest.items():
            parent = path[:-4]
            last_by_column[parent] = max(last_by_column.get(parent, last), last)
        for column in required_columns(portal):
            department_id = by_name.get((portal.pk, column["department"]))
            if department_id not in rows:
                continue
            last = last_by_column.get(column["path"])
            days, why = column_limit(column)
            if last is None:
                rows[department_id].add("completeness", False, f"空白栏目：{column['name']}")
            elif days is not None and (as_of - last).days > days:
                rows[department_id].add(
                    "completeness", False, f"栏目未按时更新：{column['name']}（最近发布 {last}，要求：{why}）"
                )
            else:
                rows[department_id].add("completeness", True)


def _short(text, limit=24):
    """A request named by its content (the tracking code is the applicant's, never shown here)."""
    text = " ".join(str(text).split())
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def _requests(rows, period, as_of):
    from disclosure_requests.models import OPEN_STATES, DisclosureRequest, RequestState

    requests = DisclosureRequest.objects.filter(department_id__in=rows)
    answered = requests.filter(
        state__in=[RequestState.ANSWERED, RequestState.CLOSED], answered_on__range=(period.start, as_of)
    ).values_list("department_id", "description", "answered_on", "due_on")
    for department_id, description, answered_on, due_on in answered:
        code = _short(description)
        met = due_on is None or answered_on <= due_on
        rows[department_id].add("requests", met, f"依申请公开超期答复：{code}（期限 {due_on}，答复 {answered_on}）")
    still_open = requests.filter(state__in=OPEN_STATES, due_on__gte=period.start, due_on__lt=as_of).values_list(
        "department_id", "description", "due_on"
    )
    for department_id, description, due_on in still_open:
        code = _short(description)
        rows[department_id].add("requests", False, f"依申请公开逾期未答复：{code}（期限 {due_on}）")


def _questions(rows, period, as_of):
    from interaction.models import OPEN_QUESTION_STATES, Question, QuestionState

    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=zone)
    stop = datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    questions = Question.objects.filter(department_id__in=rows)
    answered = questions.filter(state=QuestionState.ANSWERED, answered_at__gte=start, answered_at__lt=stop).values_list(
        "department_id", "subject", "answered_at", "due_on"
    )
    for department_id, subject, answered_at, due_on in answered:
        answered_on = timezone.localtime(answered_at, zone).date()
        met = due_on is None or answered_on <= due_on
        rows[department_id].add("questions", met, f"政务咨询超期答复：{subject}（期限 {due_on}，答复 {answered_on}）")
    still_open = questions.filter(
        state__in=OPEN_QUESTION_STATES, due_on__gte=period.start, due_on__lt=as_of
    ).values_list("department_id", "subject", "due_on")
    for department_id, subject, due_on in still_open:
        rows[department_id].add("questions", False, f"政务咨询逾期未答复：{subject}（期限 {due_on}）")


def assess(departments, period, on=None, portal=None):
    """Score ``departments`` (a queryset or list of Department) over ``period`` with the weights
    in force for ``portal`` (the defaults when none is given)."""
    on = on or today()
    as_of = min(period.end, on)
    departments = list(departments)
    in_force = indicators(portal)
    rows = {
        d.pk: DepartmentScore(d, results={i.key: {"met": 0, "counted": 0, "score": None} for i in in_force})
        for d in departments
    }
    if period.start <= as_of:
        _timeliness(rows, departments, period, as_of)
        _completeness(rows, departments, as_of)
        content.substance(rows, as_of)
        _requests(rows, period, as_of)
        _questions(rows, period, as_of)
        content.refusals(rows, period, as_of)
        content.interpretation(rows, period, as_of)
    weights = {i.key: i.weight for i in in_force}
    for row in rows.values():
        for result in row.results.values():
            result["score"] = indicator_score(result["met"], result["counted"])
        row.total = total_score({k: r["score"] for k, r in row.results.items()}, weights)
    ranked = sorted(rows.values(), key=lambda r: (r.total is None, -(r.total or 0), r.department.name))
    rank = 0
    previous = object()
    for position, row in enumerate(ranked, start=1):
        if row.total is None:
            continue
        if row.total != previous:
            rank, previous = position, row.total
        row.rank = rank
    return Assessment(period=period, as_of=as_of, indicators=in_force, rows=ranked)
