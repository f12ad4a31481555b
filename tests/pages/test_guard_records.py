"""What the guards put on record (保密审查 audit entries, the messages editors and inspectors read)
and the masking helpers at their length boundaries."""

import datetime

import pytest

from pages.models import Classification, DisclosureEntry
from pages.publishing.guards import (
    Finding,
    GuardResult,
    PublicationCheck,
    check_classification,
    luhn_ok,
    mask,
)

D = datetime.date


def test_guard_result_record():
    finding = Finding("手机号", "正文", "13812345678", 4)
    result = GuardResult("个人信息", False, "发现1处未脱敏的个人信息", [finding])
    assert result.as_dict() == {
        "guard": "个人信息",
        "passed": False,
        "message": "发现1处未脱敏的个人信息",
        "findings": ["正文第5字处疑似手机号：138****5678"],
    }
    assert str(Finding("身份证号", "标题", "11010519491231002X", 0)) == "标题第1字处疑似身份证号：1101**********002X"


def test_publication_check_record_and_summary():
    ok = GuardResult("密级", True, "非涉密")
    bad = GuardResult("必填元数据", False, "缺少：五公开")
    worse = GuardResult("个人信息", False, "发现2处未脱敏的个人信息")
    check = PublicationCheck([ok, bad, worse])
    assert not check.passed and check.problems == [bad, worse]
    assert check.summary() == "缺少：五公开；发现2处未脱敏的个人信息"  # only the problems
    assert check.as_dict() == {"passed": False, "results": [ok.as_dict(), bad.as_dict(), worse.as_dict()]}
    fine = PublicationCheck([ok, GuardResult("个人信息", True, "未发现未脱敏的个人信息")])
    assert fine.passed and fine.summary() == "非涉密；未发现未脱敏的个人信息"  # all verdicts when none failed


@pytest.mark.django_db
def test_classification_verdicts_are_named_and_typed():
    cases = [
        DisclosureEntry(classification=Classification.SECRET, classified_on=D(2020, 1, 1)),  # in force
        DisclosureEntry(classification=Classification.SECRET, classified_on=D(2000, 1, 1)),  # expired
        DisclosureEntry(classification=Classification.SECRET),  # no date
        DisclosureEntry(classification=Classification.NONE),
        DisclosureEntry(
            classification=Classification.SECRET,
            classified_on=D(2020, 1, 1),
            declassified_on=D(2021, 1, 1),
            declassified_by="县保密局",
            declassification_basis="通知",
        ),
    ]
    verdicts = [check_classification(entry, D(2026, 1, 1)) for entry in cases]
    assert [v.guard for v in verdicts] == ["密级"] * 5
    assert [v.passed for v in verdicts] == [False, True, False, True, True]
    assert all(type(v.passed) is bool for v in verdicts)
    assert verdicts[2].message == "标注「秘密」但缺少定密日期，不得公开"
    assert verdicts[0].message == "标注「秘密」，保密期限至2030-01-01，未记录解密，不得公开"
    assert verdicts[1].message == "原标注「秘密」，保密期限已于2010-01-01届满"


def test_mask_lengths():
    assert mask("1234567") == "*******"  # up to 7 digits: all hidden
    assert mask("12345678") == "123*5678"  # 8..14: 3 + 4 kept
    assert mask("12345678901234") == "123*******1234"
    assert mask("123456789012345") == "1234*******2345"  # 15 and more: 4 + 4 kept
    assert mask("11010519491231002x") == "1101**********002x"  # a lower-case check letter is kept


def test_luhn_doubles_fives_correctly():
    assert luhn_ok("59")  # 5 doubled is 10 → 1 + 0
    assert not luhn_ok("58")


@pytest.mark.django_db
def test_required_metadata_verdicts():
    from pages.publishing.guards import check_required_metadata

    empty = DisclosureEntry(title="", body="", validity="废止")
    result = check_required_metadata(empty)
    assert (result.guard, result.passed) == ("必填元数据", False)
    assert result.message == "缺少：标题、责任部门、体裁分类、五公开、正文或附件、失效/废止日期"
    dated = DisclosureEntry(title="", body="<p>正文</p>", validity="废止", expired_on=D(2025, 1, 1))
    assert check_required_metadata(dated).message == "缺少：标题、责任部门、体裁分类、五公开"


@pytest.mark.django_db
def test_required_metadata_complete(catalog):
    from pages.publishing.guards import check_required_metadata

    from ..factories import new_entry

    result = check_required_metadata(new_entry(catalog["budget"]))
    assert (result.guard, result.passed, result.message) == ("必填元数据", True, "元数据完整")
    lapsed = new_entry(catalog["budget"], title="已失效", validity="失效", expired_on=D(2025, 1, 1))
    assert check_required_metadata(lapsed).passed


@pytest.mark.django_db
def test_personal_data_findings_name_the_field():
    from pages.publishing.guards import check_personal_information

    entry = DisclosureEntry(
        title="联系13812345678", summary="电话13812345679", keywords="13812345670", body="<p>手机13812345671</p>"
    )
    result = check_personal_information(entry, public_numbers=[])
    assert [f.field for f in result.findings] == ["标题", "内容概述", "关键词", "正文"]
    assert (result.guard, result.passed, result.message) == ("个人信息", False, "发现4处未脱敏的个人信息")
    clean = check_personal_information(DisclosureEntry(title="无", summary=None, keywords=None, body=None), [])
    assert (clean.guard, clean.passed, clean.message) == ("个人信息", True, "未发现未脱敏的个人信息")
