"""manage.py restore ARCHIVE [--force]: into the (fresh) databases and folders the settings name."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from cms.backup import restore_backup

from ._progress import StepProgress


class Command(BaseCommand):
    help = "从 backup 生成的归档恢复数据库与文件目录（目标须为空，--force 覆盖）"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup 生成的 .tar.gz 文件")
        parser.add_argument("--force", action="store_true", help="覆盖非空的数据库和目录")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, archive, force=False, no_progress=False, verbosity=1, **options):
        progress = StepProgress(sys.stderr, enabled=not no_progress and verbosity > 0)
        try:
            manifest, counts = restore_backup(archive, force=force, progress=progress)
        except FileNotFoundError:
            raise CommandError(f"找不到备份文件：{archive}")
        finally:
            progress.close()
        self.stdout.write(f"恢复完成：{archive}（{manifest['created_at']} 备份）")
        self.stdout.write(f"内容：{json.dumps(counts, ensure_ascii=False)}")
        if counts != manifest["counts"]:
            raise CommandError(f"恢复后的内容与备份时不符：备份时 {json.dumps(manifest['counts'], ensure_ascii=False)}")
