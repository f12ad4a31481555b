"""Office Open XML (docx, xlsx, pptx) and OFD (GB/T 33190), both zips of XML."""

import io
import os
import re
from decimal import Decimal, InvalidOperation

from defusedxml.ElementTree import iterparse

from . import reading
from .base import (
    HELD_EMBEDDED,
    HELD_OFFICE_IMAGES,
    HELD_SCAN,
    MIN_TEXT_CHARS,
    _member_bytes,
    _member_name,
    _page_list,
    _where,
    meaningful_chars,
)

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
                reading.read_member(where, name, content, depth + 1, budget, out)
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
            reading.read_member(where, name, _member_bytes(archive, info, budget), depth + 1, budget, out)
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
