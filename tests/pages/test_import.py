import csv
import json
import os

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook
from wagtail.models import PageLogEntry

from pages.importing import import_entries
from pages.models import CatalogArea, CatalogItem, DisclosureEntry

from ..factories import SHARED_DATA

GOOD = {
    "source_id": "fin-1",
    "title": "2025年部门预算公开",
    "body": "一、收支预算总体情况。\n二、支出预算情况。",
    "department": "财政所",
    "area": "财政预决算",
    "item": "部门预算",
    "published": "2025-03-06",
    "written": "2025-03-01",
    "doc_number": "测财〔2025〕3号",
    "genre": "预算",
    "five_public": "结果公开",
    "keywords": ["预算", "三公经费"],
}


def row(**changes):
    data = dict(GOOD)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def problems_of(report):
    return [(p.row, p.field) for p in report.problems]


@pytest.fixture
def jsonl(tmp_path):
    return lambda rows: write_jsonl(tmp_path / "in.jsonl", rows)


def test_clean_file_imports_with_revision_and_metadata(catalog, portal, jsonl):
    report = import_entries(jsonl([row(), row(source_id="fin-2", title="2024年部门决算公开")]), portal=portal)
    assert report.ok and report.created == 2 and report.published == 0
    entry = DisclosureEntry.objects.get(source_id="fin-1")
    assert not entry.live and entry.index_number is None
    assert entry.get_parent().pk == catalog["budget"].pk
    assert entry.department.name == "财政所" and entry.genre.name == "预算"
    assert entry.keywords == "预算，三公经费"
    assert entry.body == "<p>一、收支预算总体情况。</p><p>二、支出预算情况。</p>"
    assert entry.latest_revision is not None


@pytest.mark.parametrize(
    "bad, expected",
    [
        (row(department="不存在办"), (2, "department")),
        (row(area="不存在领域"), (2, "area")),
        (row(item="不存在事项"), (2, "item")),
        (row(published="2025/03/06"), (2, "published")),
        (row(published="2025-02-30"), (2, "published")),
        (row(written="2025-13-01"), (2, "written")),
        (row(written="2025-04-01"), (2, "written")),  # after publication
        (row(title=""), (2, "title")),
        (row(title=None), (2, "title")),
        (row(body="   "), (2, "body")),
        (row(five_public="全面公开"), (2, "five_public")),
        (row(validity="作废"), (2, "validity")),
        (row(validity="废止"), (2, "expired_on")),
        (row(classification="内部"), (2, "classification")),
        (row(keywords=[1, 2]), (2, "keywords")),
        (row(interprets="nope"), (2, "interprets")),
    ],
)
def test_bad_row_writes_nothing_and_names_row_and_field(catalog, portal, jsonl, bad, expected):
    before = DisclosureEntry.objects.count()
    report = import_entries(jsonl([row(source_id="ok-1"), bad]), portal=portal)
    assert not report.ok
    assert expected in problems_of(report)
    assert all(p.problem for p in report.problems)
    assert DisclosureEntry.objects.count() == before
    assert "第2行" in str(report.problems[0]) or report.problems[0].row == 2


def test_duplicate_source_id_in_one_file(catalog, portal, jsonl):
    report = import_entries(jsonl([row(), row(title="另一标题")]), portal=portal)
    assert problems_of(report) == [(2, "source_id")]
    assert "第1行" in report.problems[0].problem
    assert DisclosureEntry.objects.count() == 0


def test_oversized_line_and_bad_json(catalog, portal, tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(row(), ensure_ascii=False) + "\n")
        fh.write(json.dumps(row(source_id="big", body="字" * (10 * 1024 * 1024 // 3)), ensure_ascii=False) + "\n")
        fh.write("{not json}\n")
        fh.write(json.dumps(row(source_id="after"), ensure_ascii=False) + "\n")
    report = import_entries(path, portal=portal)
    assert problems_of(report) == [(2, ""), (3, "")]
    assert "MB" in report.problems[0].problem and "JSON" in report.problems[1].problem
    assert DisclosureEntry.objects.count() == 0


def test_not_utf8(catalog, portal, tmp_path):
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(json.dumps(row(), ensure_ascii=False).encode("gbk") + b"\n")
    report = import_entries(path, portal=portal)
    assert problems_of(report) == [(1, "")] and "UTF-8" in report.problems[0].problem
    csv_path = tmp_path / "gbk.csv"
    csv_path.write_bytes("source_id,title\nx,标题\n".encode("gbk"))
    report = import_entries(csv_path, portal=portal)
    assert "UTF-8" in report.problems[0].problem


def test_reimport_updates_never_duplicates(catalog, portal, jsonl):
    import_entries(jsonl([row()]), portal=portal, publish=True)
    entry = DisclosureEntry.objects.get(source_id="fin-1")
    number = entry.index_number
    report = import_entries(jsonl([row(title="2025年部门预算公开（修订）")]), portal=portal, publish=True)
    assert report.updated == 1 and report.created == 0
    assert DisclosureEntry.objects.filter(source_id="fin-1").count() == 1
    entry.refresh_from_db()
    assert entry.title == "2025年部门预算公开（修订）" and entry.index_number == number and entry.live


def test_reimport_without_publish_keeps_live_version(catalog, portal, jsonl):
    import_entries(jsonl([row()]), portal=portal, publish=True)
    import_entries(jsonl([row(title="草稿修改")]), portal=portal)
    entry = DisclosureEntry.objects.get(source_id="fin-1")
    assert entry.title == GOOD["title"] and entry.live and entry.has_unpublished_changes
    assert entry.get_latest_revision_as_object().title == "草稿修改"


def test_publish_refused_rows_become_drafts_and_are_reported(catalog, portal, jsonl):
    rows = [
        row(),
        row(source_id="secret", classification="秘密", classified_on="2025-06-01"),
        row(source_id="pii", item="部门预算", body="联系人手机13812345678"),
        row(source_id="nogenre", genre=None),
    ]
    report = import_entries(jsonl(rows), portal=portal, publish=True)
    assert report.ok and report.created == 4 and report.published == 1
    assert [d[1] for d in report.drafts] == ["secret", "pii", "nogenre"]
    assert "秘密" in report.drafts[0][2] and "个人信息" in report.drafts[1][2] and "体裁分类" in report.drafts[2][2]
    assert set(DisclosureEntry.objects.filter(live=True).values_list("source_id", flat=True)) == {"fin-1"}
    live = DisclosureEntry.objects.get(source_id="fin-1")
    assert live.index_number == "000014349/2025-00001"
    assert live.first_published_at.date().isoformat() == "2025-03-06"
    actions = set(PageLogEntry.objects.filter(page=live).values_list("action", flat=True))
    assert {"gongkai.import_publish", "gongkai.publication_check"} <= actions


def test_create_catalog_and_interpretation_link(portal, jsonl):
    rows = [
        row(source_id="interp", department="新部门", area="新领域", item=None, genre="解读", interprets="policy"),
        row(source_id="policy", department="新部门", area="新领域", item=None, genre="新体裁"),
    ]
    report = import_entries(jsonl(rows), portal=portal, create_catalog=True, publish=True)
    assert report.ok, report.text()
    area = CatalogArea.objects.get(title="新领域")
    assert area.department.name == "新部门"
    interp = DisclosureEntry.objects.get(source_id="interp")
    assert interp.interprets.source_id == "policy" and interp.get_parent().pk == area.pk
    assert interp.get_latest_revision_as_object().interprets_id == interp.interprets_id


def test_row_without_item_in_area_with_items(catalog, portal, jsonl):
    report = import_entries(jsonl([row(item=None)]), portal=portal)
    assert problems_of(report) == [(1, "item")]
    report = import_entries(jsonl([row(item=None)]), portal=portal, create_catalog=True)
    assert report.ok
    assert CatalogItem.objects.get(title="其他信息").department.name == "财政所"


def test_csv_and_xlsx(catalog, portal, tmp_path):
    columns = [
        "source_id",
        "title",
        "body",
        "department",
        "area",
        "item",
        "published",
        "genre",
        "five_public",
        "keywords",
    ]
    csv_path = tmp_path / "in.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerow(
            ["c1", "CSV导入", "正文", "财政所", "财政预决算", "部门预算", "2025-01-02", "预算", "结果公开", "预算;公开"]
        )
    report = import_entries(csv_path, portal=portal)
    assert report.ok and DisclosureEntry.objects.get(source_id="c1").keywords == "预算，公开"

    wb = Workbook()
    ws = wb.active
    ws.append(columns)
    import datetime

    ws.append(
        [
            "x1",
            "Excel导入",
            "正文",
            "民政办",
            "社会救助",
            "最低生活保障",
            datetime.date(2025, 1, 3),
            "名单",
            "结果公开",
            "低保",
        ]
    )
    xlsx_path = tmp_path / "in.xlsx"
    wb.save(xlsx_path)
    report = import_entries(xlsx_path, portal=portal)
    assert report.ok, report.text()
    assert DisclosureEntry.objects.get(source_id="x1").published_on == datetime.date(2025, 1, 3)

    wb = Workbook()
    wb.active.append(["source_id", "title", "body"])
    wb.active.append(["x2", "缺列", "正文"])
    missing = tmp_path / "missing.xlsx"
    wb.save(missing)
    report = import_entries(missing, portal=portal)
    assert {p.field for p in report.problems} == {"department", "area", "published"}
    assert DisclosureEntry.objects.filter(source_id="x2").count() == 0


def test_command_exit_code_and_report_file(catalog, portal, jsonl, tmp_path):
    bad = jsonl([row(department="不存在办")])
    report_path = tmp_path / "report.tsv"
    with pytest.raises(CommandError):
        call_command("import_entries", str(bad), "--report", str(report_path), "--no-progress")
    text = report_path.read_text(encoding="utf-8")
    assert "1\tdepartment\t未知部门「不存在办」" in text
    good = jsonl([row()])
    call_command("import_entries", str(good), "--publish", "--report", str(report_path), "--no-progress")
    assert DisclosureEntry.objects.get(source_id="fin-1").live


def test_shared_corpus_sample_imports_with_unique_numbers(portal, tmp_path):
    corpus = SHARED_DATA / "entries.jsonl"
    if not corpus.exists():
        if os.environ.get("CI"):  # CI has ../shared beside the clone: a missing corpus is an error there
            pytest.fail(f"shared corpus missing: {corpus}")
        pytest.skip("shared corpus not present (../shared/data/entries.jsonl)")
    lines = corpus.read_text(encoding="utf-8").splitlines()[:200]
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_entries(path, portal=portal, create_catalog=True, publish=True)
    assert report.ok and report.published == 200, report.text()
    numbers = list(DisclosureEntry.objects.values_list("index_number", flat=True))
    assert len(numbers) == 200 and len(set(numbers)) == 200 and None not in numbers


def test_tree_stays_consistent_when_catalog_grows_during_import(portal, jsonl):
    """Entries directly under a new area, then an item created in it, then more entries."""
    from wagtail.models import Page

    rows = [
        row(source_id="a1", department="新部门", area="新领域", item=None),
        row(source_id="a2", department="新部门", area="新领域", item=None),
        row(source_id="b1", department="新部门", area="新领域", item="新事项"),
        row(source_id="a3", department="新部门", area="新领域", item=None),
        row(source_id="b2", department="新部门", area="新领域", item="新事项"),
    ]
    report = import_entries(jsonl(rows), portal=portal, create_catalog=True, publish=True)
    assert report.ok, report.text()
    for page in Page.objects.all():
        assert page.numchild == Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count(), page
    assert Page.find_problems() == ([], [], [], [], [])
    item = CatalogItem.objects.get(title="新事项")
    assert set(DisclosureEntry.objects.child_of(item).values_list("source_id", flat=True)) == {"b1", "b2"}
    # Once the area has items, item-less rows go to 其他信息.
    assert DisclosureEntry.objects.get(source_id="a3").get_parent().title == "其他信息"


def test_reimporting_the_same_file_changes_nothing(catalog, portal, jsonl):
    path = jsonl([row(), row(source_id="fin-2", title="另一条")])
    import_entries(path, portal=portal, publish=True)
    revisions = {e.pk: e.latest_revision_id for e in DisclosureEntry.objects.all()}
    report = import_entries(path, portal=portal, publish=True)
    assert report.ok and report.unchanged == 2 and report.updated == 0 and report.published == 0
    assert {e.pk: e.latest_revision_id for e in DisclosureEntry.objects.all()} == revisions
