"""The personal-data guard reads numbers the way office software and web pages write them
(issue 12, finding 2): normalisation, every public field and attribute, every attachment
format, and attachments that cannot be read held until a reviewer confirms them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from pages.models import DisclosureEntry, EntryAttachment, HeldAttachmentConfirmation
from pages.publishing import attachment_text
from pages.publishing.attachment_text import extract
from pages.publishing.guards import HELD_KIND, check_personal_information, check_publication
from pages.publishing.personal_data import (
    find_in_plain_text,
    find_personal_information,
    luhn_ok,
    mask_text,
    uscc_check_char,
    valid_uscc,
)
from pages.publishing.pipeline import publish_entry

from ..factories import new_entry
from . import files

VALID_ID = "11010519491231002X"
MOBILE = "13812345678"
CARD = "6222021234567890128"  # passes Luhn


def kinds(text, html=False):
    return [f.kind for f in find_personal_information(text, html=html)]


# -- normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        ("身份证110105\u00a019491231\u00a0002X", "身份证号"),  # no-break spaces, as Word/WPS paste them
        ("身份证110105\u300019491231\u3000002X", "身份证号"),  # ideographic spaces
        ("身份证110105-19491231-002X", "身份证号"),
        ("身份证110105\u201119491231\u2013002x", "身份证号"),  # non-breaking hyphen, en dash
        ("身份证１１０１０５１９４９１２３１００２Ｘ", "身份证号"),  # full width, X included
        ("手机138\u200b1234\u200b5678", "手机号"),  # zero-width space
        ("手机1381\u00ad2345\u00ad678", "手机号"),  # soft hyphens anywhere
        ("手机\ufeff138\u2060123\u200d45678\u200c", "手机号"),  # BOM, word joiner, joiners
        ("手机138\u202f1234\u20025678", "手机号"),  # narrow no-break space, en space
        ("手机138&nbsp;1234&nbsp;5678", "手机号"),  # entities in a plain field
        ("手机138&#8203;1234&#x200B;5678", "手机号"),
        ("手机&#49;&#x33;8&shy;12345678", "手机号"),  # digits written as entities
        ("手机138&amp;nbsp;1234&amp;nbsp;5678", "手机号"),  # entity escaped twice
        ("手机 +86\u00a0138 1234 5678", "手机号"),
        ("手机138 — 1234 — 5678", "手机号"),  # em dashes with spaces
        ("卡号6222\u00a00212\u00a03456\u00a07890\u00a0128", "银行卡号"),
        ("卡号6222-0212-3456-7890-128", "银行卡号"),
        ("卡号6222\u200b021234567890128", "银行卡号"),
        ("手机１３８－１２３４－５６７８", "手机号"),
    ],
)
def test_numbers_written_by_office_software_and_web_pages(text, kind):
    assert kinds(text) == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "序号 138 12 345 678",  # spacing outside the 3-4-4 groups: cells of a list
        "110105 194912 31002X",
        "6222 021 234 567 890 128",
        "编号1 3812345678",
        "2025 1381 2345 678",
    ],
)
def test_spacing_elsewhere_does_not_merge_neighbours(text):
    assert kinds(text) == []


def test_circled_list_markers_are_not_digits():
    assert kinds("①13812345678") == ["手机号"]


def test_unified_social_credit_codes_are_not_cards_or_mobiles():
    codes = [body + uscc_check_char(body) for body in ("91340100MA2N0A1B1", "11341702486344515", "12340000138123456")]
    # An all-digit code that also passes Luhn: it would otherwise read as an 18-digit card.
    candidates = (f"1234{n:013d}" for n in range(1000))
    codes.append(
        next(
            c + uscc_check_char(c)
            for c in candidates
            if (c + uscc_check_char(c)).isdigit() and luhn_ok(c + uscc_check_char(c))
        )
    )
    for code in codes:
        assert valid_uscc(code)
        assert kinds(f"统一社会信用代码：{code}") == [], code
        assert kinds(f"索引号 {code}/2021-00013") == [], code


# -- HTML: attributes, entities, markup --------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        f'<p><a href="tel:{MOBILE}">联系我们</a></p>',
        '<p><a href="tel:138%201234%205678">联系我们</a></p>',  # URL escapes in a link
        f'<p><a href="/x" title="经办人{MOBILE}">详情</a></p>',
        f'<p><embed embedtype="image" id="1" alt="身份证{VALID_ID}" format="left"/></p>',
        f"<p><img src='/a.png' alt='{CARD}'></p>",
        "<p>电话<b>138</b>1234<span>5678</span></p>",  # split by inline markup, one number on screen
        "<p>电话138<wbr>1234&#8203;5678</p>",
        f"<p>见附件<!-- 原件：{VALID_ID} --></p>",
        "<p>电话138&nbsp;1234&nbsp;5678</p>",
    ],
)
def test_body_text_attributes_and_comments_are_read(body):
    assert kinds(body, html=True) != []


def test_block_elements_separate_cells():
    assert kinds("<table><tr><td>138</td><td>1234 5678</td></tr></table>", html=True) == []
    assert kinds("<p>110105</p><p>19491231002X</p>", html=True) == []  # nor its tail as a 199 mobile


def test_mask_text_masks_what_the_normalisation_finds():
    body = (
        '<p>王五 <a href="tel:138%201234%205678" title="138&nbsp;1234&nbsp;5678">电话</a> '
        "<b>110105</b>\u00a019491231\u00a0002X，卡号6222&#8203;021234567890128</p>"
    )
    masked = mask_text(body, html=True)
    assert find_personal_information(masked, html=True) == []
    assert masked == (
        '<p>王五 <a href="tel:138****5678" title="138****5678">电话</a> '
        "<b>1101**********002X</b>，卡号6222***********0128</p>"
    )
    assert mask_text("手机 138\u200b1234\u00a05678。") == "手机 138****5678。"
    assert mask_text("卡号&#54;222021234567890128") == "卡号6222***********0128"


# -- attachments: what is read -------------------------------------------------------------------

NOISY_MOBILE = "138\u200b1234\u00a05678"
NOISY_ID = "110105\u300019491231\u2011002X"


def found(name, data):
    content = extract(name, data)
    assert content.held == [], content.held
    return [f.kind for where, text in content.texts for f in find_in_plain_text(text, where)]


@pytest.mark.parametrize(
    "name, make",
    [
        ("名单.pdf", lambda: files.pdf("联系电话：" + NOISY_MOBILE)),
        ("名单.pdf", lambda: files.encrypted_pdf(files.pdf("Tel " + MOBILE))),  # AES-256, opens without password
        ("名单.pdf", lambda: files.encrypted_pdf(files.pdf("Tel " + MOBILE), algorithm="RC4-128")),
        ("名单.docx", lambda: files.docx(["名单"], cells=["张三", NOISY_ID])),
        ("名单.docx", lambda: files.docx(["名单"], header="联系人" + NOISY_MOBILE)),
        ("名单.docx", lambda: files.docx(["名单"], footer="联系人" + NOISY_MOBILE)),
        ("名单.docx", lambda: files.docx(["名单"], link=f"tel:{MOBILE}")),
        ("名单.xlsx", lambda: files.xlsx([["姓名", "电话"], ["张三", int(MOBILE)]])),  # a number cell
        ("名单.xlsx", lambda: files.xlsx([["姓名", "身份证"], ["张三", NOISY_ID]])),
        ("名单.xlsx", lambda: files.xlsx([["x"]], sheet_title="张三" + MOBILE)),
        ("名单.xlsx", lambda: files.xlsx([["x"]], link=f"tel:{MOBILE}")),
        ("名单.xlsx", lambda: files.xlsx([["x"]], comment="电话" + MOBILE)),
        ("名单.pptx", lambda: files.pptx("公示", "联系人" + NOISY_MOBILE)),
        ("名单.csv", lambda: files.csv_bytes([["姓名", "身份证"], ["张三", VALID_ID]])),
        ("名单.csv", lambda: files.csv_bytes([["姓名", "身份证"], ["张三", NOISY_ID]], "gb18030")),
        ("名单.txt", lambda: ("联系 " + NOISY_MOBILE).encode("utf-16")),
        ("名单.txt", lambda: ("联系 " + CARD).encode("gb18030")),
        ("名单.html", lambda: files.html_page('<a href="tel:138%201234%205678">电话</a>').encode()),
        ("名单.ofd", lambda: files.ofd("联系人电话：" + NOISY_MOBILE)),
        ("名单.ofd", lambda: files.ofd("联系电话13812345678", split_chars=True)),
        ("名单.zip", lambda: files.zip_of({"一/名单.xlsx": files.xlsx([["张三", NOISY_ID]])})),
        ("名单.zip", lambda: files.zip_of({"a.zip": files.zip_of({"b.zip": files.zip_of({"c.txt": MOBILE})})})),
        ("名单.zip", lambda: files.zip_of({f"张三{MOBILE}.txt": "见文件名"})),  # member names are read
    ],
)
def test_attachment_formats_are_read(name, make):
    assert found(name, make()) != []


def test_clean_attachments_are_read_and_pass():
    assert found("a.pdf", files.pdf("Hotline 0556-5212345, ref 000014349/2017-00110")) == []
    assert found("a.xlsx", files.xlsx([["邮编", "电话", "金额"], ["245000", "0556-5212345", 1234567.89]])) == []
    assert found("a.ofd", files.ofd("电话 0556 5212345", "邮编 245000", split_chars=True)) == []


@pytest.mark.parametrize(
    "name, make, reason",
    [
        ("扫描件.pdf", files.scanned_pdf, "扫描件"),
        ("名单.pdf", lambda: files.encrypted_pdf(files.pdf("x"), user_password="secret"), "需要密码"),
        ("照片.jpg", files.png, "图片"),
        ("照片.png", files.png, "图片"),
        ("名单.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "旧版Office"),
        ("名单.rar", lambda: b"Rar!\x1a\x07\x01\x00" + bytes(20), "压缩格式"),
        ("名单.pdf", lambda: b"%PDF-1.4 damaged", "损坏"),
        ("名单.mp4", lambda: b"\x00\x00\x00\x18ftypmp42", "文件类型"),
        ("名单.ofd", lambda: files.ofd("第1页", image=True), "扫描件"),
        ("名单.zip", lambda: files.zip_of({"扫描/1.jpg": files.png(), "说明.txt": "见扫描件"}), "图片"),
        (
            "名单.zip",
            lambda: files.zip_of(
                {
                    "a.zip": files.zip_of(
                        {
                            "b.zip": files.zip_of(
                                {
                                    "c.zip": files.zip_of(
                                        {"d.zip": files.zip_of({"e.zip": files.zip_of({"f.txt": "x"})})}
                                    )
                                }
                            )
                        }
                    )
                }
            ),
            "嵌套过深",
        ),
    ],
)
def test_unreadable_attachments_are_held(name, make, reason):
    content = extract(name, make())
    assert content.held and reason in "".join(r for _, r in content.held), content.held


def test_zip_bomb_is_held_within_the_limit(monkeypatch):
    monkeypatch.setattr(attachment_text.base, "MAX_TOTAL_BYTES", 4 * 1024 * 1024)
    bomb = files.zip_bomb(8 * 1024 * 1024)
    assert len(bomb) < 100_000
    content = extract("数据.zip", bomb)
    assert [r for _, r in content.held] == [attachment_text.HELD_TOO_LARGE]


def test_encrypted_pdf_without_the_decryption_library_is_held(monkeypatch):
    """What published the number before: without ``cryptography`` an AES file read as empty."""
    import pypdf._encryption as encryption
    from pypdf._crypt_providers import _fallback

    data = files.encrypted_pdf(files.pdf("Tel " + MOBILE))
    for name in ("aes_cbc_decrypt", "aes_ecb_decrypt", "CryptAES"):
        monkeypatch.setattr(encryption, name, getattr(_fallback, name))
    content = extract("名单.pdf", data)
    assert [r for _, r in content.held] == [attachment_text.HELD_DECRYPT_LIBRARY]


# -- the guard on entries: every public field, every attachment -----------------------------------


def attach(entry, name, content, title="", user=None):
    document = Document.objects.create(title=name, file=ContentFile(content, name=name), uploaded_by_user=user)
    EntryAttachment.objects.create(entry=entry, document=document, title=title)
    entry.save_revision(user=user)
    return DisclosureEntry.objects.get(pk=entry.pk), document


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    "fields",
    [
        {"body": "<p>电话138&nbsp;1234&nbsp;5678</p>"},  # entity inside the number
        {"body": "<p>身份证110105\u00a019491231\u00a0002X</p>"},  # no-break spaces (Word/WPS paste)
        {"body": "<p>电话138\u200b12345678</p>"},  # zero-width space
        {"body": f'<p><a href="tel:{MOBILE}">联系我们</a></p>'},  # link attribute
        {"doc_number": f"某政发〔2020〕12号 {MOBILE}"},  # 发文字号
        {"publisher": f"经办人{MOBILE}"},  # 发布机构
        {"summary": f"卡号{CARD[:4]}&#8203;{CARD[4:]}"},
        {"keywords": f"低保,{CARD}"},
    ],
)
def test_every_public_field_is_checked(catalog, fields):
    entry = new_entry(catalog["dibao"], **{"title": "低保名单", **fields})
    result = check_personal_information(entry)
    assert not result.passed
    assert not publish_entry(entry).passed
    assert not DisclosureEntry.objects.get(pk=entry.pk).live


@pytest.mark.parametrize(
    "name, title, content",
    [
        ("名单.txt", f"张三{MOBILE}", b"see title"),  # attachment title
        (f"张三{VALID_ID}.txt", "", b"see file name"),  # file name (in the download URL)
        ("名单.xlsx", "", files.xlsx([["张三", int(MOBILE)]])),
        ("名单.csv", "", files.csv_bytes([["张三", VALID_ID]], "gb18030")),
        ("名单.pdf", "", files.encrypted_pdf(files.pdf("Tel " + MOBILE))),
        ("名单.zip", "", files.zip_of({"名单.xlsx": files.xlsx([["张三", NOISY_ID]])})),
        ("名单.ofd", "", files.ofd("电话：" + NOISY_MOBILE)),
    ],
)
def test_attachment_titles_names_and_contents_are_checked(catalog, media, name, title, content):
    entry = new_entry(catalog["dibao"], title="低保名单", body="<p>见附件</p>")
    entry, _ = attach(entry, name, content, title=title)
    result = check_personal_information(entry)
    assert not result.passed and result.findings and not any(getattr(f, "held", False) for f in result.findings)
    assert all(VALID_ID not in str(f) and MOBILE not in str(f) for f in result.findings)  # masked in messages
    assert not publish_entry(entry).passed


def test_one_click_masking_covers_every_field(client, catalog, users, media):
    entry = new_entry(
        catalog["budget"],
        title="补贴发放",
        doc_number=f"财发〔2025〕3号{MOBILE}",
        summary=f"身份证{VALID_ID[:6]}&#8203;{VALID_ID[6:]}",
        body=f'<p><a href="tel:{MOBILE}">电话</a> 138&nbsp;1234&nbsp;5678 <b>110105</b>19491231002X</p>',
    )
    entry, _ = attach(entry, "名单.txt", b"clean", title=f"张三{MOBILE}")
    client.force_login(users["finance_editor"])
    assert client.post(f"/admin/gongkai/entries/{entry.pk}/mask/").status_code == 302
    draft = DisclosureEntry.objects.get(pk=entry.pk).get_latest_revision_as_object()
    assert draft.doc_number == "财发〔2025〕3号138****5678"
    assert draft.summary == "身份证1101**********002X"
    assert draft.body == '<p><a href="tel:138****5678">电话</a> 138****5678 <b>1101**********002X</b></p>'
    assert draft.attachments.all()[0].title == "张三138****5678"
    assert check_publication(draft).passed


# -- held attachments: confirmed by a reviewer with a reason ------------------------------------------


def test_held_attachment_needs_a_reviewers_confirmation(catalog, users, media):
    from wagtail.models import PageLogEntry

    from pages.publishing.held import CONFIRM_HELD_LOG_ACTION, confirm_held_attachment

    entry = new_entry(catalog["budget"], title="补贴名单", body="<p>见附件</p>")
    entry, scan = attach(entry, "名单扫描件.pdf", files.scanned_pdf(), user=users["finance_editor"])
    result = check_personal_information(entry)
    assert not result.passed and [f.kind for f in result.findings] == [HELD_KIND]
    assert "扫描件" in str(result.findings[0]) and "须经审核人确认" in str(result.findings[0])
    assert not publish_entry(entry).passed

    with pytest.raises(PermissionDenied):  # the editor is not a reviewer
        confirm_held_attachment(entry, scan, users["finance_editor"], "已查看")
    with pytest.raises(PermissionDenied):  # another department's staff
        confirm_held_attachment(entry, scan, users["civil_editor"], "已查看")
    with pytest.raises(ValidationError):
        confirm_held_attachment(entry, scan, users["finance_reviewer"], "  ")
    record = confirm_held_attachment(entry, scan, users["finance_reviewer"], "逐页查看，只有汇总金额，无个人信息")
    assert record.confirmed_by == users["finance_reviewer"] and record.sha256 and "扫描件" in record.held_reasons
    log = PageLogEntry.objects.get(page=entry, action=CONFIRM_HELD_LOG_ACTION)
    assert log.user == users["finance_reviewer"] and log.data["reason"] == "逐页查看，只有汇总金额，无个人信息"

    result = check_personal_information(entry)
    assert result.passed and "已由审核人确认" in result.message
    assert publish_entry(entry).passed and DisclosureEntry.objects.get(pk=entry.pk).live

    # Another file under the same document is held again: the confirmation covers that content.
    scan.file.delete(save=False)
    scan.file.save("名单扫描件.pdf", ContentFile(files.scanned_pdf() + b"\n% page 2\n"))
    assert not check_personal_information(DisclosureEntry.objects.get(pk=entry.pk)).passed


def test_the_uploader_cannot_confirm_their_own_file(catalog, users, media):
    from pages.publishing.held import confirm_held_attachment

    entry = new_entry(catalog["budget"], title="补贴名单", body="<p>见附件</p>")
    entry, photo = attach(entry, "照片.jpg", files.png(), user=users["finance_reviewer"])
    with pytest.raises(PermissionDenied):
        confirm_held_attachment(entry, photo, users["finance_reviewer"], "已查看")
    confirm_held_attachment(entry, photo, users["admin"], "已查看，为会场照片")
    assert HeldAttachmentConfirmation.objects.filter(entry=entry, document=photo).count() == 1
    assert check_personal_information(entry).passed


def test_held_attachment_admin_confirmation(client, catalog, users, media, rf):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from workflows.wagtail_hooks import _warn_guard_findings

    entry = new_entry(catalog["budget"], title="补贴名单", body="<p>见附件</p>")
    entry, scan = attach(entry, "名单扫描件.pdf", files.scanned_pdf(), user=users["finance_editor"])
    url = f"/admin/gongkai/entries/{entry.pk}/attachments/{scan.pk}/confirm/"

    # The findings shown after saving link the reviewer to the confirmation form.
    request = rf.get("/")
    request.user = users["finance_reviewer"]
    request.session = {}
    request._messages = FallbackStorage(request)
    _warn_guard_findings(request, entry)
    shown = [str(m) for m in get_messages(request)]
    assert any(HELD_KIND in m and url in m for m in shown), shown
    request.user = users["finance_editor"]
    request._messages = FallbackStorage(request)
    _warn_guard_findings(request, entry)
    assert not any(url in str(m) for m in get_messages(request))

    client.force_login(users["finance_editor"])
    response = client.get(url)  # Wagtail turns the refusal into a redirect to the dashboard
    assert response.status_code == 302 and response["Location"] == "/admin/"
    client.force_login(users["finance_reviewer"])
    response = client.get(url)
    assert response.status_code == 200 and "扫描件" in response.content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "必须填写理由" in response.content.decode()
    assert not HeldAttachmentConfirmation.objects.exists()
    response = client.post(url, {"reason": "已逐页查看，无个人信息"})
    assert response.status_code == 302
    record = HeldAttachmentConfirmation.objects.get()
    assert record.entry_id == entry.pk and record.document == scan and record.confirmed_by == users["finance_reviewer"]
    assert check_personal_information(entry).passed


def test_an_encrypted_pdf_is_never_passed_unread(catalog, media, monkeypatch):
    """Without an AES implementation pypdf cannot open the file: it used to read as empty text
    and the entry passed; now it is held."""
    import pypdf._encryption as encryption
    from pypdf._crypt_providers import _fallback

    from pages.publishing import guards

    entry = new_entry(catalog["dibao"], title="低保名单", body="<p>见附件</p>")
    entry, _ = attach(entry, "名单.pdf", files.encrypted_pdf(files.pdf("Tel " + MOBILE)))
    monkeypatch.setattr(guards, "_SCAN_CACHE", {}, raising=False)
    for name in ("aes_cbc_decrypt", "aes_ecb_decrypt", "CryptAES"):
        monkeypatch.setattr(encryption, name, getattr(_fallback, name))
    result = check_personal_information(entry)
    assert not result.passed and [f.kind for f in result.findings] == [HELD_KIND]
    assert not publish_entry(entry).passed


def test_an_entry_whose_only_finding_is_a_held_file_goes_to_review(catalog, users, media):
    """The reviewer confirms held files during the review, so they must be able to see the
    entry: submission goes on, publication waits for the confirmation."""
    from django.core.exceptions import ValidationError as Invalid

    from pages.publishing.held import confirm_held_attachment
    from workflows import services as moderation

    entry = new_entry(catalog["budget"], title="扫描件待审", body="<p>见附件</p>")
    entry, scan = attach(entry, "扫描件.pdf", files.scanned_pdf(), user=users["finance_editor"])
    moderation.submit(entry, users["finance_editor"])
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert entry.current_workflow_state is not None
    assert not publish_entry(entry).passed
    confirm_held_attachment(entry, scan, users["finance_reviewer"], "逐页查看，无个人信息")
    assert check_personal_information(DisclosureEntry.objects.get(pk=entry.pk)).passed
    # A number the editor can mask still stops the submission.
    other = new_entry(catalog["budget"], title="含手机号", body=f"<p>{MOBILE}</p>")
    with pytest.raises(Invalid, match="保密审查未通过"):
        moderation.submit(other, users["finance_editor"])
