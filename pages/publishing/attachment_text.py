"""Text of attachments for the personal-data guard (pure: bytes in, text out; no Django).

``extract(name, data)`` reads what a person who downloads the file can read:

* PDF (pypdf): every page, the document information, annotations and link targets,
  form field values, bookmarks and embedded files; an encrypted PDF that opens without
  a password is decrypted (AES needs ``cryptography``);
* DOCX, XLSX, PPTX (Office Open XML, read as XML): body, tables, headers and footers,
  foot- and endnotes, comments, text boxes, field codes, shared strings, cell values,
  sheet names, link targets, alternative texts, document properties, embedded files;
* OFD (GB/T 33190, a zip of XML): the text codes of each page's ``Content.xml``, laid
  out by position, the document information and attached files;
* CSV, TXT and other plain text (UTF-8, UTF-16 with BOM, GB18030), HTML (visible text
  and attribute values);
* ZIP, recursively — member names included — within ``MAX_DEPTH`` levels (an Office
  file counts as one), ``MAX_TOTAL_BYTES`` uncompressed and ``MAX_MEMBERS`` files,
  counted while reading, whatever the archive claims (zip bombs).

What cannot be read is *held* with its reason: a scan (a page or a document of images
without text), an image, an encrypted file, a legacy binary Office file (.doc, .xls,
.wps), an unknown or damaged format, an archive over the limits. The guard refuses
publication of a held attachment until a reviewer confirms it (``pages.publishing.held``).
"""

import dataclasses
import io
import os
import re
import unicodedata
import zipfile
from decimal import Decimal, InvalidOperation

from defusedxml.ElementTree import iterparse

from .personal_data import visible_text

MAX_DEPTH = 4
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_PDF_PAGES = 3000
# A page or an Office document with fewer letters and digits than this, but with images,
# is a scan (a page number or a caption does not make it text).
MIN_TEXT_CHARS = 10

TEXT_EXTENSIONS = {".txt", ".csv", ".tsv", ".text", ".md", ".json", ".log", ".xml", ".rtf"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".svg"}

HELD_SCAN = "扫描件或图片：第{pages}页没有可读取的文字"
HELD_IMAGE = "图片，无法读取其中的文字"
HELD_ENCRYPTED = "加密文件，需要密码才能打开"
HELD_DECRYPT_LIBRARY = "加密文件，缺少解密组件（cryptography）"
HELD_LEGACY_OFFICE = "旧版Office格式（.doc/.xls/.ppt/.wps）或加密的Office文件，无法读取"
HELD_UNKNOWN = "无法读取的文件类型（{ext}）"
HELD_DAMAGED = "文件损坏或格式无法识别"
HELD_ARCHIVE = "不支持的压缩格式（{ext}）"
HELD_TOO_LARGE = "压缩包解压后过大、文件过多或嵌套过深，未能完整读取"
HELD_GARBLED = "文字无法识别（字体无编码映射），按扫描件处理"
HELD_EMBEDDED = "内嵌对象无法读取"
HELD_OFFICE_IMAGES = "文档中只有图片，没有可读取的文字"


@dataclasses.dataclass
class AttachmentText:
    texts: list = dataclasses.field(default_factory=list)  # (where, text); where "" = the file itself
    held: list = dataclasses.field(default_factory=list)  # (where, reason)

    @property
    def text(self):
        return "\n".join(text for _, text in self.texts)


class _TooLarge(Exception):
    pass


@dataclasses.dataclass
class _Budget:
    bytes_left: int = dataclasses.field(default_factory=lambda: MAX_TOTAL_BYTES)
    members_left: int = dataclasses.field(default_factory=lambda: MAX_MEMBERS)


def extract(name, data):
    """Everything readable in the file ``name`` with content ``data`` (bytes)."""
    out = AttachmentText()
    try:
        _read("", name, data, 0, _Budget(), out)
    except _TooLarge:
        out.held.append(("", HELD_TOO_LARGE))
    return out


def _where(parent, name):
    return f"{parent} › {name}" if parent else name


def _ext(name):
    return os.path.splitext((name or "").lower())[1]


def _read(where, name, data, depth, budget, out):
    if not data:
        return
    ext = _ext(name)
    head = data[:1024]
    try:
        if b"%PDF-" in head:
            _read_pdf(where, data, depth, budget, out)
        elif data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
            _read_zip_family(where, data, depth, budget, out)
        elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            out.held.append((where, HELD_LEGACY_OFFICE))
        elif _is_image(data) or ext in IMAGE_EXTENSIONS:
            out.held.append((where, HELD_IMAGE))
        elif data[:4] == b"Rar!" or data[:6] == b"7z\xbc\xaf\x27\x1c" or data[:2] == b"\x1f\x8b":
            out.held.append((where, HELD_ARCHIVE.format(ext=ext or "?")))
        elif ext in HTML_EXTENSIONS:
            out.texts.append((where, visible_text(decode_text(data))))
        elif ext in TEXT_EXTENSIONS:
            out.texts.append((where, decode_text(data)))
        else:
            out.held.append((where, HELD_UNKNOWN.format(ext=ext or "无扩展名")))
    except _TooLarge:
        raise
    except Exception:  # a damaged file must not pass unread
        out.held.append((where, HELD_DAMAGED))


def _is_image(data):
    return (
        data[:8] == b"\x89PNG\r\n\x1a\n"
        or data[:3] == b"\xff\xd8\xff"
        or data[:6] in (b"GIF87a", b"GIF89a")
        or data[:2] == b"BM"
        or data[:4] in (b"II*\x00", b"MM\x00*")
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def decode_text(data):
    """Text files as Chinese offices write them: UTF-8 (with or without BOM), UTF-16, GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    sample = data[:4096]
    if len(sample) >= 2 and sample.count(b"\x00") > len(sample) // 4:
        return data.decode("utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def meaningful_chars(text):
    return sum(1 for ch in text if unicodedata.category(ch)[0] in "LN")


# -- PDF ---------------------------------------------------------------------------------


def _read_pdf(where, data, depth, budget, out):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))  # tries the empty password of an encrypted file
        # Explicitly again, to learn the outcome: a file that opens without a password is read.
        decrypted = reader.decrypt("") if reader.is_encrypted else True
    except DependencyError:
        out.held.append((where, HELD_DECRYPT_LIBRARY))
        return
    if not decrypted:
        out.held.append((where, HELD_ENCRYPTED))
        return
    try:
        pages = reader.pages
        count = len(pages)
    except Exception:
        out.held.append((where, HELD_DAMAGED))
        return
    if count > MAX_PDF_PAGES:
        out.held.append((where, HELD_TOO_LARGE))
        return
    texts, scans, garbled = [], [], 0
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:
            text = ""
            scans.append(number)
        else:
            if meaningful_chars(text) < MIN_TEXT_CHARS and _pdf_page_has_graphics(page):
                scans.append(number)
        garbled += _garbled(text)
        texts.append(text)
        texts.extend(_pdf_annotations(page))
    texts.extend(_pdf_document_texts(reader))
    out.texts.append((where, "\n".join(texts)))
    if scans:
        out.held.append((where, HELD_SCAN.format(pages=_page_list(scans))))
    if garbled:
        out.held.append((where, HELD_GARBLED))
    try:
        attachments = reader.attachments
        for name, contents in attachments.items():
            for content in contents:
                _read_member(where, name, content, depth + 1, budget, out)
    except _TooLarge:
        raise
    except Exception:
        out.held.append((where, HELD_EMBEDDED))


def _page_list(numbers):
    shown = "、".join(str(n) for n in numbers[:10])
    return shown + ("等" if len(numbers) > 10 else "")


def _garbled(text):
    """Text whose font has no Unicode map comes out as private-use or replacement characters."""
    bad = sum(1 for ch in text if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cc") and ch not in "\n\r\t")
    return bad > 20 and bad * 3 > len(text)


def _pdf_page_has_graphics(page):
    try:
        if len(page.images):
            return True
        contents = page.get_contents()
        return contents is not None and len(contents.get_data()) > 4096  # text drawn as outlines
    except Exception:
        return True


def _pdf_annotations(page):
    texts = []
    for ref in page.get("/Annots") or []:
        try:
            annotation = ref.get_object()
            for key in ("/Contents", "/T", "/TU", "/V", "/RC"):
                if key in annotation:
                    texts.append(str(annotation[key]))
            action = annotation.get("/A")
            if action is not None:
                action = action.get_object()
                for key in ("/URI", "/F", "/D"):
                    if key in action:
                        texts.append(str(action[key]))
        except Exception:
            continue
    return texts


def _pdf_document_texts(reader):
    texts = []
    try:
        info = reader.metadata or {}
        texts.extend(str(info[key]) for key in info)  # [] resolves indirect objects
    except Exception:
        pass
    try:
        for field in (reader.get_fields() or {}).values():
            for key in ("/V", "/TU", "/T"):
                if field.get(key) is not None:
                    texts.append(str(field.get(key)))
    except Exception:
        pass

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                texts.append(str(getattr(item, "title", "") or ""))

    try:
        walk(reader.outline)
    except Exception:
        pass
    return texts


# -- zip, Office Open XML, OFD -----------------------------------------------------------


def _member_name(info):
    """Member names of zips made on Chinese Windows are GBK without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            return name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return name
    return name


def _member_bytes(archive, info, budget):
    """The member's content, counted against the budget while it is inflated."""
    budget.members_left -= 1
    if budget.members_left < 0:
        raise _TooLarge
    chunks = []
    with archive.open(info) as fh:
        while chunk := fh.read(1024 * 1024):
            budget.bytes_left -= len(chunk)
            if budget.bytes_left < 0:
                raise _TooLarge
            chunks.append(chunk)
    return b"".join(chunks)


def _read_member(parent, name, data, depth, budget, out):
    if depth > MAX_DEPTH:
        raise _TooLarge
    _read(_where(parent, name), name, data, depth, budget, out)


def _read_zip_family(where, data, depth, budget, out):
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = {n.lower() for n in archive.namelist()}
    if "[content_types].xml" in names:
        _read_ooxml(where, archive, depth, budget, out)
    elif "ofd.xml" in names:
        _read_ofd(where, archive, depth, budget, out)
    else:
        _read_zip(where, archive, depth, budget, out)


def _read_zip(where, archive, depth, budget, out):
    names = []
    for info in archive.infolist():
        name = _member_name(info)
        names.append(name)
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            out.held.append((_where(where, name), HELD_ENCRYPTED))
            continue
        _read_member(where, name, _member_bytes(archive, info, budget), depth + 1, budget, out)
    out.texts.append((where, "\n".join(names)))  # the names are seen by whoever opens the archive


# Office Open XML: elements whose text is shown, elements that end a line, attributes shown.
OOXML_TEXT = {"t", "v", "instrText", "delText", "delInstrText"}
OOXML_LINES = {"p", "si", "c", "comment", "tc", "is", "definedName"}
OOXML_ATTRIBUTES = {
    "sheet": ("name",),
    "hyperlink": ("tooltip", "display", "location"),
    "docPr": ("descr", "title"),
    "cNvPr": ("descr", "title"),
    "fldSimple": ("instr",),
}
E_NUMBER = re.compile(r"-?\d+(?:\.\d+)?[Ee][+-]?\d+")


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _ooxml_part_text(part, data):
    properties = part.startswith("docprops/")
    lines, line = [], []
    for _, el in iterparse(io.BytesIO(data), events=("end",), forbid_dtd=True):
        tag = _local(el.tag)
        if tag in OOXML_TEXT or (properties and len(el) == 0):
            text = el.text or ""
            if tag == "v" and E_NUMBER.fullmatch(text):
                try:  # a number Excel stored as 1.3812345678E10
                    value = Decimal(text)
                    text = str(int(value)) if value == value.to_integral_value() else text
                except InvalidOperation:
                    pass
            line.append(text)
        elif tag == "tab":
            line.append("\t")
        elif tag in ("br", "cr"):
            line.append("\n")
        for attribute in OOXML_ATTRIBUTES.get(tag, ()):
            for key, value in el.attrib.items():
                if _local(key) == attribute:
                    lines.append(value)
        if tag == "Relationship" and el.get("TargetMode") == "External":
            lines.append(el.get("Target") or "")
        if tag in OOXML_LINES:
            lines.append("".join(line))
            line = []
        el.clear()
    lines.append("".join(line))
    return "\n".join(lines)


def _read_ooxml(where, archive, depth, budget, out):
    texts, has_images = [], False
    for info in archive.infolist():
        if info.is_dir():
            continue
        part = info.filename.lower()
        if part.endswith((".xml", ".rels")):
            texts.append(_ooxml_part_text(part, _member_bytes(archive, info, budget)))
        elif "/media/" in part:
            has_images = True
        elif "/embeddings/" in part:
            name = os.path.basename(info.filename)
            content = _member_bytes(archive, info, budget)
            if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
                out.held.append((_where(where, name), HELD_EMBEDDED))
            else:
                _read_member(where, name, content, depth + 1, budget, out)
    text = "\n".join(texts)
    out.texts.append((where, text))
    if has_images and meaningful_chars(text) < MIN_TEXT_CHARS:
        out.held.append((where, HELD_OFFICE_IMAGES))


def _read_ofd(where, archive, depth, budget, out):
    scans, texts, page = [], [], 0
    for info in sorted(archive.infolist(), key=lambda i: _natural(i.filename)):
        if info.is_dir():
            continue
        part = info.filename.lower()
        if part.endswith("content.xml") and "/pages/" in part:
            page += 1
            text, images = _ofd_page_text(_member_bytes(archive, info, budget))
            texts.append(text)
            if images and meaningful_chars(text) < MIN_TEXT_CHARS:
                scans.append(page)
        elif part.endswith(".xml"):
            texts.append(_xml_leaf_text(_member_bytes(archive, info, budget)))
        elif "/attachs/" in part:
            name = _member_name(info).rsplit("/", 1)[-1]
            _read_member(where, name, _member_bytes(archive, info, budget), depth + 1, budget, out)
    out.texts.append((where, "\n".join(texts)))
    if scans:
        out.held.append((where, HELD_SCAN.format(pages=_page_list(scans))))


def _natural(name):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _xml_leaf_text(data):
    lines = []
    for _, el in iterparse(io.BytesIO(data), events=("end",), forbid_dtd=True):
        if len(el) == 0 and el.text and el.text.strip():
            lines.append(el.text)
        lines.extend(v for k, v in el.attrib.items() if _local(k) in ("Title", "Name", "Value"))
        el.clear()
    return "\n".join(lines)


def _floats(value, default=0.0):
    try:
        return [float(v) for v in (value or "").split()] or [default]
    except ValueError:
        return [default]


def _delta_x(value):
    """OFD's DeltaX: numbers, where ``g N d`` stands for N times d."""
    tokens, deltas, i = (value or "").split(), [], 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            deltas += [float(tokens[i + 2])] * int(float(tokens[i + 1]))
            i += 3
        else:
            deltas.append(float(tokens[i]))
            i += 1
    return deltas


def _ofd_page_text(data):
    """Lines of a page: text codes on one baseline in order of x, joined where they touch."""
    codes, images = [], 0
    box, size, x, y = (0.0, 0.0), 3.5, 0.0, 0.0
    for event, el in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
        tag = _local(el.tag)
        if event == "start":
            if tag == "TextObject":
                boundary = _floats(el.get("Boundary")) + [0.0, 0.0]
                box = (boundary[0], boundary[1])
                size = _floats(el.get("Size"), 3.5)[0] or 3.5
                x = y = 0.0
            continue
        if tag == "TextCode":
            text = el.text or ""
            x = _floats(el.get("X"), x)[0] if el.get("X") else x
            y = _floats(el.get("Y"), y)[0] if el.get("Y") else y
            try:
                deltas = _delta_x(el.get("DeltaX"))
            except ValueError:
                deltas = []
            widths = deltas[: max(len(text) - 1, 0)]
            widths += [size if ord(ch) > 0x2E80 else size * 0.55 for ch in text[len(widths) :]]
            start = box[0] + x
            codes.append((box[1] + y, start, start + sum(widths), size, text))
        elif tag == "ImageObject":
            images += 1
        el.clear()
    lines, current, line_y = [], [], None
    for code in sorted(codes, key=lambda c: (c[0], c[1])):
        if line_y is None or abs(code[0] - line_y) > code[3] * 0.5:
            if current:
                lines.append(current)
            current, line_y = [], code[0]
        current.append(code)
    if current:
        lines.append(current)
    out = []
    for line in lines:
        parts, end = [], None
        for _, start, stop, size, text in sorted(line, key=lambda c: c[1]):
            if end is not None:
                parts.append("" if start - end <= size * 0.8 else "\n")
            parts.append(text)
            end = stop
        out.append("".join(parts))
    return "\n".join(out), images
