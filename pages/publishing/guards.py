"""Publication guards (保密审查): the checks every route to the public runs.

``check_publication(entry)`` is the one function that decides whether an
entry may go public. It never raises; it returns every guard's verdict so
callers can show all problems at once and store the review record.
"""

import dataclasses
import hashlib
import os

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.html import strip_tags

from pages.models import Classification

from . import attachment_text
from .personal_data import (  # noqa: F401 (the guard's vocabulary, imported from here by callers)
    Finding,
    find_in_plain_text,
    find_personal_information,
    luhn_ok,
    mask,
    mask_text,
    normalise,
    valid_id18,
)


@dataclasses.dataclass
class GuardResult:
    guard: str  # 密级 / 个人信息 / 必填元数据
    passed: bool
    message: str
    findings: list = dataclasses.field(default_factory=list)

    def as_dict(self):
        return {
            "guard": self.guard,
            "passed": self.passed,
            "message": self.message,
            "findings": [str(f) for f in self.findings],
        }


@dataclasses.dataclass
class PublicationCheck:
    results: list

    @property
    def passed(self):
        return all(r.passed for r in self.results)

    @property
    def problems(self):
        return [r for r in self.results if not r.passed]

    @property
    def only_held(self):
        """Nothing refuses but attachments the guard cannot read: the entry may go to review,
        where a reviewer confirms them; publication waits for that confirmation."""
        problems = self.problems
        return bool(problems) and all(r.findings and all(f.held for f in r.findings) for r in problems)

    def summary(self):
        return "；".join(r.message for r in (self.problems or self.results))

    def as_dict(self):
        return {"passed": self.passed, "results": [r.as_dict() for r in self.results]}


# -- classification ---------------------------------------------------------


def check_classification(entry, today=None):
    today = today or timezone.localdate()
    if entry.classification == Classification.NONE:
        return GuardResult("密级", True, "非涉密")
    if entry.declassified_on and entry.declassified_by and entry.declassification_basis:
        return GuardResult(
            "密级",
            True,
            f"原标注「{entry.classification}」，已于{entry.declassified_on:%Y-%m-%d}由{entry.declassified_by}解密"
            f"（依据：{entry.declassification_basis}）",
        )
    expires = entry.secrecy_expires_on()
    if expires is None:
        return GuardResult("密级", False, f"标注「{entry.classification}」但缺少定密日期，不得公开")
    if expires < today:  # ``expires`` is the last day the mark binds (民法典 Art. 201, 202)
        return GuardResult("密级", True, f"原标注「{entry.classification}」，保密期限已于{expires:%Y-%m-%d}届满")
    unfounded = entry.secrecy_period_years and entry.secrecy_years() != entry.secrecy_period_years
    note = f"（标注的{entry.secrecy_period_years}年短于法定期限且未记录依据，按法定期限计）" if unfounded else ""
    return GuardResult(
        "密级",
        False,
        f"标注「{entry.classification}」，保密期限至{expires:%Y-%m-%d}{note}，未记录解密，不得公开",
    )


# -- personal information ---------------------------------------------------
#
# Detection, normalisation and masking live in personal_data (pure), attachment reading in
# attachment_text (pure); this part decides which texts of an entry are public.

HELD_KIND = "无法读取附件内容（扫描件/加密/图片）"

# Plain-text fields the public sees (page, API, feed, search results, the page's URL).
PUBLIC_TEXT_FIELDS = (
    ("title", "标题"),
    ("seo_title", "页面标题"),
    ("search_description", "搜索描述"),
    ("slug", "网址"),
    ("summary", "内容概述"),
    ("keywords", "关键词"),
    ("doc_number", "发文字号"),
    ("publisher_name", "发布机构"),
    ("disclosure_scope", "公开范围"),
)
PUBLIC_HTML_FIELDS = (("body", "正文"),)


@dataclasses.dataclass
class AttachmentScan:
    """What the guard read of one attachment's file."""

    file_name: str
    sha256: str
    content: attachment_text.AttachmentText


# (sha256, extension) → AttachmentText: the guard runs on every save, submission, approval
# and publication; a file is read once per process (small results only).
_SCAN_CACHE = {}
_SCAN_CACHE_SIZE = 32
_SCAN_CACHE_MAX_CHARS = 2_000_000


def scan_document(document):
    """Read a document's file (cached by content); an unreadable file is held, never skipped."""
    name = document.file.name or ""
    try:
        with document.file.open("rb") as fh:
            data = fh.read()
    except Exception:  # missing from storage: nothing can vouch for its content
        return AttachmentScan(name, "", attachment_text.AttachmentText(held=[("", attachment_text.HELD_DAMAGED)]))
    sha256 = hashlib.sha256(data).hexdigest()
    key = (sha256, os.path.splitext(name.lower())[1])
    content = _SCAN_CACHE.get(key)
    if content is None:
        content = attachment_text.extract(name, data)
        if sum(len(text) for _, text in content.texts) <= _SCAN_CACHE_MAX_CHARS:
            while len(_SCAN_CACHE) >= _SCAN_CACHE_SIZE:
                _SCAN_CACHE.pop(next(iter(_SCAN_CACHE), None), None)
            _SCAN_CACHE[key] = content
    return AttachmentScan(name, sha256, content)


def entry_attachments(entry):
    """(attachment, its document) for every attachment with a file."""
    for attachment in entry.attachments.all():
        try:
            document = attachment.document  # also a document not saved yet (a form, a test)
        except ObjectDoesNotExist:
            continue
        if document is not None:
            yield attachment, document


def entry_texts(entry):
    """(field, text, is_html) for every public text of the entry, attachments' names included."""
    for attr, label in PUBLIC_TEXT_FIELDS:
        yield label, str(getattr(entry, attr, "") or ""), False
    for attr, label in PUBLIC_HTML_FIELDS:
        yield label, getattr(entry, attr, "") or "", True
    # Entry types with public texts of their own (回应's 关切事项, 解读's 图解说明 and 问答).
    extra = getattr(entry, "extra_public_texts", None)
    if extra is not None:
        yield from extra()
    for attachment, document in entry_attachments(entry):
        title = mask_text(attachment.display_title)
        yield f"附件名称「{title}」", attachment.display_title or "", False
        yield f"附件「{title}」的文件名", os.path.basename(document.file.name or ""), False


def attachment_label(attachment, where=""):
    label = f"附件「{mask_text(attachment.display_title)}」"
    return f"{label}中的「{mask_text(where)}」" if where else label


def confirmed_attachments(entry):
    """{(document id, sha256)} confirmed by a reviewer for this entry."""
    from pages.models import HeldAttachmentConfirmation

    if not entry.pk:
        return set()
    return set(HeldAttachmentConfirmation.objects.filter(entry_id=entry.pk).values_list("document_id", "sha256"))


def held_reasons(scan):
    return "；".join(f"「{mask_text(where)}」{reason}" if where else reason for where, reason in scan.content.held)


def attachment_findings(entry, public_numbers=()):
    """(findings in attachment contents, held findings, confirmed count)."""
    findings, held, confirmed = [], [], 0
    done = None
    for attachment, document in entry_attachments(entry):
        scan = scan_document(document)
        for where, text in scan.content.texts:
            findings.extend(find_in_plain_text(text, attachment_label(attachment, where), public_numbers))
        if scan.content.held:
            if done is None:
                done = confirmed_attachments(entry)
            if scan.sha256 and (document.pk, scan.sha256) in done:
                confirmed += 1
            else:
                held.append(
                    Finding(
                        HELD_KIND,
                        attachment_label(attachment),
                        held_reasons(scan),
                        0,
                        held=True,
                        document_id=document.pk,
                    )
                )
    return findings, held, confirmed


def public_contact_numbers():
    from pages.models import PublicContactNumber

    from .shared_reads import remembered

    return remembered("numbers", lambda: list(PublicContactNumber.objects.values_list("number", flat=True)))


def check_personal_information(entry, public_numbers=None):
    if public_numbers is None:
        public_numbers = public_contact_numbers()
    findings = []
    for field, text, is_html in entry_texts(entry):
        findings.extend(find_personal_information(text, field, public_numbers, html=is_html))
    in_files, held, confirmed = attachment_findings(entry, public_numbers)
    findings += in_files
    problems = []
    if findings:
        problems.append(f"发现{len(findings)}处未脱敏的个人信息")
    if held:
        problems.append(f"{len(held)}个附件无法读取内容（扫描件/加密/图片），须审核人确认后才能发布")
    if problems:
        return GuardResult("个人信息", False, "；".join(problems), findings + held)
    note = f"（{confirmed}个无法读取的附件已由审核人确认）" if confirmed else ""
    return GuardResult("个人信息", True, "未发现未脱敏的个人信息" + note)


# -- required metadata ------------------------------------------------------

REQUIRED_FIELDS = (
    ("title", "标题"),
    ("department_id", "责任部门"),
    ("genre_id", "体裁分类"),
    ("five_public_id", "五公开"),
)


def check_required_metadata(entry):
    missing = [label for attr, label in REQUIRED_FIELDS if not getattr(entry, attr)]
    if not strip_tags(entry.body or "").strip() and not (entry.pk and len(entry.attachments.all())):
        missing.append("正文或附件")
    if entry.validity != "有效" and not entry.expired_on:
        missing.append("失效/废止日期")
    if missing:
        return GuardResult("必填元数据", False, "缺少：" + "、".join(missing))
    return GuardResult("必填元数据", True, "元数据完整")


def check_publication(entry, today=None):
    from .content_safety import check_content_safety

    return PublicationCheck(
        [
            check_classification(entry, today),
            check_personal_information(entry),
            check_content_safety(entry),
            check_required_metadata(entry),
        ]
    )
