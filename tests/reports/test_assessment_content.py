"""部门考核 (issue 16): the indicators about what a department publishes — substance (五公开 per item,
the pilot report's 避实就虚), 保密 and personal-data refusals, and the 解读 rate of policy documents."""

import datetime

import pytest

from pages.catalog import ensure_area, ensure_item
from pages.models import DisclosureEntry, FivePublicType, Genre, InterpretationEntry
from pages.publishing.guards import check_publication
from pages.publishing.pipeline import PublicationRefused, publish_entry, record_check, record_refusal
from reports.assessment import Period, assess

from ..factories import new_entry, published, travel

D = datetime.date.fromisoformat
Q2 = Period("quarter", 2026, 2)
ON = D("2026-07-10")


@pytest.fixture
def town(portal):
    finance = portal.departments.get(name="财政所")
    civil = portal.departments.get(name="民政办")
    relief = ensure_area(portal, "社会救助", kind="basic")
    policy_area = ensure_area(portal, "政策文件")
    return {
        "portal": portal,
        "finance": finance,
        "civil": civil,
        "dibao": ensure_item(relief, "最低生活保障", department=civil),
        "tekun": ensure_item(relief, "特困人员供养", department=civil),
        "linshi": ensure_item(relief, "临时救助", department=civil),
        "rules": ensure_item(policy_area, "行政规范性文件", department=civil),
    }


def five(name):
    return FivePublicType.objects.get(name=name)


def row(town, on=ON, period=Q2):
    result = assess([town["finance"], town["civil"]], period, on=on)
    return {r.department.name: r for r in result.rows}["民政办"]


def test_an_item_with_only_decision_or_process_entries_is_flagged(town):
    civil = town["civil"]
    # 低保: a 决策 entry, then its 结果 — substantive. 特困: only 决策 and 服务 — 避实就虚.
    published(town["dibao"], "低保标准调整方案", D("2026-03-02"), department=civil, five_public=five("决策公开"))
    published(town["dibao"], "低保名单", D("2026-05-06"), department=civil, five_public=five("结果公开"))
    published(town["tekun"], "特困供养办法", D("2026-04-02"), department=civil, five_public=five("决策公开"))
    published(town["tekun"], "特困申请流程", D("2026-04-03"), department=civil, five_public=five("服务公开"))
    # 临时救助: its 执行 entry comes after the quarter — at 30 June the item is still flagged.
    published(town["linshi"], "临时救助流程", D("2026-06-01"), department=civil, five_public=five("管理公开"))
    published(town["linshi"], "临时救助执行情况", D("2026-07-05"), department=civil, five_public=five("执行公开"))
    # A policy document is 决策/依据 by nature: not an item this indicator judges.
    published(town["rules"], "低保实施细则", D("2026-04-08"), department=civil, five_public=five("决策公开"))

    civil_row = row(town)
    assert civil_row.results["substance"] == {"met": 1, "counted": 3, "score": 33.3}
    assert civil_row.flagged_items == ["社会救助 › 特困人员供养", "社会救助 › 临时救助"]
    assert any(p.startswith("避实就虚：社会救助 › 特困人员供养") for p in civil_row.problems)
    # Once the quarter is over and the 执行 entry counted, 临时救助 is no longer flagged.
    assert row(town, on=D("2026-07-20"), period=Period("month", 2026, 7)).flagged_items == ["社会救助 › 特困人员供养"]


def test_another_departments_entry_does_not_cover_the_item(town):
    published(town["tekun"], "特困供养办法", D("2026-04-02"), department=town["civil"], five_public=five("决策公开"))
    published(town["tekun"], "特困资金拨付", D("2026-04-09"), department=town["finance"], five_public=five("结果公开"))
    result = {r.department.name: r for r in assess([town["finance"], town["civil"]], Q2, on=ON).rows}
    assert result["民政办"].results["substance"] == {"met": 0, "counted": 1, "score": 0.0}
    assert result["财政所"].results["substance"] == {"met": 1, "counted": 1, "score": 100.0}


def refuse(entry, when):
    """What the pipeline records when a guard refuses the entry (the one recorded verdict)."""
    with travel(when):
        record_refusal(entry, PublicationRefused(check_publication(entry)))


def test_refusals_for_classification_or_personal_data_lower_the_score(town):
    civil, dibao = town["civil"], town["dibao"]
    with travel("2026-04-20"):
        fine = published(dibao, "低保名单", D("2026-04-20"), department=civil)
    secret = new_entry(
        dibao, title="低保资金内部通报", department=civil, classification="秘密", classified_on=D("2026-01-05")
    )
    refuse(secret, "2026-05-10")
    leaked = new_entry(dibao, title="低保对象名册", department=civil, body="<p>身份证号11010519491231002X</p>")
    refuse(leaked, "2026-05-11")
    refuse(leaked, "2026-05-12")  # refused twice: one entry, counted once
    untitled = new_entry(dibao, title="低保说明", department=civil, genre=None)
    refuse(untitled, "2026-05-13")  # refused for a missing 体裁: a matter of form, not 保密
    refuse(
        new_entry(dibao, title="旧名册", department=civil, classification="秘密", classified_on=D("2026-01-05")),
        "2026-03-30",
    )  # before Q2

    civil_row = row(town)
    assert civil_row.results["refusals"] == {"met": 2, "counted": 4, "score": 50.0}
    assert "因密级被拒绝发布：低保资金内部通报" in civil_row.problems
    assert "因个人信息被拒绝发布：低保对象名册" in civil_row.problems
    assert not any("低保说明" in p or "旧名册" in p for p in civil_row.problems)
    # The entry published in the quarter counts once, as 达标, through its recorded 保密审查.
    assert fine.pk in {e.pk for e in DisclosureEntry.objects.filter(department=civil)}
    # A later verdict that passes does not undo a refusal in the period.
    with travel("2026-06-01"):
        record_check(secret, check_publication(fine))
    assert row(town).results["refusals"] == {"met": 2, "counted": 4, "score": 50.0}


def interpret(policy, parent, when):
    entry = InterpretationEntry(
        title=f"图解：{policy.title}",
        body="<p>解读正文。</p>",
        genre=Genre.objects.get_or_create(name="解读")[0],
        five_public=five("决策公开"),
        interprets=policy,
        department=policy.department,
        published_on=when,
        live=False,
    )
    parent.add_child(instance=entry)
    entry.save_revision()
    assert publish_entry(InterpretationEntry.objects.get(pk=entry.pk)).passed


def test_the_interpretation_rate_of_policy_documents(town):
    civil, rules = town["civil"], town["rules"]
    genre = Genre.objects.get_or_create(name="规范性文件")[0]
    explained = published(rules, "低保实施细则", D("2026-04-08"), department=civil, genre=genre)
    interpret(explained, rules, D("2026-04-10"))
    published(rules, "临时救助办法", D("2026-05-08"), department=civil, genre=genre)  # no 解读
    late = published(rules, "特困供养细则", D("2026-06-08"), department=civil, genre=genre)
    interpret(late, rules, D("2026-07-03"))  # explained only after the quarter
    published(rules, "上年细则", D("2026-03-08"), department=civil, genre=genre)  # before the quarter
    published(town["dibao"], "低保名单", D("2026-05-06"), department=civil)  # not a policy document

    civil_row = row(town)
    assert civil_row.results["interpretation"] == {"met": 1, "counted": 3, "score": 33.3}
    assert "政策文件未解读：临时救助办法" in civil_row.problems
    assert "政策文件未解读：特困供养细则" in civil_row.problems
    assert not any("低保实施细则" in p for p in civil_row.problems)
