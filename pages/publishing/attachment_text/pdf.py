"""PDF: page text, annotations, document information, bookmarks, form fields, embedded files."""

import io
import unicodedata

from . import reading
from .base import (
    HELD_DAMAGED,
    HELD_DECRYPT_LIBRARY,
    HELD_EMBEDDED,
    HELD_ENCRYPTED,
    HELD_GARBLED,
    HELD_SCAN,
    HELD_TOO_LARGE,
    MAX_PDF_PAGES,
    MIN_TEXT_CHARS,
    _page_list,
    _TooLarge,
    meaningful_chars,
)


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
                reading.read_member(where, name, content, depth + 1, budget, out)
    except _TooLarge:
        raise
    except Exception:
        out.held.append((where, HELD_EMBEDDED))


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
