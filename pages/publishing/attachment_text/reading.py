"""Dispatch by content, and zips read member by member within the budget."""

import io
import zipfile

from ..personal_data import visible_text
from .base import (
    HELD_ARCHIVE,
    HELD_DAMAGED,
    HELD_ENCRYPTED,
    HELD_IMAGE,
    HELD_LEGACY_OFFICE,
    HELD_TOO_LARGE,
    HELD_UNKNOWN,
    HTML_EXTENSIONS,
    IMAGE_EXTENSIONS,
    MAX_DEPTH,
    TEXT_EXTENSIONS,
    AttachmentText,
    _Budget,
    _ext,
    _is_image,
    _member_bytes,
    _member_name,
    _TooLarge,
    _where,
    decode_text,
)
from .office import _read_ofd, _read_ooxml
from .pdf import _read_pdf


def extract(name, data):
    """Everything readable in the file ``name`` with content ``data`` (bytes)."""
    out = AttachmentText()
    try:
        _read("", name, data, 0, _Budget(), out)
    except _TooLarge:
        out.held.append(("", HELD_TOO_LARGE))
    return out


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


def read_member(parent, name, data, depth, budget, out):
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
        read_member(where, name, _member_bytes(archive, info, budget), depth + 1, budget, out)
    out.texts.append((where, "\n".join(names)))  # the names are seen by whoever opens the archive


# Office Open XML: elements whose text is shown, elements that end a line, attributes shown.
