"""部门考核 (issue 16): the rules stated by hand, a period's scores worked out by hand, the page and export."""

import datetime
import io

import pytest
from django.urls import reverse

from disclosure_requests import services
from interaction.models import Question, QuestionState
from pages.catalog import ensure_area, ensure_department, ensure_item
from pages.models import UpdateRhythm
from reports.assessment import INDICATORS, Period, assess, indicator_score, indicators, total_score

from ..factories import PERSON, make_user, published

D = datetime.date.fromisoformat
ON = D("2026-07-10")  # after the second quarter: judged as of 30 June


def test_the_indicators_and_weights():
    assert [(i.key, i.name, i.weight) for i in INDICATORS] == [
        ("timeliness", "发布及时性", 20),
        ("completeness", "栏目完整性", 20),
        ("substance", "公开实质性", 15),
        ("requests", "依申请公开按时答复", 15),
        ("questions", "政务咨询按时答复", 10),
        ("refusals", "保密与个人信息审查", 10),
        ("interpretation", "政策解读率", 10),
    ]
    assert sum(i.weight for i in INDICATORS) == 100


def test_scores_and_the_weighted_total():
    assert indicator_score(2, 3) == 66.7
    assert indicator_score(0, 4) == 0.0 and indicator_score(4, 4) == 100.0
    assert indicator_score(0, 0) is None  # nothing to count
    weights = {"timeliness": 30, "completeness": 30, "requests": 20, "questions": 20}
    # (60×30 + 100×30 + 80×20) ÷ 80: the request indicator had nothing to count and is left out.
    scores = {"timeliness": 60.0, "completeness": 100.0, "requests": None, "questions": 80.0}
    assert total_score(scores, weights) == 80.0
    assert total_score({k: 50.0 for k in weights}, weights) == 50.0
    assert total_score({k: None for k in weights}, weights) is None


def test_the_office_may_change_the_weights(settings):
    settings.ASSESSMENT_WEIGHTS = {"timeliness": 50, "questions": 0}
    assert {i.key: i.weight for i in indicators()} == {
        "timeliness": 50,
        "completeness": 20,
        "substance": 15,
        "requests": 15,
        "questions": 0,
        "refusals": 10,
        "interpretation": 10,
    }
    assert total_score({"timeliness": 40.0, "questions": 0.0}, {"timeliness": 50, "questions": 0}) == 40.0


def test_periods():
    assert (Period("month", 2026, 2).start, Period("month", 2026, 2).end) == (D("2026-02-01"), D("2026-02-28"))
    assert (Period("quarter", 2026, 4).start, Period("quarter", 2026, 4).end) == (D("2026-10-01"), D("2026-12-31"))
    assert (Period("year", 2026).start, Period("year", 2026).end) == (D("2026-01-01"), D("2026-12-31"))
    assert Period("quarter", 2026, 2).label == "2026年第二季度"


@pytest.fixture
def town(portal):
    portal.level = "乡级"
    portal.save()
    finance = portal.departments.get(name="财政所")
    civil = portal.departments.get(name="民政办")
    budget_area = ensure_area(portal, "财政预决算", kind="basic")
    relief = ensure_area(portal, "社会救助", kind="basic")
    items = {
        "budget": ensure_item(budget_area, "部门预算", department=finance, update_rhythm=UpdateRhythm.YEARLY),
        "final": ensure_item(budget_area, "部门决算", department=finance, update_rhythm=UpdateRhythm.IRREGULAR),
        "dibao": ensure_item(relief, "最低生活保障", department=civil, update_rhythm=UpdateRhythm.QUARTERLY),
    }
    return portal, finance, civil, items


def _request(portal, department, received, answered, key):
    data = dict(PERSON, description=f"申请{key}")
    request, _ = services.submit_request(portal, data, channel="in_person", received_on=received, idempotency_key=key)
    admin = make_user(f"admin-{key}", superuser=True)
    request = services.assign(request, department, admin)
    if answered:
        request = services.answer(request, admin, "disclose", text="答复", answered_on=answered)
    return request


def _question(portal, department, due_on, answered_on=None):
    answered_at = None
    if answered_on:
        answered_at = datetime.datetime.combine(answered_on, datetime.time(10), tzinfo=datetime.UTC)
    return Question.objects.create(
        portal=portal,
        department=department,
        subject="咨询",
        content="内容",
        asker_name="甲",
        received_on=due_on - datetime.timedelta(days=7),
        due_on=due_on,
        state=QuestionState.ANSWERED if answered_on else QuestionState.ASSIGNED,
        answer="答复" if answered_on else "",
        answered_at=answered_at,
    )


def test_a_quarter_worked_out_by_hand(town):
    portal, finance, civil, items = town
    # 财政所: one entry on time, one 2½ months after its 成文日期 (limit 20 working days).
    published(items["budget"], "2026年部门预算", D("2026-04-10"), D("2026-04-01"), department=finance)
    published(items["final"], "2025年部门决算", D("2026-06-20"), D("2026-04-01"), department=finance)
    # 民政办: its quarterly 低保 column last published in January (stale by 30 June), no entry in the quarter.
    published(items["dibao"], "2025年第四季度低保名单", D("2026-01-05"), D("2026-01-02"), department=civil)
    on_time = _request(portal, civil, D("2026-04-01"), D("2026-04-10"), "a")
    late = _request(portal, civil, D("2026-04-01"), D("2026-06-01"), "b")
    assert on_time.due_on >= D("2026-04-10") and late.due_on < D("2026-06-01")
    _question(portal, civil, due_on=D("2026-05-10"), answered_on=D("2026-05-20"))  # answered late
    _question(portal, civil, due_on=D("2026-06-15"))  # still open after its deadline
    _question(portal, civil, due_on=D("2026-07-05"))  # due after the quarter: not counted

    result = assess([finance, civil], Period("quarter", 2026, 2), on=ON)
    assert result.as_of == D("2026-06-30")
    rows = {row.department.name: row for row in result.rows}
    money, welfare = rows["财政所"], rows["民政办"]
    assert money.results["timeliness"] == {"met": 1, "counted": 2, "score": 50.0}
    assert money.results["completeness"] == {"met": 2, "counted": 2, "score": 100.0}
    assert money.results["requests"]["score"] is None and money.results["questions"]["score"] is None
    assert money.results["substance"] == {"met": 2, "counted": 2, "score": 100.0}  # both 结果公开
    assert money.total == 81.8  # (50×20 + 100×20 + 100×15) ÷ 55
    assert welfare.results["timeliness"]["counted"] == 0
    assert welfare.results["completeness"] == {"met": 0, "counted": 1, "score": 0.0}
    assert welfare.results["requests"] == {"met": 1, "counted": 2, "score": 50.0}
    assert welfare.results["questions"] == {"met": 0, "counted": 2, "score": 0.0}
    assert welfare.results["substance"] == {"met": 1, "counted": 1, "score": 100.0}
    assert welfare.total == 37.5  # (0×20 + 100×15 + 50×15 + 0×10) ÷ 60
    assert [(r.rank, r.department.name) for r in result.rows] == [(1, "财政所"), (2, "民政办")]
    assert any("2025年部门决算" in p for p in money.problems)
    assert any("社会救助 › 最低生活保障" in p for p in welfare.problems)
    # What lowers the score never shows the applicant's tracking code.
    assert not any(late.tracking_code in p for p in welfare.problems)


def test_the_page_shows_the_office_every_department_and_exports(client, town, office):
    portal, finance, civil, items = town
    published(items["budget"], "2026年部门预算", D("2026-04-10"), D("2026-04-01"), department=finance)
    url = reverse("reports_assessment")
    client.force_login(office)
    page = client.get(url, {"kind": "quarter", "year": "2026", "number": "2"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="table-assessment"' in html and "<svg" in html and "评分规则" in html and "财政所" in html
    bad = client.get(url, {"kind": "quarter", "year": "2026", "number": "5"})
    assert bad.status_code == 400 and "季度只能是 1—4" in bad.content.decode()
    export = client.get(reverse("reports_assessment_export"), {"kind": "quarter", "year": "2026", "number": "2"})
    assert export.status_code == 200
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["考核得分", "评分规则", "避实就虚事项"]
    sheet = workbook["考核得分"]
    assert sheet["B1"].value == "部门" and {sheet.cell(row=r, column=2).value for r in (2, 3)} == {"财政所", "民政办"}
    assert [row[0].value for row in workbook["评分规则"].iter_rows(min_row=2, max_row=8)] == [
        "发布及时性",
        "栏目完整性",
        "公开实质性",
        "依申请公开按时答复",
        "政务咨询按时答复",
        "保密与个人信息审查",
        "政策解读率",
    ]
    # Another portal's department never appears in this office's assessment.
    from pages.catalog import create_portal

    other = create_portal("other", "他镇政务公开", "他镇人民政府")
    ensure_department(other, "他镇财政所")
    assert "他镇财政所" not in client.get(url).content.decode()


def test_the_trend_ends_at_the_chosen_period(town):
    from reports.assessment.trend import previous, trend, trend_chart_svg

    portal, finance, civil, items = town
    assert previous(Period("month", 2026, 1)) == Period("month", 2025, 12)
    assert previous(Period("quarter", 2026, 3)) == Period("quarter", 2026, 2)
    assert previous(Period("year", 2026)) == Period("year", 2025)
    published(items["budget"], "2026年部门预算", D("2026-04-10"), D("2026-04-01"), department=finance)
    series = trend([finance, civil], Period("quarter", 2026, 2), on=ON)
    assert [label for label, _ in series] == ["2025年第三季度", "2025年第四季度", "2026年第一季度", "2026年第二季度"]
    q2 = {r.department.name: r.total for r in assess([finance, civil], Period("quarter", 2026, 2), on=ON).rows}
    assert series[-1][1] == q2
    svg = str(trend_chart_svg(series, "趋势"))
    points = sum(1 for _, totals in series for total in totals.values() if total is not None)
    assert svg.count('class="point"') == points > 0
    assert f'data-period="2026年第二季度" data-value="{q2["财政所"]}"' in svg
