"""Wagtail documents (entry attachments) are private files: stored in DOCUMENTS_PRIVATE_ROOT
(cms.storage.MediaStorage), reachable only through Wagtail's serve view after the visibility check
(pages.wagtail_hooks.only_public_attachments).

This module is the view's ``SENDFILE_BACKEND`` (called only after the check passed) and moves the
files that earlier versions stored under MEDIA_ROOT/documents/ (data migration 0007)."""

import filecmp
import logging
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from wagtail.utils import sendfile_streaming_backend

from cms.storage import DOCUMENTS_DIR

logger = logging.getLogger(__name__)


def private_documents_dir():
    return Path(os.path.abspath(settings.DOCUMENTS_PRIVATE_ROOT)) / DOCUMENTS_DIR


def sendfile(request, filename, **kwargs):
    """The response for a document the visibility check let through: streamed by Django, or,
    with DOCUMENTS_ACCEL_REDIRECT, an empty response that tells nginx to send the file from its
    internal location (Wagtail's wrapper adds Content-Type and Content-Disposition)."""
    prefix = getattr(settings, "DOCUMENTS_ACCEL_REDIRECT", "")
    relative = os.path.relpath(os.path.abspath(filename), private_documents_dir())
    if prefix and not relative.startswith(os.pardir):
        response = HttpResponse()
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(relative.replace(os.sep, "/"))
    else:
        response = ranged(request, filename, sendfile_streaming_backend.sendfile(request, filename, **kwargs))
    if request.user.is_authenticated:
        # Staff may download attachments the public may not: no shared cache may keep them.
        response["Cache-Control"] = "private"
    return response


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


class KeepLength:
    """Wagtail's sendfile wrapper sets Content-Length to the whole file after the backend
    returns; a part (206) or a refusal (416) must keep its own length."""

    part_length = 0

    def __setitem__(self, header, value):
        if header.lower() == "content-length":
            value = self.part_length
        super().__setitem__(header, value)


class PartialFileResponse(KeepLength, StreamingHttpResponse):
    def __init__(self, handle, start, end, size):
        super().__init__(_read(handle, start, end - start + 1), status=206)
        self.part_length = end - start + 1
        self["Content-Range"] = f"bytes {start}-{end}/{size}"


class RangeNotSatisfiable(KeepLength, HttpResponse):
    status_code = 416


def _read(handle, start, length):
    with handle:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def ranged(request, filename, response):
    """Answer a single ``Range: bytes=…`` request with 206 (a video's player seeks with them);
    anything else gets the whole file. nginx (DOCUMENTS_ACCEL_REDIRECT) does this by itself."""
    match = RANGE.match(request.headers.get("range", "").strip())
    if response.status_code != 200:
        return response
    response["Accept-Ranges"] = "bytes"
    if not match or match.groups() == ("", ""):
        return response
    size = os.path.getsize(filename)
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:  # the last N bytes
        start, end = max(size - int(last), 0), size - 1
    # Only the file: HttpResponse.close() would signal request_finished in the middle of the request.
    if getattr(response, "file_to_stream", None) is not None:
        response.file_to_stream.close()
    if start >= size or start > end:
        refused = RangeNotSatisfiable()
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    partial = PartialFileResponse(open(filename, "rb"), start, end, size)
    partial["Accept-Ranges"] = "bytes"
    partial["Last-Modified"] = response.get("Last-Modified", "")
    return partial


def move_public_documents():
    """Move every file under MEDIA_ROOT/documents/ to DOCUMENTS_PRIVATE_ROOT/documents/, under the
    same relative name (the database keeps "documents/<name>"), and remove the emptied folders.

    Idempotent: an identical file already in the private root only drops the public copy; a
    different one (which only a manual copy can produce) is kept, and the public file is moved
    beside it under a new name and logged. Returns the number of public files removed."""
    source_dir = Path(os.path.abspath(settings.MEDIA_ROOT)) / DOCUMENTS_DIR
    target_dir = private_documents_dir()
    if not source_dir.is_dir():
        return 0
    count = 0
    for source in sorted(p for p in source_dir.rglob("*") if p.is_file() or p.is_symlink()):
        target = target_dir / source.relative_to(source_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            if not source.is_symlink() and filecmp.cmp(source, target, shallow=False):
                source.unlink()
                count += 1
                continue
            n = 1
            while (aside := target.with_name(f"{target.stem}.public-copy-{n}{target.suffix}")).exists():
                n += 1
            logger.warning("%s 与私有目录中的 %s 内容不同，已移至 %s", source, target, aside)
            target = aside
        shutil.move(str(source), str(target))
        count += 1
    for folder in sorted((p for p in source_dir.rglob("*") if p.is_dir()), reverse=True) + [source_dir]:
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty: something else than a file (a socket …) was left, or a race
    return count
