"""The statutory annual report: tables (二)(三)(四) computed from entries, requests and cases, the
consistency rule, the command's JSON, the .docx read back, admin access and publication through
the moderation workflow."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from wagtail.models import GroupPagePermission, Page

from disclosure_requests import services as request_services
from pages.catalog import ensure_area, ensure_department, ensure_item
from pages.models import DisclosureEntry, Genre, public_entries
from pages.publishing.pipeline import publish_entry
from pages.publishing.states import disclosure_status
from reports import annual
from reports.annual.docx import render_docx
from reports.models import AnnualReport, ReviewLitigationCase
from workflows import services as moderation

from ..factories import make_user, new_entry, organization_request, requests_around_2025, travel

D = datetime.date.fromisoformat
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

# The rows of table (三) exactly as DOMAIN.md prints them, in order (group headers included).
DOMAIN_ROWS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
GROUP_HEADERS = {"三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"}


@pytest.fixture
def office(portal):
    """The disclosure office: publish permission on the portal, no superuser."""
    user = make_user("office")
    group = user.groups.create(name="政务公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    page = Page.objects.get(pk=portal.pk)
    for permission in ("publish", "change"):
        GroupPagePermission.objects.create(group=group, page=page, permission_type=permission)
    return user


@pytest.fixture
def requests_2025(submit, portal):  # noqa: F811
    """Requests around 2025: carried in from 2024, new ones by applicant kind, carried out to 2026."""
    boss = make_user("boss", superuser=True)
    requests_around_2025(submit, boss, "withhold_3", "危及公共安全")
    lawyer = organization_request(submit, "2025-04-01", "legal", "律所")
    with travel("2025-04-08"):
        request_services.answer(lawyer, boss, "unable_1")
    withdrawn = submit(on="2025-05-06", description="撤回")
    with travel("2025-05-07"):
        request_services.withdraw(withdrawn)
    submit(on="2025-12-25", description="结转下年，未办结")
    late = submit(on="2025-12-29", description="结转下年，次年办结")
    with travel("2026-01-05"):
        request_services.answer(late, boss, "disclose")


def test_table3_rows_are_the_forms_lines_in_order():
    rows = annual.table3_rows()
    assert [label for label, _ in rows] == DOMAIN_ROWS
    assert {label for label, data in rows if not data} == GROUP_HEADERS
    assert len(set(annual.TABLE3_DATA_ROWS)) == len(annual.TABLE3_DATA_ROWS) == 25


def test_table3_from_requests_with_carry_over(requests_2025, portal):
    data = annual.build_annual_report(portal, 2025)
    table = data["table3"]
    assert table["columns"] == COLUMNS
    rows = table["rows"]
    assert list(rows) == annual.TABLE3_DATA_ROWS
    assert rows["一、本年新收政府信息公开申请数量"] == [3, 1, 0, 0, 1, 0, 5]
    assert rows["二、上年结转政府信息公开申请数量"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["3.危及“三安全一稳定”"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == [0, 1, 0, 0, 0, 0, 1]
    assert rows["1.本机关不掌握相关政府信息"] == [0, 0, 0, 0, 1, 0, 1]
    assert rows["3.其他"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["（一）予以公开"] == [0] * 7  # the 2024 one and the 2026 one are other years' results
    assert rows["（七）总计"] == [2, 1, 0, 0, 1, 0, 4]
    assert rows["四、结转下年度继续办理"] == [2, 0, 0, 0, 0, 0, 2]
    assert annual.check_consistency(data) == []

    # What 2025 carries out is what 2026 carries in; 2024 carried the December request into 2025.
    assert (
        annual.build_annual_report(portal, 2026)["table3"]["rows"]["二、上年结转政府信息公开申请数量"]
        == rows["四、结转下年度继续办理"]
    )
    rows_2024 = annual.build_annual_report(portal, 2024)["table3"]["rows"]
    assert rows_2024["四、结转下年度继续办理"] == rows["二、上年结转政府信息公开申请数量"]
    assert rows_2024["（一）予以公开"] == [1, 0, 0, 0, 0, 0, 1]


def _published(parent, title, genre, written_on, published_on=None, **fields):
    entry = new_entry(
        parent,
        title=title,
        genre=Genre.objects.get(name=genre),
        written_on=D(written_on),
        published_on=D(published_on or written_on),
        **fields,
    )
    assert publish_entry(entry).passed
    return DisclosureEntry.objects.get(pk=entry.pk)


def test_table2_counts_published_rules_and_normative_documents(catalog, portal):
    item = ensure_item(ensure_area(portal, "政策文件", kind="basic"), "其他政策文件", department=catalog["civil"])
    _published(item, "规章甲", "规章", "2025-03-01")
    _published(item, "规章乙（本年废止）", "规章", "2023-05-01", validity="废止", expired_on=D("2025-06-30"))
    _published(item, "规章丙（次年废止）", "规章", "2022-05-01", validity="废止", expired_on=D("2026-02-01"))
    _published(item, "规范性文件甲", "行政规范性文件", "2025-12-01")
    _published(
        item, "规范性文件乙（本年失效）", "行政规范性文件", "2024-02-01", validity="失效", expired_on=D("2025-03-01")
    )
    _published(item, "规范性文件丙（次年生效）", "行政规范性文件", "2025-12-20", effective_on=D("2026-01-01"))
    _published(item, "通知不计", "通知", "2025-04-01")
    _published(item, "依申请公开不计", "规章", "2025-04-01", openness="依申请公开")
    new_entry(item, title="草稿不计", genre=Genre.objects.get(name="规章"), written_on=D("2025-02-01"))
    AnnualReport.objects.create(
        portal=portal,
        year=2025,
        licensing_decisions=12,
        penalty_decisions=3,
        enforcement_decisions=1,
        fee_amount=Decimal("1.2500"),
    )

    table = annual.build_annual_report(portal, 2025)["table2"]
    assert table["规章"] == {"本年制发件数": 1, "本年废止件数": 1, "现行有效件数": 2}
    assert table["行政规范性文件"] == {"本年制发件数": 2, "本年废止件数": 0, "现行有效件数": 1}
    assert table["行政许可"] == {"本年处理决定数量": 12}
    assert table["行政处罚"] == {"本年处理决定数量": 3}
    assert table["行政强制"] == {"本年处理决定数量": 1}
    assert table["行政事业性收费"] == {"本年收费金额（万元）": 1.25}
    # A year without a report row: computed rows, zero office figures.
    assert annual.build_annual_report(portal, 2024)["table2"]["规章"] == {
        "本年制发件数": 0,
        "本年废止件数": 0,
        "现行有效件数": 2,
    }
    assert annual.build_annual_report(portal, 2024)["table2"]["行政许可"] == {"本年处理决定数量": 0}


def _case(portal, kind, number, filed, concluded=None, result=""):
    case = ReviewLitigationCase(
        portal=portal,
        kind=kind,
        case_number=number,
        filed_on=D(filed),
        concluded_on=D(concluded) if concluded else None,
        result=result,
    )
    case.full_clean()
    case.save()
    return case


@pytest.fixture
def cases(portal):
    K, R = ReviewLitigationCase.Kind, ReviewLitigationCase.Result
    _case(portal, K.REVIEW, "复2025-1", "2025-02-01", "2025-05-01", R.UPHELD)
    _case(portal, K.REVIEW, "复2024-9", "2024-10-01", "2025-01-15", R.CORRECTED)
    _case(portal, K.REVIEW, "复2024-3", "2024-06-01", "2024-12-01", R.UPHELD)  # concluded before 2025
    _case(portal, K.REVIEW, "复2025-7", "2025-11-01")  # pending
    _case(portal, K.LITIGATION_DIRECT, "诉2025-1", "2025-03-01", "2026-02-01", R.OTHER)  # pending at year end
    _case(portal, K.LITIGATION_AFTER_REVIEW, "诉2025-2", "2025-04-01", "2025-09-01", R.OTHER)
    _case(portal, K.LITIGATION_DIRECT, "诉2026-1", "2026-01-10")  # next year


def test_table4_from_cases(cases, portal):
    table = annual.build_annual_report(portal, 2025)["table4"]
    assert table["columns"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert table["rows"] == {
        "行政复议": [1, 1, 0, 1, 3],
        "行政诉讼·未经复议直接起诉": [0, 0, 0, 1, 1],
        "行政诉讼·复议后起诉": [0, 0, 1, 0, 1],
    }
    assert annual.build_annual_report(portal, 2024)["table4"]["rows"]["行政复议"] == [1, 0, 0, 1, 2]


def test_case_validation_is_in_chinese(portal):
    case = ReviewLitigationCase(
        portal=portal, kind="review", case_number="x", filed_on=D("2025-03-01"), concluded_on=D("2025-02-01")
    )
    with pytest.raises(ValidationError) as exc:
        case.full_clean()
    assert "审结结果" in str(exc.value) and "不能早于受理日期" in str(exc.value)


def test_consistency_violation_names_the_column(requests_2025, portal, monkeypatch):
    data = annual.build_annual_report(portal, 2025)
    data["table3"]["rows"]["一、本年新收政府信息公开申请数量"][1] += 1
    problems = annual.check_consistency(data)
    assert len(problems) == 1 and "商业企业" in problems[0]
    with pytest.raises(annual.AnnualReportError) as exc:
        annual.validate_report(data)
    assert "商业企业" in exc.value.messages[0] and "不一致" in exc.value.messages[0]

    # Building (and so publishing) from inconsistent figures refuses.
    real = annual.table3

    def tampered(portal, year):
        rows = real(portal, year)
        rows["四、结转下年度继续办理"][2] += 1
        return rows

    monkeypatch.setattr(annual.figures, "table3", tampered)
    with pytest.raises(annual.AnnualReportError, match="科研机构"):
        annual.build_annual_report(portal, 2025)
    with pytest.raises(CommandError, match="科研机构"):
        call_command("annual_report", "--year", "2025", stdout=io.StringIO())


def test_command_json_html_docx_and_unknown_portal(requests_2025, cases, portal, tmp_path):
    out = io.StringIO()
    call_command("annual_report", "--year", "2025", stdout=out)
    parsed = json.loads(out.getvalue())
    assert parsed == annual.build_annual_report(portal, 2025)
    assert set(parsed) == {"year", "portal", "table2", "table3", "table4", "sections"}
    assert parsed["portal"] == "town" and parsed["year"] == 2025
    assert parsed["table3"]["rows"]["3.危及“三安全一稳定”"] == [1, 0, 0, 0, 0, 0, 1]
    assert '"一、本年新收政府信息公开申请数量"' in out.getvalue()  # ensure_ascii=False

    html = io.StringIO()
    call_command("annual_report", "--year", "2025", "--portal", "town", "--format", "html", stdout=html)
    assert (
        html.getvalue().startswith("<!DOCTYPE html>")
        and "测试镇人民政府2025年政府信息公开工作年度报告" in html.getvalue()
    )
    assert 'colspan="7"' in html.getvalue() and "<link" not in html.getvalue()

    target = tmp_path / "report.docx"
    call_command("annual_report", "--year", "2025", "--format", "docx", "--output", str(target), stderr=io.StringIO())
    assert len(Document(str(target)).tables) == 3
    with pytest.raises(CommandError, match="找不到门户「nowhere」"):
        call_command("annual_report", "--year", "2025", "--portal", "nowhere")
    with pytest.raises(CommandError, match="--output"):
        call_command("annual_report", "--year", "2025", "--format", "docx")


def _texts(row):
    return [c.text for c in row.cells]


def _spans(table):
    """(text, gridSpan, vMerge) of every cell element of a Word table."""
    result = []
    for tc in table._tbl.iter(qn("w:tc")):
        pr = tc.tcPr
        span = pr.find(qn("w:gridSpan")) if pr is not None else None
        vmerge = pr.find(qn("w:vMerge")) if pr is not None else None
        text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
        result.append(
            (
                text,
                int(span.get(qn("w:val"))) if span is not None else 1,
                None if vmerge is None else (vmerge.get(qn("w:val")) or "continue"),
            )
        )
    return result


def test_docx_tables_match_the_report_and_have_merged_headers(requests_2025, cases, portal):
    AnnualReport.objects.create(
        portal=portal,
        year=2025,
        overview="本年度我镇扎实推进政务公开。\n第二段。",
        licensing_decisions=7,
        penalty_decisions=2,
        fee_amount=Decimal("0.35"),
    )
    data = annual.build_annual_report(portal, 2025)
    document = Document(io.BytesIO(render_docx(data, annual.report_title(portal, 2025))))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "测试镇人民政府2025年政府信息公开工作年度报告"
    for heading in annual.HEADINGS:
        assert heading in paragraphs
    assert "本年度我镇扎实推进政务公开。" in paragraphs and "第二段。" in paragraphs

    table2, table3, table4 = document.tables
    by_label = {row.cells[0].text: _texts(row) for row in table2.rows}
    for name in ("规章", "行政规范性文件"):
        assert by_label[name][1:] == [str(v) for v in data["table2"][name].values()]
    assert by_label["行政许可"][1:] == ["7"] * 3  # one merged cell seen three times
    assert by_label["行政处罚"][1] == "2" and by_label["行政事业性收费"][1] == "0.35"

    found = {}
    for row in table3.rows[3:]:
        texts = _texts(row)
        found[texts[2]] = [int(t) for t in texts[-7:]]
    assert found == data["table3"]["rows"]
    assert _texts(table3.rows[2])[-7:] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]

    figures = [int(t) for t in _texts(table4.rows[3])]
    rows4 = data["table4"]["rows"]
    assert figures == rows4["行政复议"] + rows4["行政诉讼·未经复议直接起诉"] + rows4["行政诉讼·复议后起诉"]

    spans3 = _spans(table3)
    assert ("申请人情况", 7, None) in spans3
    assert ("法人或其他组织", 5, None) in spans3
    assert ("自然人", 1, "restart") in spans3 and ("总计", 1, "restart") in spans3
    assert ("（三）不予公开", 1, "restart") in spans3 and ("三、本年度办理结果", 1, "restart") in spans3
    assert ("一、本年新收政府信息公开申请数量", 3, None) in spans3
    spans4 = _spans(table4)
    assert ("行政复议", 5, None) in spans4 and ("行政诉讼", 10, None) in spans4
    assert ("未经复议直接起诉", 5, None) in spans4 and ("复议后起诉", 5, None) in spans4
    assert ("结果维持", 1, "restart") in spans4
    assert ("第二十条第（一）项", 4, None) in _spans(table2)

    xml = document.element.xml + document.styles.element.xml
    assert 'w:eastAsia="宋体"' in xml and 'w:eastAsia="黑体"' in xml


# -- admin -----------------------------------------------------------------------------------


def denied(response):
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def menu_names(user):
    from django.test import RequestFactory
    from wagtail.admin.menu import admin_menu

    request = RequestFactory().get("/admin/")
    request.user = user
    return [item.name for item in admin_menu.menu_items_for_request(request)]


def test_admin_is_for_the_office_only(client, office, users, portal):
    detail = reverse("annual_report_detail", args=[portal.pk, 2025])
    urls = [
        reverse("annual_report_index"),
        detail,
        reverse("annual_report_download", args=[portal.pk, 2025, "docx"]),
        reverse("annual_report_cases:index"),
    ]
    client.force_login(users["finance_editor"])
    for url in urls:
        assert denied(client.get(url)), url
    assert denied(client.post(detail, {"overview": "篡改"}))
    assert denied(client.post(reverse("annual_report_publish", args=[portal.pk, 2025])))
    assert not AnnualReport.objects.exists()
    assert "annual_reports" not in menu_names(users["finance_editor"])

    client.force_login(office)
    assert "annual_reports" in menu_names(office)
    index = client.get(reverse("annual_report_index"))
    assert index.status_code == 200 and "测试镇人民政府" in index.content.decode()
    page = client.get(detail).content.decode()
    assert "申请人情况" in page and "（七）总计" in page and "行政复议" in page
    response = client.post(
        detail,
        {
            "overview": "总体情况正文",
            "licensing_decisions": "5",
            "penalty_decisions": "0",
            "enforcement_decisions": "0",
            "fee_amount": "0",
            "problems": "",
            "other_matters": "",
        },
    )
    assert response.status_code == 302
    assert AnnualReport.objects.get(portal=portal, year=2025).licensing_decisions == 5
    bad = client.post(
        detail,
        {
            "overview": "x",
            "licensing_decisions": "-1",
            "penalty_decisions": "0",
            "enforcement_decisions": "0",
            "fee_amount": "abc",
        },
    )
    assert bad.status_code == 200 and AnnualReport.objects.get(portal=portal, year=2025).overview == "总体情况正文"
    docx = client.get(reverse("annual_report_download", args=[portal.pk, 2025, "docx"]))
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    assert json.loads(client.get(reverse("annual_report_download", args=[portal.pk, 2025, "json"])).content)["table2"][
        "行政许可"
    ] == {"本年处理决定数量": 5}
    assert client.get(reverse("annual_report_cases:index")).status_code == 200


def test_office_of_another_portal_sees_nothing_here(client, portal):
    from pages.catalog import create_portal

    other = create_portal("other", "另一镇", "另一镇人民政府")
    user = make_user("other_office")
    group = user.groups.create(name="另一镇公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=Page.objects.get(pk=other.pk), permission_type="publish")
    _case(portal, "review", "复1", "2025-01-01")
    client.force_login(user)
    assert client.get(reverse("annual_report_index")).status_code == 200
    assert denied(client.get(reverse("annual_report_detail", args=[portal.pk, 2025])))
    assert "复1" not in client.get(reverse("annual_report_cases:index")).content.decode()


# -- publication -----------------------------------------------------------------------------


@pytest.fixture
def report_item(portal):
    office_dept = ensure_department(portal, "党政办", "党政", org_code="000014351")
    area = ensure_area(portal, annual.REPORT_AREA, kind="statutory")
    return ensure_item(area, annual.REPORT_ITEM, department=office_dept)


def test_publish_goes_through_the_workflow(client, office, report_item, portal, requests_2025, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    reviewer = make_user("dzb_reviewer", report_item.department.reviewers_group)
    leader = make_user("leader", portal.leaders_group)
    report = AnnualReport.objects.create(portal=portal, year=2025, overview="本年度总体情况。")

    client.force_login(office)
    response = client.post(reverse("annual_report_publish", args=[portal.pk, 2025]))
    assert response.status_code == 302
    report.refresh_from_db()
    entry = report.entry
    assert report.state == AnnualReport.State.PUBLISHED and entry is not None
    assert entry.get_parent().pk == report_item.pk and entry.title == "测试镇人民政府2025年政府信息公开工作年度报告"
    assert not entry.live and not public_entries().filter(pk=entry.pk).exists()
    assert disclosure_status(entry) == "待部门审核"
    attachment = entry.attachments.get()
    assert attachment.document.file.name.endswith(".docx")
    assert "（七）总计" in entry.body and "本年度总体情况。" in entry.body
    assert client.get(entry.url).status_code == 404
    with pytest.raises(annual.AnnualReportError, match="不能重复发布"):
        annual.publish_annual_report(report, office)
    # Published reports are frozen.
    client.post(reverse("annual_report_detail", args=[portal.pk, 2025]), {"overview": "改写"})
    assert AnnualReport.objects.get(pk=report.pk).overview == "本年度总体情况。"

    # The submitter cannot approve their own submission, even as a member of both approving
    # groups (only the four-eyes rule stops them); department, then leader can.
    office.groups.add(report_item.department.reviewers_group, portal.leaders_group)
    with pytest.raises(PermissionDenied, match="无权执行此审核操作"):
        moderation.approve(DisclosureEntry.objects.get(pk=entry.pk), office)
    moderation.approve(DisclosureEntry.objects.get(pk=entry.pk), reviewer)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert not entry.live and disclosure_status(entry) == "待领导审批"
    with pytest.raises(PermissionDenied, match="无权执行此审核操作"):
        moderation.approve(entry, office)
    moderation.approve(entry, leader)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert entry.live and entry.index_number and public_entries().filter(pk=entry.pk).exists()
    client.logout()
    public = client.get(entry.url)
    assert public.status_code == 200 and "结转下年度继续办理" in public.content.decode()


def test_publish_refuses_without_overview_or_catalog_item(portal, office, catalog):
    report = AnnualReport.objects.create(portal=portal, year=2025)
    with pytest.raises(annual.AnnualReportError, match="总体情况"):
        annual.publish_annual_report(report, office)
    report.overview = "有内容"
    report.save()
    with pytest.raises(annual.AnnualReportError, match="年度报告"):
        annual.publish_annual_report(report, office)
    assert AnnualReport.objects.get(pk=report.pk).state == AnnualReport.State.DRAFT
    assert not DisclosureEntry.objects.filter(title__contains="年度报告").exists()


def test_only_the_office_of_the_portal_may_publish(portal, office, report_item, requests_2025, settings, tmp_path):
    """Everything else is in place (text, catalog item, consistent tables), so the permission
    check is the only thing that can refuse: with ``require_office`` removed this fails."""
    from pages.catalog import create_portal

    settings.MEDIA_ROOT = tmp_path / "media"
    report = AnnualReport.objects.create(portal=portal, year=2025, overview="本年度总体情况。")
    other = create_portal("other", "另一镇", "另一镇人民政府")
    other_office = make_user("other_office")
    GroupPagePermission.objects.create(
        group=other_office.groups.create(name="另一镇公开办"),
        page=Page.objects.get(pk=other.pk),
        permission_type="publish",
    )
    outsiders = [
        make_user("nobody"),
        make_user("dzb_editor", report_item.department.editors_group),
        make_user("dzb_reviewer", report_item.department.reviewers_group),
        make_user("town_leader", portal.leaders_group),
        other_office,
    ]
    for user in outsiders:
        with pytest.raises(PermissionDenied, match="只有政务公开办公室"):
            annual.publish_annual_report(report, user)
        assert AnnualReport.objects.get(pk=report.pk).state == AnnualReport.State.DRAFT, user
        assert not DisclosureEntry.objects.filter(title__contains="年度报告").exists(), user
    annual.publish_annual_report(report, office)  # the same call by the office goes through
    assert AnnualReport.objects.get(pk=report.pk).state == AnnualReport.State.PUBLISHED


def test_inconsistent_report_is_not_published(
    portal, office, report_item, requests_2025, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = AnnualReport.objects.create(portal=portal, year=2025, overview="总体情况")
    real = annual.table3

    def tampered(portal, year):
        rows = real(portal, year)
        rows["二、上年结转政府信息公开申请数量"][0] += 1
        return rows

    monkeypatch.setattr(annual.figures, "table3", tampered)
    with pytest.raises(annual.AnnualReportError, match="自然人"):
        annual.publish_annual_report(report, office)
    assert AnnualReport.objects.get(pk=report.pk).entry is None
    assert not DisclosureEntry.objects.filter(title__contains="年度报告").exists()


def test_cases_of_another_portal_cannot_be_edited_or_deleted(client, portal):
    from pages.catalog import create_portal

    other = create_portal("other", "另一镇", "另一镇人民政府")
    user = make_user("other_office")
    group = user.groups.create(name="另一镇公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=Page.objects.get(pk=other.pk), permission_type="publish")
    case = _case(portal, "review", "复1", "2025-01-01")
    client.force_login(user)
    assert client.get(reverse("annual_report_cases:edit", args=[case.pk])).status_code == 404
    assert client.post(reverse("annual_report_cases:delete", args=[case.pk])).status_code == 404
    assert ReviewLitigationCase.objects.filter(pk=case.pk).exists()
    form = client.get(reverse("annual_report_cases:add")).content.decode()
    assert "另一镇" in form and "测试镇政务公开" not in form
    response = client.post(
        reverse("annual_report_cases:add"),
        {
            "portal": other.pk,
            "kind": "review",
            "case_number": "另复1",
            "filed_on": "2025-02-01",
            "concluded_on": "2025-03-01",
            "result": "",
        },
    )
    assert response.status_code == 200 and "审结结果" in response.content.decode()
    assert not ReviewLitigationCase.objects.filter(case_number="另复1").exists()
    foreign = client.post(
        reverse("annual_report_cases:add"),
        {"portal": portal.pk, "kind": "review", "case_number": "越权", "filed_on": "2025-02-01"},
    )
    assert foreign.status_code == 200 and not ReviewLitigationCase.objects.filter(case_number="越权").exists()
    client.post(
        reverse("annual_report_cases:add"),
        {"portal": other.pk, "kind": "review", "case_number": "另复2", "filed_on": "2025-02-01"},
    )
    assert ReviewLitigationCase.objects.get(case_number="另复2").portal_id == other.pk
