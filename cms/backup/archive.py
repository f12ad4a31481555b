"""Write the backup archive: manifest, databases, file roots."""

import datetime
import hashlib
import io
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from . import databases

FORMAT = 1
# The file roots, by setting. STATIC_ROOT is not one: collectstatic rebuilds it.
ROOT_SETTINGS = ("MEDIA_ROOT", "DOCUMENTS_PRIVATE_ROOT", "DISCLOSURE_PRIVATE_ROOT", "IMPORT_PRIVATE_ROOT")


def file_roots():
    """[(archive folder, absolute path, [settings])]: settings naming the same folder share one copy."""
    groups = {}
    for name in ROOT_SETTINGS:
        value = getattr(settings, name, None)
        if value:
            groups.setdefault(os.path.abspath(value), []).append(name)
    return [(f"files/{'+'.join(names).lower()}", path, names) for path, names in groups.items()]


def content_counts():
    """What the restore must find again: entries, disclosure requests, answers, documents."""
    from wagtail.documents import get_document_model

    from disclosure_requests.models import DisclosureRequest
    from pages.models import DisclosureEntry

    return {
        "entries": DisclosureEntry.objects.count(),
        "live_entries": DisclosureEntry.objects.filter(live=True).count(),
        "disclosure_requests": DisclosureRequest.objects.count(),
        "answered_requests": DisclosureRequest.objects.exclude(answer_type="").count(),
        "documents": get_document_model().objects.count(),
    }


def _commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except OSError:
        return ""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_under(root, exclude):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and p.resolve() != exclude)


def default_output():
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"gongkai-{stamp}.tar.gz"


def create_backup(output=None, progress=None):
    """Write the archive; returns (path, manifest). ``progress(step, done, total)`` reports long steps."""
    progress = progress or (lambda step, done, total: None)
    output = Path(output or default_output()).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": _commit(),
        "counts": content_counts(),
        "databases": {},
        "roots": {},
    }
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as scratch, tarfile.open(partial, "w:gz") as tar:
        for alias in connections:
            dump_file = Path(scratch) / f"{alias}.dump"
            kind = databases.dump(alias, dump_file, lambda done, total, a=alias: progress(f"数据库 {a}", done, total))
            member = f"databases/{alias}.{'sqlite3' if kind == databases.SQLITE else 'pgdump'}"
            tar.add(dump_file, arcname=member)
            manifest["databases"][alias] = {"vendor": kind, "file": member, "sha256": sha256(dump_file)}
        for folder, path, names in file_roots():
            files = _files_under(path, exclude=output)
            entry = {"settings": names, "source": path, "files": {}}
            total = len(files)
            for done, file in enumerate(files, 1):
                relative = file.relative_to(path).as_posix()
                tar.add(file, arcname=f"{folder}/{relative}", recursive=False)
                entry["files"][relative] = sha256(file)
                progress(f"文件 {'/'.join(names)}", done, total)
            manifest["roots"][folder] = entry
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size, info.mtime = len(data), int(datetime.datetime.now().timestamp())
        tar.addfile(info, io.BytesIO(data))
    os.replace(partial, output)
    return output, manifest
