"""The personal-data guard's side that decides which texts of an entry are public and how an
attachment is read (issue 20: the guards' surviving mutants): every public text in the mode the
public sees it, attachment labels that name where a number is, held files recorded with their
reasons, confirmations counted, the office's own numbers allowed, and a file read once."""

import hashlib
import os

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from pages.models import DisclosureEntry, EntryAttachment, PublicContactNumber
from pages.publishing import attachment_text, guards
from pages.publishing.guards import HELD_KIND, Finding, check_personal_information, entry_texts, scan_document
from pages.publishing.held import confirm_held_attachment

from ..factories import new_entry
from . import files

MOBILE = "13812345678"
MASKED = "138****5678"


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(guards, "_SCAN_CACHE", {})
    return tmp_path


def attach(entry, name, content, title="", user=None):
    document = Document.objects.create(title=name, file=ContentFile(content, name=name), uploaded_by_user=user)
    EntryAttachment.objects.create(entry=entry, document=document, title=title)
    entry.save_revision(user=user)
    return DisclosureEntry.objects.get(pk=entry.pk), document


# -- which texts are public, read as what ------------------------------------------------------


def test_every_public_text_is_yielded_as_stored_and_in_its_mode(catalog):
    entry = new_entry(catalog["budget"], title="补贴发放", body="", doc_number="", summary="概述")
    entry, document = attach(entry, "名单.txt", b"clean", title=f"张三{MOBILE}")
    texts = {field: (text, is_html) for field, text, is_html in entry_texts(entry)}
    assert texts["标题"] == ("补贴发放", False)
    assert texts["内容概述"] == ("概述", False)
    assert texts["发文字号"] == ("", False)  # an empty field is an empty text, not a placeholder
    assert texts["正文"] == ("", True)  # the body is rich text: read with its markup and attributes
    # The attachment's label is masked (it is shown to the editor); its text is the title as stored.
    assert texts[f"附件名称「张三{MASKED}」"] == (f"张三{MOBILE}", False)
    assert texts[f"附件「张三{MASKED}」的文件名"] == (os.path.basename(document.file.name), False)
    assert [f for f, _, html in entry_texts(entry) if html] == ["正文"]


def test_a_number_split_by_inline_markup_in_the_body_is_found(catalog):
    entry = new_entry(catalog["budget"], body="<p>电话138<b>1234</b>5678</p>")
    result = check_personal_information(entry, public_numbers=())
    assert not result.passed and [f.kind for f in result.findings] == ["手机号"]


def test_an_attachment_without_a_document_does_not_hide_the_next_one(catalog):
    entry = new_entry(catalog["budget"], body="<p>见附件</p>")
    document = Document.objects.create(title="名单", file=ContentFile(f"电话{MOBILE}".encode(), name="名单.txt"))
    entry.attachments = [EntryAttachment(title="未选文件"), EntryAttachment(document=document, title="名单")]
    assert [d for _, d in guards.entry_attachments(entry)] == [document]
    result = check_personal_information(entry, public_numbers=())
    assert [f.field for f in result.findings] == ["附件「名单」"]


# -- the guard's verdict ------------------------------------------------------------------------


def test_the_verdict_names_the_guard_and_counts_what_it_found(catalog):
    entry = new_entry(catalog["budget"], title="名单", body=f"<p>{MOBILE}</p>")
    entry, _ = attach(entry, "扫描件.pdf", files.scanned_pdf())
    result = check_personal_information(entry)
    assert result.guard == "个人信息" and result.passed is False
    assert result.message == "发现1处未脱敏的个人信息；1个附件无法读取内容（扫描件/加密/图片），须审核人确认后才能发布"
    assert [f.kind for f in result.findings] == ["手机号", HELD_KIND]

    clean = new_entry(catalog["budget"], title="公告")
    result = check_personal_information(clean)
    assert (result.guard, result.passed, result.message, result.findings) == (
        "个人信息",
        True,
        "未发现未脱敏的个人信息",
        [],
    )


def test_a_held_file_is_recorded_with_its_reason_and_document(catalog):
    entry = new_entry(catalog["budget"], title="名单", body="<p>见附件</p>")
    entry, scan = attach(entry, "扫描件.pdf", files.scanned_pdf())
    images = {"扫描/1.jpg": files.png(), "扫描/2.jpg": files.png(), "说明.txt": "见扫描件"}
    entry, archive = attach(entry, "材料.zip", files.zip_of(images))
    result = check_personal_information(entry)
    assert result.message == "2个附件无法读取内容（扫描件/加密/图片），须审核人确认后才能发布"
    assert result.findings == [
        Finding(
            HELD_KIND, "附件「扫描件.pdf」", "扫描件或图片：第1页没有可读取的文字", 0, held=True, document_id=scan.pk
        ),
        Finding(
            HELD_KIND,
            "附件「材料.zip」",
            "「扫描/1.jpg」图片，无法读取其中的文字；「扫描/2.jpg」图片，无法读取其中的文字",
            0,
            held=True,
            document_id=archive.pk,
        ),
    ]


def test_confirmed_files_are_counted_in_the_verdict(catalog, users):
    entry = new_entry(catalog["budget"], title="名单", body="<p>见附件</p>")
    entry, first = attach(entry, "扫描件.pdf", files.scanned_pdf(), user=users["finance_editor"])
    entry, second = attach(entry, "照片.png", files.png(), user=users["finance_editor"])
    confirm_held_attachment(entry, first, users["finance_reviewer"], "逐页查看，无个人信息")
    result = check_personal_information(entry)
    assert not result.passed and [f.document_id for f in result.findings] == [second.pk]
    confirm_held_attachment(entry, second, users["finance_reviewer"], "会场照片")
    result = check_personal_information(entry)
    assert result.passed and result.message == "未发现未脱敏的个人信息（2个无法读取的附件已由审核人确认）"


def test_the_offices_own_numbers_are_allowed_in_texts_and_files(catalog):
    PublicContactNumber.objects.create(number="138-1234-5678", owner="值班室")
    entry = new_entry(catalog["budget"], body=f"<p>值班手机{MOBILE}</p>")
    entry, _ = attach(entry, "值班表.txt", f"值班手机{MOBILE}".encode())
    assert guards.public_contact_numbers() == ["138-1234-5678"]
    assert check_personal_information(entry).passed
    other = new_entry(catalog["budget"], body="<p>见附件</p>")
    other, _ = attach(other, "名单.txt", "联系人13912345678".encode())
    assert not check_personal_information(other).passed


def test_findings_in_a_file_name_where_inside_the_attachment(catalog):
    entry = new_entry(catalog["budget"], body="<p>见附件</p>")
    entry, _ = attach(entry, "材料.zip", files.zip_of({"一/名单.txt": f"电话{MOBILE}"}), title="材料")
    result = check_personal_information(entry, public_numbers=())
    assert [f.field for f in result.findings] == ["附件「材料」中的「一/名单.txt」"]
    label = guards.attachment_label(EntryAttachment(title="材料"), f"张三{MOBILE}.txt")
    assert label == f"附件「材料」中的「张三{MASKED}.txt」"


# -- reading a file ---------------------------------------------------------------------------


def test_a_scan_carries_the_files_name_and_content_hash(catalog):
    data = f"电话{MOBILE}".encode()
    document = Document.objects.create(title="名单", file=ContentFile(data, name="名单.txt"))
    scan = scan_document(document)
    assert scan.file_name == document.file.name and scan.sha256 == hashlib.sha256(data).hexdigest()
    assert scan.content.held == [] and scan.content.texts == [("", f"电话{MOBILE}")]  # read by its extension


@pytest.mark.parametrize("file", ["", "documents/不存在.pdf"])
def test_a_document_whose_file_is_missing_is_held_as_damaged(catalog, file):
    document = Document.objects.create(title="丢失", file=file)
    scan = scan_document(document)
    assert (scan.file_name, scan.sha256) == (file, "")
    assert scan.content.texts == [] and scan.content.held == [("", attachment_text.HELD_DAMAGED)]
    entry = new_entry(catalog["budget"], body="<p>见附件</p>")
    EntryAttachment.objects.create(entry=entry, document=document, title="丢失")
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert dict((f, t) for f, t, _ in entry_texts(entry))["附件「丢失」的文件名"] == os.path.basename(file)
    result = check_personal_information(entry)
    assert [(f.kind, f.text) for f in result.findings] == [(HELD_KIND, attachment_text.HELD_DAMAGED)]


def test_a_file_is_read_once_per_content(catalog, monkeypatch):
    calls = []
    real = attachment_text.extract
    monkeypatch.setattr(attachment_text, "extract", lambda name, data: calls.append(name) or real(name, data))
    first = Document.objects.create(title="a", file=ContentFile(b"same", name="a.txt"))
    second = Document.objects.create(title="b", file=ContentFile(b"same", name="b.txt"))
    assert scan_document(first).content == scan_document(second).content == scan_document(first).content
    assert len(calls) == 1


def test_the_cache_keeps_the_newest_files_within_its_size(catalog, monkeypatch):
    monkeypatch.setattr(guards, "_SCAN_CACHE_SIZE", 2)
    documents = [Document.objects.create(title=n, file=ContentFile(n.encode(), name=f"{n}.txt")) for n in "abc"]
    for document in documents:
        scan_document(document)
    kept = [(sha, ext) for sha, ext in guards._SCAN_CACHE]
    assert kept == [(hashlib.sha256(n.encode()).hexdigest(), ".txt") for n in "bc"]


@pytest.mark.parametrize("limit, cached", [(4, True), (3, False)])
def test_only_results_within_the_size_limit_are_cached(catalog, monkeypatch, limit, cached):
    monkeypatch.setattr(guards, "_SCAN_CACHE_MAX_CHARS", limit)
    scan_document(Document.objects.create(title="a", file=ContentFile(b"abcd", name="a.txt")))
    assert bool(guards._SCAN_CACHE) is cached
