import datetime

import pytest

from pages.models import Classification, DisclosureEntry
from pages.publishing.guards import (
    check_classification,
    check_publication,
    check_required_metadata,
    find_personal_information,
    luhn_ok,
    mask,
    valid_id18,
)
from pages.publishing.pipeline import publish_entry

from ..factories import new_entry
from .files import pdf

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
    entry.secrecy_period_basis = "定密审批表2020-1号"
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
    secret = new_entry(catalog["budget"], classification=Classification.SECRET, classified_on=datetime.date(2025, 1, 1))
    check = publish_entry(secret)
    assert not check.passed
    secret.refresh_from_db()
    assert not secret.live and secret.index_number is None

    personal = new_entry(catalog["dibao"], title="低保名单", body=f"<p>张三 {VALID_ID}</p>")
    assert not publish_entry(personal).passed
    assert not DisclosureEntry.objects.get(pk=personal.pk).live


def test_revision_publish_route_needs_approval_and_guards(catalog):
    """Revision.publish() — what the admin, bulk actions and the scheduler call — is guarded twice."""
    from pages.models import ForcedPublication
    from pages.publishing.pipeline import NotApproved, PublicationRefused

    from ..factories import make_user

    entry = new_entry(catalog["dibao"], body="<p>联系人手机13812345678</p>")
    with pytest.raises(NotApproved):
        entry.get_latest_revision().publish()
    # Even an approved (here: force-recorded) revision is refused by the guards.
    ForcedPublication.objects.create(
        entry=entry, revision=entry.get_latest_revision(), forced_by=make_user("boss"), reason="测试"
    )
    with pytest.raises(PublicationRefused) as exc:
        entry.get_latest_revision().publish()
    assert "个人信息" in str(exc.value)
    assert not DisclosureEntry.objects.get(pk=entry.pk).live


def test_check_publication_reports_all_guards(catalog):
    entry = new_entry(catalog["budget"])
    check = check_publication(entry)
    assert check.passed
    assert [r.guard for r in check.results] == ["密级", "个人信息", "内容安全", "必填元数据"]


def _attach(entry, name, content):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from pages.models import EntryAttachment

    document = Document.objects.create(title=name, file=ContentFile(content, name=name))
    EntryAttachment.objects.create(entry=entry, document=document, title=name)
    return DisclosureEntry.objects.get(pk=entry.pk)


def test_personal_information_in_attachments(catalog, settings, tmp_path):
    import io

    import docx

    from pages.publishing.guards import check_personal_information

    settings.MEDIA_ROOT = tmp_path
    entry = new_entry(catalog["dibao"], title="低保名单", body="<p>见附件</p>")
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("2025年第一季度低保对象名单")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "张*明"
    table.rows[0].cells[1].text = VALID_ID
    document.save(buffer)
    entry = _attach(entry, "名单.docx", buffer.getvalue())
    result = check_personal_information(entry)
    assert not result.passed
    assert [f.field for f in result.findings] == ["附件「名单.docx」"]

    clean = new_entry(catalog["dibao"], title="公告", body="<p>见附件</p>")
    clean = _attach(clean, "公告.pdf", pdf("Hotline 0556-5212345, ref 000014349/2017-00110"))
    assert check_personal_information(clean).passed
    leaky = new_entry(catalog["dibao"], title="公告2", body="<p>见附件</p>")
    leaky = _attach(leaky, "联系人.pdf", pdf("Contact 13812345678"))
    result = check_personal_information(leaky)
    assert not result.passed and result.findings[0].field == "附件「联系人.pdf」"


def test_one_click_masking(client, catalog, users):
    from pages.publishing.guards import mask_text

    assert mask_text(f"身份证{VALID_ID}，手机 138-1234-5678，卡号{CARD}。") == (
        "身份证1101**********002X，手机 138****5678，卡号6222***********0128。"
    )
    assert mask_text("办公电话0556-5212345，全角：１３８１２３４５６７８") == "办公电话0556-5212345，全角：138****5678"
    entry = new_entry(catalog["budget"], title="补贴发放", body=f"<p>王五 {VALID_ID} 13812345678</p>")
    client.force_login(users["finance_editor"])
    response = client.post(f"/admin/gongkai/entries/{entry.pk}/mask/")
    assert response.status_code == 302
    draft = DisclosureEntry.objects.get(pk=entry.pk).get_latest_revision_as_object()
    assert VALID_ID not in draft.body and "1101**********002X" in draft.body and "138****5678" in draft.body
    assert check_publication(draft).passed
    client.force_login(users["civil_editor"])  # another department's editor may not
    client.post(f"/admin/gongkai/entries/{entry.pk}/mask/")
    assert DisclosureEntry.objects.get(pk=entry.pk).get_latest_revision().user == users["finance_editor"]
