"""Personal data in text the public can see: normalisation, detection, masking.

Pure functions (no Django, no database): ``pages.publishing.guards`` applies them to
every public field of an entry and to the text of its attachments
(``pages.publishing.attachment_text``); 一键脱敏 uses ``mask_text``.

Every text is normalised before matching, the way a reader sees it:

* HTML entities are decoded (``&nbsp;``, ``&#8203;``, ``&#49;``; twice, for
  ``&amp;nbsp;``); in attribute values URL escapes too (``tel:138%2012345678``);
* invisible characters are removed everywhere: every format character (Unicode
  category Cf: zero-width space, joiners, soft hyphen, word joiner, BOM, direction
  marks …), the combining grapheme joiner, variation selectors and Hangul fillers;
* every decimal digit becomes ASCII (full-width, mathematical, other scripts), every
  kind of space (no-break, ideographic, en/em, narrow …) a plain space, every dash
  (hyphen, non-breaking hyphen, en/em dash, minus, full-width …) ``-``, and other
  compatibility forms their plain character (NFKC), one character for one, so each
  character of the normalised text knows where it came from (masking edits the
  original).

Numbers are then matched with spaces and dashes allowed only between the usual
groups — resident ID 6-8-4, mobile 3-4-4 (after an optional +86), bank card
4-4-4-4 with 1–3 more digits — and nowhere else, so neighbouring cells of a list
never merge into a number. An ID needs a valid province code, birth date and
check digit, a card the Luhn check; a 15-digit ID is matched only unbroken.
统一社会信用代码 (GB 32100, valid check character) are recognised and never reported
as a card or a mobile number.
"""

import dataclasses
import html
import re
import unicodedata
import urllib.parse

# -- normalisation -----------------------------------------------------------------------

DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d")
# Invisible but not category Cf: combining grapheme joiner, Hangul fillers, Khmer inherent
# vowels, variation selectors.
EXTRA_INVISIBLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0]
    + list(range(0xFE00, 0xFE10))
    + list(range(0xE0100, 0xE01F0))
)


def _normal_char(cp):
    """What one character becomes: itself, a plain equivalent, or '' (invisible)."""
    ch = chr(cp)
    category = unicodedata.category(ch)
    if category == "Cf" or cp in EXTRA_INVISIBLE:
        return ""
    if category == "Zs":
        return " "
    if ch in DASHES:
        return "-"
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    nfkc = unicodedata.normalize("NFKC", ch)
    if len(nfkc) != 1 or nfkc == ch:
        return ch
    if nfkc.isdigit():
        return ch  # ①, ² are list markers and exponents, not digits of a number
    if unicodedata.category(nfkc) == "Zs":
        return " "
    return "-" if nfkc in DASHES else nfkc


class _CharTable(dict):
    """A ``str.translate`` table filled on first sight of each character."""

    def __missing__(self, cp):
        value = self[cp] = _normal_char(cp)
        return value


CHAR_TABLE = _CharTable()

ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _unescape_entity(m):
    return html.unescape(m.group())


def _unquote(m):
    return urllib.parse.unquote(m.group(), errors="replace")


def _passes(percent):
    passes = [(ENTITY, _unescape_entity), (ENTITY, _unescape_entity)]
    if percent:
        passes.append((PERCENT, _unquote))
    return passes


def normalise(text, percent=False):
    """The text as matched (see the module docstring)."""
    for pattern, decode in _passes(percent):
        text = pattern.sub(decode, text)
    return text.translate(CHAR_TABLE)


def _normalise_tracked(text, offset, percent):
    """``normalise`` keeping, for each character of the result, the span it came from."""
    starts = list(range(offset, offset + len(text)))
    ends = list(range(offset + 1, offset + len(text) + 1))
    for pattern, decode in _passes(percent):
        out, s2, e2, pos = [], [], [], 0
        for m in pattern.finditer(text):
            a, b = m.span()
            replacement = decode(m)
            out += [text[pos:a], replacement]
            s2 += starts[pos:a] + [starts[a]] * len(replacement)
            e2 += ends[pos:a] + [ends[b - 1]] * len(replacement)
            pos = b
        if pos:
            out.append(text[pos:])
            text, starts, ends = "".join(out), s2 + starts[pos:], e2 + ends[pos:]
    chars, s3, e3 = [], [], []
    for ch, a, b in zip(text, starts, ends):
        normal = CHAR_TABLE[ord(ch)]
        if normal:
            chars.append(normal)
            s3.append(a)
            e3.append(b)
    return "".join(chars), s3, e3


# -- HTML: visible text and attribute values -------------------------------------------------

TAG = re.compile(r"<!--(.*?)(?:-->|\Z)|<[A-Za-z/!?](?:\"[^\"]*\"|'[^']*'|[^'\">])*>", re.S)
TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9:-]*)")
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# Tags inside a line of text: a number split by them is still one number on the screen.
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big cite code data del dfn em font i ins kbd mark q s samp small span strike "
    "strong sub sup time tt u var wbr".split()
)


@dataclasses.dataclass
class Run:
    """One stretch of visible text: spans of the source that read as one line."""

    spans: list
    percent: bool = False  # an attribute value (URL escapes are decoded too)


def html_runs(source):
    """Text between tags (joined across inline tags and comments), each attribute value and each
    comment."""
    runs, current, pos = [], [], 0

    def close():
        nonlocal current
        if current:
            runs.append(Run(current))
        current = []

    for m in TAG.finditer(source):
        if m.start() > pos:
            current.append((pos, m.start()))
        pos = m.end()
        if m.group(0).startswith("<!--"):  # in the page source; does not break the line around it
            if m.group(1):
                runs.append(Run([m.span(1)]))
            continue
        name = TAG_NAME.match(m.group(0))
        if not (name and name.group(1).lower() in INLINE_TAGS):
            close()
        body_start = m.start() + (name.end() if name else 1)
        for attr in ATTRIBUTE.finditer(source, body_start, m.end() - 1):
            for group in (2, 3, 4):
                if attr.group(group):
                    runs.append(Run([attr.span(group)], percent=True))
    if pos < len(source):
        current.append((pos, len(source)))
    close()
    return runs


def visible_text(source):
    """Plain text of HTML: visible text and attribute values (URL escapes decoded), one run a line
    (for attachments)."""
    lines = []
    for run in html_runs(source):
        text = "".join(source[a:b] for a, b in run.spans)
        if run.percent:
            for pattern, decode in _passes(percent=True):
                text = pattern.sub(decode, text)
        lines.append(text)
    return "\n".join(lines)


# -- the numbers -------------------------------------------------------------------------

SEP = r"[ \-]{0,3}"  # after normalisation: every space is " ", every dash "-"
DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
# A check digit X ends the number, so digits may follow it (…002X13812345678: a mobile run into it);
# a check digit 0–9 followed by a digit is the middle of a longer number.
ID18 = re.compile(rf"(?<![0-9])[1-9]\d{{5}}{SEP}(?:18|19|20)\d{{2}}{DATE}{SEP}\d{{3}}(?:[0-9](?![0-9])|[Xx])")
ID15 = re.compile(rf"(?<![0-9])[1-9]\d{{5}}\d{{2}}{DATE}\d{{3}}(?![0-9Xx])")
# Not followed by X: the last 11 characters of an ID number (…19491231002X) are no mobile.
MOBILE = re.compile(rf"(?<![0-9])(?:(?:\+|00)?86{SEP})?1[3-9]\d{SEP}\d{{4}}{SEP}\d{{4}}(?![0-9Xx])")
CARDS = [
    re.compile(
        rf"(?<![0-9])\d{{4}}(?:{SEP}\d{{4}}){{3}}" + (rf"{SEP}\d{{{extra}}}" if extra else "") + r"(?![0-9A-Za-z])"
    )
    for extra in (3, 2, 1, 0)
]
USCC = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# GB/T 2260 province codes (81/82/83: Hong Kong, Macao and Taiwan residence permits; 9x: foreigners).
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ID_KIND, ID15_KIND, MOBILE_KIND, CARD_KIND = "身份证号", "身份证号（15位）", "手机号", "银行卡号"


def digits_of(text):
    return re.sub(r"[^0-9Xx]", "", normalise(text))


def valid_province(number):
    return number[:2] in PROVINCES or number[0] == "9"


def valid_id18(number):
    number = digits_of(number)
    if len(number) != 18 or not number[:17].isdigit():
        return False
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


def uscc_check_char(code17):
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code17.upper(), USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def valid_uscc(code):
    code = code.upper()
    if len(code) != 18 or any(c not in USCC_CHARS for c in code) or not code[2:8].isdigit():
        return False
    return uscc_check_char(code[:17]) == code[17]


def mask(text):
    digits = digits_of(text)
    if len(digits) <= 7:
        return "*" * len(digits)
    keep_head = 4 if len(digits) >= 15 else 3
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 4) + digits[-4:]


@dataclasses.dataclass
class Finding:
    kind: str  # 身份证号 / 身份证号（15位） / 手机号 / 银行卡号 (guards add 无法读取附件内容)
    field: str
    text: str  # the number as matched (normalised)
    start: int  # position in the normalised text (shown to the editor)
    span: tuple = None  # (start, end) in the source text (what masking replaces)
    keep: tuple = ()  # markup inside the span, kept after the mask (a number split by <b>)
    held: bool = False  # an attachment that could not be read (see guards)
    document_id: int = None

    def masked(self):
        return mask(self.text)

    def __str__(self):
        if self.held:
            return f"{self.field}{self.kind}：{self.text}，须经审核人确认"
        return f"{self.field}第{self.start + 1}字处疑似{self.kind}：{mask(self.text)}"


def _scan(text, pattern, accept):
    """Try a match at every start, not only after the previous match: a candidate that fails its
    check (Luhn, check digit) must not hide a real number that overlaps it. ``search`` at ``pos``
    still sees the characters before ``pos`` for its look-behind."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        pos = m.end() if accept(m) else m.start() + 1


def detect(text, public_numbers=()):
    """(kind, start, end) of every number in normalised ``text``, in order."""
    taken, found = [], []

    def free(m):
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    def take(kind):
        def accept(m):
            if not free(m):
                return False
            taken.append(m.span())
            if kind:
                found.append((kind, m.start(), m.end()))
            return True

        return accept

    def id18(m):
        number = digits_of(m.group())
        return valid_province(number) and valid_id18(number) and take(ID_KIND)(m)

    _scan(text, ID18, id18)
    # 统一社会信用代码 are not personal data: their digits are never a card or a mobile number.
    _scan(text, USCC, lambda m: valid_uscc(m.group()) and take(None)(m))
    _scan(text, ID15, lambda m: valid_province(m.group()) and take(ID15_KIND)(m))
    allowed = {re.sub(r"\D", "", normalise(n))[-11:] for n in public_numbers}
    _scan(text, MOBILE, lambda m: re.sub(r"\D", "", m.group())[-11:] not in allowed and take(MOBILE_KIND)(m))
    for pattern in CARDS:
        _scan(text, pattern, lambda m: luhn_ok(re.sub(r"\D", "", m.group())) and take(CARD_KIND)(m))
    return sorted(found, key=lambda f: f[1])


def _source_runs(source, html):
    if html:
        return html_runs(source)
    return [Run([(0, len(source))])] if source else []


def find_personal_information(text, field="正文", public_numbers=(), html=False):
    """Every finding in ``text`` (plain text; ``html=True``: rich text with its attributes)."""
    source = text or ""
    findings, visible = [], 0
    for run in _source_runs(source, html):
        pieces, starts, ends, gaps = [], [], [], []
        for i, (a, b) in enumerate(run.spans):
            piece, s, e = _normalise_tracked(source[a:b], a, run.percent)
            pieces.append(piece)
            starts += s
            ends += e
            if i:
                gaps.append((run.spans[i - 1][1], a))
        norm = "".join(pieces)
        for kind, a, b in detect(norm, public_numbers):
            span = (starts[a], ends[b - 1])
            keep = tuple(source[x:y] for x, y in gaps if span[0] <= x and y <= span[1])
            findings.append(Finding(kind, field, norm[a:b], visible + a, span, keep))
        visible += len(norm) + 1
    return findings


def find_in_plain_text(text, field, public_numbers=()):
    """Findings in a long text (an attachment's): no source spans, ``normalise`` at C speed."""
    norm = normalise(text or "")
    return [Finding(kind, field, norm[a:b], a) for kind, a, b in detect(norm, public_numbers)]


def mask_text(text, public_numbers=(), html=False):
    """The text with every finding replaced by its masked form (一键脱敏).

    A number split by inline markup (``<b>138</b>12345678``) keeps that markup after the mask.
    """
    text = text or ""
    end = len(text) + 1
    # From the end. Two findings overlap where one run of URL escapes decodes into both: of two
    # that start together the longer goes first; one that starts earlier masks the part before.
    findings = find_personal_information(text, public_numbers=public_numbers, html=html)
    for f in sorted(findings, key=lambda f: (-f.span[0], -f.span[1])):
        a, b = f.span
        if a >= end:
            continue
        # Markup kept (f.keep) is only ever in text between tags, where findings never overlap.
        text = text[:a] + f.masked() + "".join(f.keep) + text[min(b, end) :]
        end = a
    return text


def contains_personal_information(text, public_numbers=(), html=False):
    return bool(find_personal_information(text, public_numbers=public_numbers, html=html))
