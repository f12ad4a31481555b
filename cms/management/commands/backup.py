"""manage.py backup [--output FILE]: every database and file root into one archive with a manifest."""

import json
import sys

from django.core.management.base import BaseCommand

from cms.backup import create_backup

from ._progress import StepProgress


class Command(BaseCommand):
    help = "备份全部数据库与文件目录（MEDIA_ROOT 和各私有目录）到一个归档文件"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="归档文件路径（默认 var/backups/gongkai-<时间>.tar.gz）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, output=None, no_progress=False, verbosity=1, **options):
        progress = StepProgress(sys.stderr, enabled=not no_progress and verbosity > 0)
        try:
            path, manifest = create_backup(output, progress=progress)
        finally:
            progress.close()
        files = sum(len(root["files"]) for root in manifest["roots"].values())
        self.stdout.write(f"备份完成：{path}")
        self.stdout.write(
            f"数据库 {len(manifest['databases'])} 个，文件 {files} 个；内容：{json.dumps(manifest['counts'], ensure_ascii=False)}"
        )
