"""Put an archive back: into the databases and file roots the current settings name."""

import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

from . import archive, databases


def read_manifest(tar):
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except KeyError:
        raise CommandError("这不是本系统的备份文件（缺少 manifest.json）")
    if manifest.get("format") != archive.FORMAT:
        raise CommandError(f"不支持的备份格式：{manifest.get('format')}")
    return manifest


def _targets(names):
    """The folders the current settings give to the archived root's settings."""
    return sorted({os.path.abspath(getattr(settings, name)) for name in names if getattr(settings, name, None)})


def _not_empty(path):
    return Path(path).is_dir() and any(Path(path).iterdir())


def check_fresh(manifest):
    """Refuse to overwrite: every target database and folder must be empty."""
    problems = [f"数据库 {alias} 不是空的" for alias in manifest["databases"] if not databases.is_empty(alias)]
    for entry in manifest["roots"].values():
        problems += [f"目录 {path} 不是空的" for path in _targets(entry["settings"]) if _not_empty(path)]
    if problems:
        raise CommandError("恢复目标须为全新的数据库和目录：" + "；".join(problems) + "（确需覆盖请加 --force）")


def restore_backup(source, force=False, progress=None):
    """Restore ``source``; returns (manifest, counts found after the restore)."""
    progress = progress or (lambda step, done, total: None)
    with tarfile.open(source, "r:*") as tar:
        manifest = read_manifest(tar)
        missing = [alias for alias in manifest["databases"] if alias not in connections]
        if missing:
            raise CommandError(f"当前配置中没有数据库：{'、'.join(missing)}")
        if not force:
            check_fresh(manifest)
        with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as scratch:
            members = [m for m in tar.getmembers() if m.isfile()]
            for done, member in enumerate(members, 1):
                tar.extract(member, scratch, filter="data")  # no absolute paths, no "..", no links out
                progress("解包", done, len(members))
            for alias, entry in manifest["databases"].items():
                dump_file = Path(scratch) / entry["file"]
                if archive.sha256(dump_file) != entry["sha256"]:
                    raise CommandError(f"备份中的数据库 {alias} 已损坏（校验和不符）")
                databases.load(
                    alias, dump_file, entry["vendor"], lambda done, total, a=alias: progress(f"数据库 {a}", done, total)
                )
            if force:  # each target folder emptied once, then filled from every root it receives
                for path in {p for entry in manifest["roots"].values() for p in _targets(entry["settings"])}:
                    shutil.rmtree(path, ignore_errors=True)
            for folder, entry in manifest["roots"].items():
                _restore_root(Path(scratch) / folder, entry, progress)
    for connection in connections.all():
        connection.close()
    return manifest, archive.content_counts()


def _restore_root(unpacked, entry, progress):
    for target in _targets(entry["settings"]):
        target = Path(target)
        target.mkdir(parents=True, exist_ok=True)
        files = entry["files"]
        for done, (relative, digest) in enumerate(sorted(files.items()), 1):
            source = unpacked / relative
            if archive.sha256(source) != digest:
                raise CommandError(f"备份中的文件 {relative} 已损坏（校验和不符）")
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
            progress(f"文件 {target}", done, len(files))
