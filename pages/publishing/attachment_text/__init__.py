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

from .base import (
    HELD_ARCHIVE,
    HELD_DAMAGED,
    HELD_DECRYPT_LIBRARY,
    HELD_EMBEDDED,
    HELD_ENCRYPTED,
    HELD_GARBLED,
    HELD_IMAGE,
    HELD_LEGACY_OFFICE,
    HELD_OFFICE_IMAGES,
    HELD_SCAN,
    HELD_TOO_LARGE,
    HELD_UNKNOWN,
    MAX_DEPTH,
    MAX_MEMBERS,
    MAX_PDF_PAGES,
    MAX_TOTAL_BYTES,
    MIN_TEXT_CHARS,
    AttachmentText,
    decode_text,
    meaningful_chars,
)
from .reading import extract

__all__ = [
    "HELD_ARCHIVE",
    "HELD_DAMAGED",
    "HELD_DECRYPT_LIBRARY",
    "HELD_EMBEDDED",
    "HELD_ENCRYPTED",
    "HELD_GARBLED",
    "HELD_IMAGE",
    "HELD_LEGACY_OFFICE",
    "HELD_OFFICE_IMAGES",
    "HELD_SCAN",
    "HELD_TOO_LARGE",
    "HELD_UNKNOWN",
    "MAX_DEPTH",
    "MAX_MEMBERS",
    "MAX_PDF_PAGES",
    "MAX_TOTAL_BYTES",
    "MIN_TEXT_CHARS",
    "AttachmentText",
    "decode_text",
    "meaningful_chars",
    "extract",
]
