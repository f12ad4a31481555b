"""统计分析: the breakdowns, the SVG charts, the Excel export and who may open the page."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission, Page

from pages.catalog import create_portal, ensure_area, ensure_department, ensure_item
from pages.models import FivePublicType, Genre
from pages.publishing.pipeline import publish_entry
from reports import statistics
from reports.dashboard import user_scope
from reports.statistics_views import StatisticsForm

from ..factories import make_user, new_entry

D = datetime.date.fromisoformat
URL = "/admin/reports/statistics/"
EXPORT = "/admin/reports/statistics/export.xlsx"


@pytest.fixture
def office(portal):
    user = make_user("office")
    group = user.groups.create(name="政务公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=Page.objects.get(pk=portal.pk), permission_type="publish")
    return user


def published(parent, title, published_on, genre="预算", five_public="结果公开"):
    entry = new_entry(
        parent,
        title=title,
        published_on=published_on,
        genre=Genre.objects.get(name=genre),
        five_public=FivePublicType.objects.get(name=five_public),
    )
    assert publish_entry(entry).passed
    return entry


@pytest.fixture
def data(catalog, portal):
    """财政所: 2 in January, 1 in March (财政预决算); 民政办: 1 in March (社会救助), 1 directly under an area
    without items; plus a draft, one outside the period and one in another portal — none of them counted."""
    published(catalog["budget"], "2025年部门预算", D("2025-01-10"))
    published(catalog["budget"], "2025年部门预算说明", D("2025-01-20"), genre="报告")
    published(catalog["budget"], "一季度预算执行", D("2025-03-05"), five_public="执行公开")
    published(catalog["dibao"], "三月低保名单", D("2025-03-15"), genre="公告", five_public="执行公开")
    open_area = ensure_area(portal, "养老服务", kind="basic", department=catalog["civil"])
    published(open_area, "养老服务补贴发放", D("2025-02-01"), genre="公告")
    new_entry(catalog["budget"], title="草稿不计", published_on=D("2025-02-01"))
    published(catalog["budget"], "去年预算", D("2024-12-31"))
    other = create_portal("other", "别的镇政务公开", "别的镇人民政府")
    other_dept = ensure_department(other, "财政所", org_code="99")
    other_item = ensure_item(ensure_area(other, "财政预决算"), "部门预算", department=other_dept)
    published(other_item, "别的镇预算", D("2025-01-15"))
    return {"other_dept": other_dept}


def test_breakdowns_for_the_office(data, office, catalog):
    stats = statistics.build_statistics(user_scope(office), D("2025-01-01"), D("2025-03-31"))
    assert stats.month_labels == ["1月", "2月", "3月"]
    rows = {r["label"]: r for r in stats.department_rows}
    assert set(rows) == {"财政所", "民政办"}  # not the other town's 财政所
    assert rows["财政所"]["counts"] == [2, 0, 1] and rows["财政所"]["total"] == 3
    assert rows["民政办"]["counts"] == [0, 1, 1]
    assert stats.month_totals == [2, 1, 2] and stats.total == 5
    assert stats.by_area == [("财政预决算", 3), ("养老服务", 1), ("社会救助", 1)]
    assert dict(stats.by_five_public) == {"决策公开": 0, "执行公开": 2, "管理公开": 0, "服务公开": 0, "结果公开": 3}
    assert dict(stats.by_genre) == {"预算": 2, "报告": 1, "公告": 2}

    only_civil = statistics.build_statistics(user_scope(office), D("2025-01-01"), D("2025-03-31"), catalog["civil"])
    assert [r["label"] for r in only_civil.department_rows] == ["民政办"] and only_civil.total == 2
    assert only_civil.by_area == [("养老服务", 1), ("社会救助", 1)]

    everything = statistics.build_statistics(
        user_scope(make_user("root", superuser=True)), D("2024-12-01"), D("2025-03-31")
    )
    assert everything.total == 7 and everything.month_labels[0] == "2024年12月"


def test_svg_charts_have_bars_and_labels(data, office):
    stats = statistics.build_statistics(user_scope(office), D("2025-01-01"), D("2025-03-31"))
    charts = statistics.charts(stats)
    area = str(charts["by_area"])
    assert area.startswith("<svg") and area.count('<rect class="bar"') == len(stats.by_area) == 3
    assert ">财政预决算<" in area and 'data-value="3"' in area
    month = str(charts["by_month"])
    assert month.count('<rect class="bar"') == 3 and ">1月<" in month
    # Labels are escaped, long ones shortened; zero values draw no bar width.
    svg = str(statistics.bar_chart_svg([("<b>某某某某某某某某某某某某某某</b>", 0)], "测试"))
    assert "<b>" not in svg and "&lt;b&gt;" in svg and 'width="0.0"' in svg
    assert "暂无数据" in str(statistics.bar_chart_svg([], "空"))


def test_excel_export_reads_back(data, office):
    stats = statistics.build_statistics(user_scope(office), D("2025-01-01"), D("2025-03-31"))
    book = load_workbook(io.BytesIO(statistics.export_xlsx(stats)))
    assert book.sheetnames == list(statistics.SHEETS)
    months = book["部门×月份"]
    assert [c.value for c in months[1]] == ["部门", "1月", "2月", "3月", "合计"]
    assert all(c.font.b for c in months[1])
    assert [c.value for c in months[2]] == ["财政所", 2, 0, 1, 3]
    assert [c.value for c in months[months.max_row]] == ["合计", 2, 1, 2, 5]
    assert months.column_dimensions["A"].width >= 8
    areas = book["按领域"]
    assert [c.value for c in areas[2]] == ["财政预决算", 3] and areas.cell(areas.max_row, 2).value == 5
    assert {r[0]: r[1] for r in book["按体裁"].iter_rows(min_row=2, values_only=True)}["公告"] == 2
    assert book["按五公开"]["A1"].font.b


def test_excel_keeps_formula_like_names_as_text(portal, office):
    department = ensure_department(portal, '=HYPERLINK("http://x")')
    item = ensure_item(ensure_area(portal, "=1+1"), "事项", department=department)
    published(item, "信息", D("2025-02-01"))
    stats = statistics.build_statistics(user_scope(office), D("2025-01-01"), D("2025-12-31"))
    book = load_workbook(io.BytesIO(statistics.export_xlsx(stats)))
    names = {c.value: c.data_type for c in book["部门×月份"]["A"]}
    assert names['=HYPERLINK("http://x")'] == "s"
    assert book["按领域"]["A2"].value == "=1+1" and book["按领域"]["A2"].data_type == "s"


def test_form_errors_are_chinese(office, data):
    scope = user_scope(office)
    form = StatisticsForm({"date_from": "2025-13-01", "date_to": "2025-01-31"}, scope=scope)
    assert not form.is_valid() and "请输入有效的日期" in str(form.errors)
    form = StatisticsForm({"date_from": "2025-03-01", "date_to": "2025-01-31"}, scope=scope)
    assert not form.is_valid() and "开始日期不能晚于结束日期" in str(form.errors)
    form = StatisticsForm({"date_from": "2020-01-01", "date_to": "2025-01-31"}, scope=scope)
    assert not form.is_valid() and "最长为 36 个月" in str(form.errors)
    form = StatisticsForm({"department": str(data["other_dept"].pk)}, scope=scope)
    assert not form.is_valid() and "不在您的管理范围内" in str(form.errors)
    form = StatisticsForm({}, scope=scope)  # defaults: this year
    assert form.is_valid() and form.cleaned_data["date_from"].month == 1 and form.cleaned_data["date_to"].day == 31


def test_page_over_http(client, data, office, catalog):
    client.force_login(office)
    response = client.get(URL, {"date_from": "2025-01-01", "date_to": "2025-03-31"})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="stat-total">5<', html)
    assert html.count("<svg") >= 5 and 'class="bar"' in html and "别的镇" not in html
    export = re.search(r'href="(/admin/reports/statistics/export\.xlsx\?[^"]+)"', html).group(1)
    assert "date_from=2025-01-01" in export and "date_to=2025-03-31" in export

    # Department filter kept by the export link.
    html = client.get(
        URL, {"date_from": "2025-01-01", "date_to": "2025-03-31", "department": catalog["civil"].pk}
    ).content.decode()
    export = re.search(r'href="(/admin/reports/statistics/export\.xlsx\?[^"]+)"', html).group(1).replace("&amp;", "&")
    assert f"department={catalog['civil'].pk}" in export
    download = client.get(export)
    assert download.status_code == 200 and download["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in download["Content-Disposition"]
    book = load_workbook(io.BytesIO(download.content))
    assert [row[0] for row in book["部门×月份"].iter_rows(min_row=2, values_only=True)] == ["民政办", "合计"]

    # Bad input: a Chinese form error, not a 500, and no export.
    bad = client.get(URL, {"date_from": "2025-02-30", "date_to": "2025-03-31"})
    assert bad.status_code == 400 and "请输入有效的日期" in bad.content.decode()
    assert client.get(EXPORT, {"date_from": "2025-04-01", "date_to": "2025-03-31"}).status_code == 400


def denied(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def test_only_the_office_opens_statistics(client, data, users, office):
    leader = make_user("leader", data["other_dept"].portal.leaders_group)
    for user in (users["finance_editor"], users["civil_editor"], leader):
        client.force_login(user)
        assert denied(client.get(URL))
        assert denied(client.get(EXPORT))
        assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(office)
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(users["admin"])
    assert client.get(URL).status_code == 200


def test_a_county_office_tells_the_towns_departments_apart(client, data, catalog):
    """Several portals in scope: each 财政所 is named with its portal; one portal: the name alone."""
    from reports.dashboard import Scope

    county = StatisticsForm({}, scope=Scope(everything=True))
    labels = [label for _, label in county.fields["department"].choices][1:]
    assert "别的镇政务公开 · 财政所" in labels and "测试镇政务公开 · 财政所" in labels
    town = StatisticsForm({}, scope=Scope(portal_ids=frozenset({catalog["finance"].portal_id})))
    assert [label for _, label in town.fields["department"].choices][1:] == ["民政办", "财政所"]
    # The table body the view renders holds every department's row, names escaped.
    stats = statistics.build_statistics(Scope(everything=True), D("2025-01-01"), D("2025-03-31"))
    body = str(stats.department_table_rows)
    assert body.count("<tr>") == len(stats.department_rows) == 3
    assert '<td class="title">别的镇政务公开 · 财政所</td><td>1</td><td>0</td><td>0</td><td><strong>1</strong>' in body
