"""Property test of the personal-data guard (issue 12, finding 2).

Valid ID, mobile and bank-card numbers, written with random invisible characters, spaces,
dashes, entities and digit forms, placed in a random public field or attachment format:
the guard catches every one. The numbers a government page is full of — 索引号, 发文字号,
dates, amounts, landlines, postcodes, 统一社会信用代码 — placed the same way: it flags none.

Entries are built in memory (the guard needs no saved entry); ``PROP_EXAMPLES`` sets the
number of examples.
"""

import datetime
import html
import os

import pytest
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wagtail.documents.models import Document

from pages.models import DisclosureEntry, EntryAttachment
from pages.publishing.guards import check_personal_information
from pages.publishing.personal_data import (
    ID_CHECK,
    ID_WEIGHTS,
    PROVINCES,
    USCC_CHARS,
    digits_of,
    luhn_ok,
    uscc_check_char,
    valid_id18,
    valid_uscc,
)

from . import files

EXAMPLES = int(os.environ.get("PROP_EXAMPLES", "80"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

DIGITS = "0123456789"


def digits(n):
    return st.text(alphabet=DIGITS, min_size=n, max_size=n)


# -- personal numbers ---------------------------------------------------------------------------


@st.composite
def id_numbers(draw):
    province = draw(st.sampled_from(sorted(PROVINCES)))
    birth = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31)))
    body = province + draw(digits(4)) + birth.strftime("%Y%m%d") + draw(digits(3))
    number = body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]
    return number, (6, 8, 4)


@st.composite
def mobiles(draw):
    return "1" + draw(st.sampled_from("3456789")) + draw(digits(9)), (3, 4, 4)


@st.composite
def cards(draw):
    length = draw(st.integers(16, 19))
    body = "62" + draw(digits(length - 3))
    number = next(body + d for d in DIGITS if luhn_ok(body + d))
    # An 18-digit number that is also a valid 统一社会信用代码 is read as the code (1 in 31).
    if valid_uscc(number):
        number = body[:-1] + str((int(body[-1]) + 1) % 10)
        number = next(number + d for d in DIGITS if luhn_ok(number + d))
    return number, tuple([4] * (length // 4) + ([length % 4] if length % 4 else []))


SPACING = [
    "",
    "",
    "",
    " ",
    "\u00a0",  # no-break space (Word/WPS)
    "\u3000",  # ideographic space
    "\u2002",
    "\u202f",
    "-",
    "\u2010",
    "\u2011",  # non-breaking hyphen
    "\u2013",
    "\u2014",
    "\u2212",
    "\uff0d",
    " - ",
    "&nbsp;",
    "&#160;",
    "&#x3000;",
    "\u00a0-\u00a0",
]
INVISIBLE = [
    "",
    "",
    "",
    "",
    "\u200b",  # zero-width space
    "\u200c",
    "\u200d",
    "\u2060",  # word joiner
    "\ufeff",
    "\u00ad",  # soft hyphen
    "\u200e",
    "\u200f",
    "\u2061",
    "\u034f",
    "\ufe0f",
    "&#8203;",
    "&zwj;",
    "&shy;",
    "&#xFEFF;",
    "&ZeroWidthSpace;",
    "&#x200b;",
]
INLINE_MARKUP = ["<wbr>", "<span></span>", "<b></b>", "<!-- -->"]


def digit_forms(ch):
    if ch in "Xx":
        return ["X", "x", "\uff38", "&#88;"]
    d = int(ch)
    return [ch, ch, ch, chr(0xFF10 + d), f"&#{ord(ch)};", f"&#x{ord(ch):x};", chr(0x1D7CE + d)]


@st.composite
def written(draw, number_and_groups, markup=False):
    """``number`` as office software or a web page may write it; returns (number, text)."""
    number, groups = draw(number_and_groups)
    out, pos = [], 0
    for i, size in enumerate(groups):
        if i:
            out.append(draw(st.sampled_from(SPACING)))
        for ch in number[pos : pos + size]:
            out.append(draw(st.sampled_from(digit_forms(ch))))
            out.append(draw(st.sampled_from(INVISIBLE)))
            if markup and draw(st.integers(0, 5)) == 0:
                out.append(draw(st.sampled_from(INLINE_MARKUP)))
        pos += size
    return number, "".join(out)


numbers = st.one_of(id_numbers(), mobiles(), cards())

# -- what must not be flagged ----------------------------------------------------------------------


@st.composite
def credit_codes(draw):
    """统一社会信用代码 (GB 32100) that are not also valid ID numbers."""
    body = (
        draw(st.sampled_from("123456789ABCDEFGNY"))
        + draw(st.sampled_from("12359"))
        + draw(digits(6))
        + draw(st.text(alphabet=USCC_CHARS, min_size=9, max_size=9))
    )
    code = body + uscc_check_char(body)
    if valid_id18(code):
        code = body[:-1] + "A" + uscc_check_char(body[:-1] + "A")
    return code


postcodes = st.builds(lambda first, rest: first + rest, st.sampled_from("12345678"), digits(5))
dates = st.builds(
    lambda d, fmt: d.strftime(fmt) if fmt != "cn" else f"{d.year}年{d.month}月{d.day}日",
    st.dates(min_value=datetime.date(1949, 10, 1), max_value=datetime.date(2030, 12, 31)),
    st.sampled_from(["%Y-%m-%d", "%Y%m%d", "%Y.%m.%d", "%Y/%m/%d", "cn"]),
)
amounts = st.one_of(
    st.builds(lambda n, c: f"{n:,}.{c:02d}元", st.integers(0, 10**10), st.integers(0, 99)),
    st.builds(lambda n: f"{n}元", st.integers(0, 10**10 - 1)),
    st.builds(lambda n, c: f"{n}.{c}万元", st.integers(0, 10**6), st.integers(0, 9)),
)
landlines = st.builds(
    lambda area, local, fmt: fmt.format(area=area, local=local),
    st.builds(lambda a, b: "0" + a + b, st.sampled_from("123456789"), st.text(DIGITS, min_size=1, max_size=2)),
    st.builds(lambda a, b: a + b, st.sampled_from("2345678"), st.text(DIGITS, min_size=6, max_size=7)),
    st.sampled_from(
        ["{area}-{local}", "({area}){local}", "{area} {local}", "{area}\u2014{local}", "（{area}）{local}"]
    ),
)
org_codes = st.one_of(digits(9), credit_codes())
index_numbers = st.builds(
    lambda org, year, serial: f"{org}/{year}-{serial:05d}", org_codes, st.integers(2000, 2030), st.integers(1, 99999)
)
doc_numbers = st.builds(
    lambda agency, year, n: f"{agency}〔{year}〕{n}号",
    st.sampled_from(["皖政", "宣政办", "某政发", "财预", "民发", "国办发"]),
    st.integers(1990, 2030),
    st.integers(1, 999),
)
LABELS = {"索引号": index_numbers, "发文字号": doc_numbers, "日期": dates, "金额": amounts, "电话": landlines}
noise_items = st.one_of(
    [st.builds(lambda v, label=label: (label, v), strategy) for label, strategy in LABELS.items()]
    + [st.builds(lambda v: ("邮编", v), postcodes), st.builds(lambda v: ("统一社会信用代码", v), credit_codes())]
)
JOINERS = ["；", "，", "\n", " ", "\t", "\u3000", "  ", "。"]

# -- where the text goes ----------------------------------------------------------------------------

PLAIN_FIELDS = ["title", "seo_title", "search_description", "summary", "keywords", "doc_number", "publisher"]
BODY_PLACES = ["body_text", "body_href", "body_title", "body_alt"]
ATTACHMENT_PLACES = ["attachment_title", "file_name"]
FORMATS = ["pdf", "docx", "docx_cell", "docx_header", "xlsx", "csv", "csv_gbk", "txt", "txt_utf16", "html", "ofd"]
PLACES = PLAIN_FIELDS + BODY_PLACES + ATTACHMENT_PLACES + FORMATS + ["zip"]


def attachment_file(fmt, lines):
    """(file name, content) of format ``fmt`` with each of ``lines`` in its own paragraph/cell/line."""
    if fmt == "pdf":
        return "附件.pdf", files.pdf(*lines)
    if fmt == "docx":
        return "附件.docx", files.docx(lines)
    if fmt == "docx_cell":
        return "附件.docx", files.docx(["名单"], cells=lines)
    if fmt == "docx_header":
        return "附件.docx", files.docx(["名单"], header="".join(lines[:1]), footer="；".join(lines[1:]))
    if fmt == "xlsx":
        return "附件.xlsx", files.xlsx([[line] for line in lines] + [lines])
    if fmt in ("csv", "csv_gbk"):
        return "附件.csv", files.csv_bytes([lines], "gb18030" if fmt == "csv_gbk" else "utf-8-sig")
    if fmt in ("txt", "txt_utf16"):
        return "附件.txt", "\n".join(lines).encode("utf-16" if fmt == "txt_utf16" else "utf-8")
    if fmt == "html":
        return "附件.html", files.html_page("".join(f"<p>{line}</p>" for line in lines)).encode()
    if fmt == "ofd":
        return "附件.ofd", files.ofd(*lines)
    raise AssertionError(fmt)


def entry_with(place, lines, fmt=None, depth=1):
    """An in-memory entry showing ``lines`` at ``place``; everything else clean."""
    entry = DisclosureEntry(title="关于发放补贴的公示", body="<p>详见附件。</p>")
    attachment_name, attachment_title, content = "公示.txt", "公示", "本公示无附件内容。".encode()
    text = "；".join(lines)
    if place in PLAIN_FIELDS:
        setattr(entry, place, text)
    elif place == "body_text":
        entry.body = "<table><tr>" + "".join(f"<td>{line}</td>" for line in lines) + "</tr></table>"
    elif place == "body_href":
        entry.body = f'<p><a href="tel:{text}">联系我们</a></p>'
    elif place == "body_title":
        entry.body = f'<p><a href="/a" title="{text}">详情</a></p>'
    elif place == "body_alt":
        entry.body = f'<p><embed embedtype="image" id="1" alt="{text}" format="left"/></p>'
    elif place == "attachment_title":
        attachment_title = text
    elif place == "file_name":
        attachment_name = text.replace("/", "_").replace("\n", " ").replace("\t", " ") + ".txt"
    elif place == "zip":
        inner_name, inner = attachment_file(fmt, lines)
        for level in range(depth):
            inner_name, inner = f"第{level}层.zip", files.zip_of({f"材料/{inner_name}": inner})
        attachment_name, content = "材料.zip", inner
    else:
        attachment_name, content = attachment_file(place, lines)
    document = Document(title=attachment_title, file=ContentFile(content, name=attachment_name))
    entry.attachments = [EntryAttachment(document=document, title=attachment_title)]
    return entry


PREFIXES = ["", "联系电话：", "身份证号码 ", "收款账号", "张三，", "（", "申请人 "]
SUFFIXES = ["", "，", "。", " 已核实", "）", "；"]


@pytest.mark.django_db
def test_every_written_number_is_caught_anywhere():
    @PROPERTY
    @given(
        written_number=numbers.flatmap(lambda n: written(st.just(n), markup=False)),
        markup_number=numbers.flatmap(lambda n: written(st.just(n), markup=True)),
        place=st.sampled_from(PLACES),
        zip_format=st.sampled_from(FORMATS),
        depth=st.integers(1, 2),
        prefix=st.sampled_from(PREFIXES),
        suffix=st.sampled_from(SUFFIXES),
        noise=st.lists(noise_items, max_size=3),
    )
    @example(
        written_number=("11010519491231002X", "110105\u00a019491231\u00a0002X"),
        markup_number=("11010519491231002X", "11010519491231002X"),
        place="doc_number",
        zip_format="pdf",
        depth=1,
        prefix="",
        suffix="",
        noise=[],
    )
    @example(  # an entity in a PDF: pypdf's right-to-left handling of U+FEFF moved "&#" (…#&\ufeff48;…)
        written_number=("13000000000", "1300000\ufeff&#48;000"),
        markup_number=("13000000000", "13000000000"),
        place="pdf",
        zip_format="pdf",
        depth=1,
        prefix="",
        suffix="",
        noise=[],
    )
    def check(written_number, markup_number, place, zip_format, depth, prefix, suffix, noise):
        number, text = markup_number if place == "body_text" else written_number
        if "pdf" in (place, zip_format if place == "zip" else None):
            # A PDF holds characters, never HTML: the characters the entities stand for.
            text = html.unescape(text)
        lines = [f"{label}：{value}" for label, value in noise] + [prefix + text + suffix]
        entry = entry_with(place, lines, zip_format, depth)
        result = check_personal_information(entry, public_numbers=[])
        caught = [f for f in result.findings if not f.held and number.upper() in digits_of(f.text).upper()]
        assert caught, (place, lines, [str(f) for f in result.findings])
        assert not any(f.held for f in result.findings)

    check()


@pytest.mark.django_db
def test_public_reference_numbers_are_never_flagged():
    @PROPERTY
    @given(
        items=st.lists(noise_items, min_size=1, max_size=6),
        joiner=st.sampled_from(JOINERS),
        labelled=st.booleans(),
        place=st.sampled_from(PLACES),
        zip_format=st.sampled_from(FORMATS),
    )
    def check(items, joiner, labelled, place, zip_format):
        if labelled or place in PLAIN_FIELDS + ["body_href", "body_title", "body_alt", "attachment_title", "file_name"]:
            # Running text: each value after its label (a list of bare values is a table, below).
            lines = [joiner.join(f"{label}：{value}" for label, value in items)]
        else:
            lines = [value for _, value in items]  # cells, paragraphs, lines: one value each
        entry = entry_with(place, lines, zip_format)
        result = check_personal_information(entry, public_numbers=[])
        assert result.passed, (place, lines, [str(f) for f in result.findings])

    check()


def test_generators_make_what_they_claim():
    """The strategies above are honest: valid numbers, valid codes that are not IDs."""

    @settings(max_examples=200, deadline=None)
    @given(number=numbers, code=credit_codes())
    def check(number, code):
        value, groups = number
        assert sum(groups) == len(value)
        assert valid_id18(value) or luhn_ok(value) or (len(value) == 11 and value[0] == "1")
        assert valid_uscc(code) and not valid_id18(code)

    check()
