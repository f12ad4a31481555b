import datetime

import pytest

from pages.models import Classification, DisclosureEntry
from workflows.guards import (
    check_classification,
    check_publication,
    check_required_metadata,
    find_personal_information,
    luhn_ok,
    mask,
    valid_id18,
)
from workflows.publication import publish_entry

from .conftest import new_entry

# A syntactically valid resident ID (check digit computed by the standard algorithm).
VALID_ID = "11010519491231002X"
BAD_CHECK_ID = "110105194912310021"
CARD = "6222021234567890128"  # passes Luhn


def test_id_checksum_and_luhn_helpers():
    assert valid_id18(VALID_ID)
    assert not valid_id18(BAD_CHECK_ID)
    assert luhn_ok(CARD)
    assert not luhn_ok(CARD[:-1] + "9")


@pytest.mark.parametrize(
    "text, kind",
    [
        (f"申请人身份证号{VALID_ID}，特此公示", "身份证号"),
        (f"身份证：{VALID_ID.lower()}", "身份证号"),
        ("旧身份证号110105491231002已登记", "身份证号（15位）"),
        ("联系电话13812345678", "手机号"),
        ("电话 +86 138-1234-5678", "手机号"),
        ("电话 138 1234 5678", "手机号"),
        (f"收款账号{CARD}", "银行卡号"),
        ("收款账号6222 0212 3456 7890 128", "银行卡号"),
        ("联系电话１３８１２３４５６７８", "手机号"),  # full-width digits
    ],
)
def test_personal_information_found(text, kind):
    findings = find_personal_information(text)
    assert [f.kind for f in findings] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        f"身份证号{BAD_CHECK_ID[:4]}**********{BAD_CHECK_ID[-4:]}",  # masked
        "手机号138****5678",
        "索引号 000014349/2017-00110 和 11341702486344515H/202110-00013",
        "发文字号：某政发〔2020〕12号，成文日期2020-03-15，20200315",
        "资金合计1234567.89元，共计12345678901234元（统计口径）",
        f"号码{BAD_CHECK_ID}校验位不符",
        "办公电话0556-5212345，传真0556-5212346",
        "银行账号6222021234567890120",  # fails Luhn
    ],
)
def test_no_false_alarm(text):
    assert find_personal_information(text) == []


def test_public_office_numbers_can_be_allowed():
    assert find_personal_information("值班手机13812345678", public_numbers=["138-1234-5678"]) == []


def test_mask_keeps_head_and_tail():
    assert mask(VALID_ID) == "1101**********002X"
    assert mask("13812345678") == "138****5678"


def test_classification_guard(catalog):
    today = datetime.date(2026, 11, 26)
    entry = DisclosureEntry(title="x", classification=Classification.SECRET, classified_on=datetime.date(2020, 1, 1))
    result = check_classification(entry, today)
    assert not result.passed and "2030-01-01" in result.message
    entry.secrecy_period_years = 5
    result = check_classification(entry, today)
    assert result.passed and "届满" in result.message
    entry.secrecy_period_years = None
    entry.classification = Classification.TOP_SECRET
    entry.classified_on = datetime.date(1990, 1, 1)
    assert check_classification(entry, today).passed  # 绝密 default 30 years: ended 2020-01-01
    entry.classified_on = datetime.date(2000, 1, 1)
    assert not check_classification(entry, today).passed
    entry.declassified_on = datetime.date(2026, 1, 1)
    entry.declassified_by = "县保密局"
    entry.declassification_basis = "县保密局解密通知"
    assert check_classification(entry, today).passed
    unmarked = DisclosureEntry(title="y", classification=Classification.SECRET)
    assert not check_classification(unmarked, today).passed


def test_required_metadata(catalog):
    entry = new_entry(catalog["budget"])
    assert check_required_metadata(entry).passed
    entry.genre = None
    entry.body = ""
    result = check_required_metadata(entry)
    assert not result.passed and "体裁分类" in result.message and "正文或附件" in result.message


def test_pipeline_refuses_and_keeps_draft(catalog):
    secret = new_entry(catalog["budget"], classification=Classification.SECRET,
                       classified_on=datetime.date(2025, 1, 1))
    check = publish_entry(secret)
    assert not check.passed
    secret.refresh_from_db()
    assert not secret.live and secret.index_number is None

    personal = new_entry(catalog["dibao"], title="低保名单", body=f"<p>张三 {VALID_ID}</p>")
    assert not publish_entry(personal).passed
    assert not DisclosureEntry.objects.get(pk=personal.pk).live


def test_revision_publish_route_needs_approval_and_guards(catalog):
    """Revision.publish() — what the admin, bulk actions and the scheduler call — is guarded twice."""
    from workflows.models import ForcedPublication
    from workflows.publication import NotApproved, PublicationRefused

    from .conftest import make_user

    entry = new_entry(catalog["dibao"], body="<p>联系人手机13812345678</p>")
    with pytest.raises(NotApproved):
        entry.get_latest_revision().publish()
    # Even an approved (here: force-recorded) revision is refused by the guards.
    ForcedPublication.objects.create(entry=entry, revision=entry.get_latest_revision(),
                                     forced_by=make_user("boss"), reason="测试")
    with pytest.raises(PublicationRefused) as exc:
        entry.get_latest_revision().publish()
    assert "个人信息" in str(exc.value)
    assert not DisclosureEntry.objects.get(pk=entry.pk).live


def test_check_publication_reports_all_guards(catalog):
    entry = new_entry(catalog["budget"])
    check = check_publication(entry)
    assert check.passed
    assert [r.guard for r in check.results] == ["密级", "个人信息", "必填元数据"]
