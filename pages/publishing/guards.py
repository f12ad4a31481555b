"""Publication guards (保密审查): the checks every route to the public runs.

``check_publication(entry)`` is the one function that decides whether an
entry may go public. It never raises; it returns every guard's verdict so
callers can show all problems at once and store the review record.
"""

import dataclasses
import re
import unicodedata

from django.utils import timezone
from django.utils.html import strip_tags

from pages.models import Classification


@dataclasses.dataclass
class Finding:
    kind: str  # 身份证号 / 手机号 / 银行卡号
    field: str
    text: str
    start: int

    def masked(self):
        return mask(self.text)

    def __str__(self):
        return f"{self.field}第{self.start + 1}字处疑似{self.kind}：{mask(self.text)}"


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
    return GuardResult(
        "密级",
        False,
        f"标注「{entry.classification}」，保密期限至{expires:%Y-%m-%d}，未记录解密，不得公开",
    )


# -- personal information ---------------------------------------------------

ID18 = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])"
)
ID15 = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[ \-]?)?1[3-9]\d[ \-]?\d{4}[ \-]?\d{4}(?![0-9])")
CARD = re.compile(r"(?<![0-9])(?:\d[ \-]?){15,18}\d(?![0-9])")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def valid_id18(number):
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS))
    return ID_CHECK[total % 11] == number[17].upper()


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def normalise(text):
    """NFKC char by char so full-width digits are caught and offsets stay put."""
    return "".join(n if len(n := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in text)


def mask(text):
    digits = re.sub(r"[^0-9Xx]", "", normalise(text))
    if len(digits) <= 7:
        return "*" * len(digits)
    keep_head = 4 if len(digits) >= 15 else 3
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 4) + digits[-4:]


def mask_text(text, public_numbers=()):
    """The text with every finding replaced by its masked form (一键脱敏)."""
    text = text or ""
    # normalise() maps char for char, so finding offsets index the original text.
    for f in sorted(
        find_personal_information(text, public_numbers=public_numbers), key=lambda f: f.start, reverse=True
    ):
        text = text[: f.start] + f.masked() + text[f.start + len(f.text) :]
    return text


def find_personal_information(text, field="正文", public_numbers=()):
    text = normalise(text or "")
    findings, taken = [], []

    def free(m):
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    for m in ID18.finditer(text):
        if valid_id18(m.group()):
            findings.append(Finding("身份证号", field, m.group(), m.start()))
            taken.append(m.span())
    for m in ID15.finditer(text):
        if free(m):
            findings.append(Finding("身份证号（15位）", field, m.group(), m.start()))
            taken.append(m.span())
    allowed = {re.sub(r"\D", "", n)[-11:] for n in public_numbers}
    for m in MOBILE.finditer(text):
        if free(m) and re.sub(r"\D", "", m.group())[-11:] not in allowed:
            findings.append(Finding("手机号", field, m.group(), m.start()))
            taken.append(m.span())
    for m in CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if free(m) and 16 <= len(digits) <= 19 and luhn_ok(digits):
            findings.append(Finding("银行卡号", field, m.group(), m.start()))
            taken.append(m.span())
    return sorted(findings, key=lambda f: f.start)


def document_text(document):
    """Plain text of a PDF or DOCX attachment ('' for other types or unreadable files)."""
    name = (document.file.name or "").lower()
    try:
        with document.file.open("rb") as fh:
            if name.endswith(".pdf"):
                from pypdf import PdfReader

                return "\n".join(page.extract_text() or "" for page in PdfReader(fh).pages)
            if name.endswith(".docx"):
                import docx

                doc = docx.Document(fh)
                cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
                return "\n".join([p.text for p in doc.paragraphs] + cells)
    except Exception:  # an unreadable file is reported by the upload validation, not here
        return ""
    return ""


def entry_texts(entry):
    yield "标题", entry.title or ""
    yield "内容概述", entry.summary or ""
    yield "关键词", entry.keywords or ""
    yield "正文", strip_tags(entry.body or "")
    for attachment in entry.attachments.all():
        if attachment.document_id:
            yield f"附件「{attachment.display_title}」", document_text(attachment.document)


def public_contact_numbers():
    from pages.models import PublicContactNumber

    return list(PublicContactNumber.objects.values_list("number", flat=True))


def check_personal_information(entry, public_numbers=None):
    if public_numbers is None:
        public_numbers = public_contact_numbers()
    findings = []
    for field, text in entry_texts(entry):
        findings.extend(find_personal_information(text, field, public_numbers))
    if findings:
        return GuardResult("个人信息", False, f"发现{len(findings)}处未脱敏的个人信息", findings)
    return GuardResult("个人信息", True, "未发现未脱敏的个人信息")


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
    return PublicationCheck(
        [check_classification(entry, today), check_personal_information(entry), check_required_metadata(entry)]
    )
