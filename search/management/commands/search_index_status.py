"""Outbox lag and index sizes."""

from django.core.management.base import BaseCommand

from search import indexing
from search.backends import get_backend
from search.backends.base import SearchUnavailable


class Command(BaseCommand):
    help = "显示检索索引更新队列的积压情况和各索引文档数"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--drain", action="store_true", help="先处理积压的更新")

    def handle(self, *args, json=False, drain=False, **options):
        if drain:
            for target in indexing.targets():
                try:
                    indexing.drain(target)
                except Exception as exc:  # noqa: BLE001
                    self.stderr.write(f"{target} 更新失败：{exc}")
        status = indexing.status()
        for target, info in status.items():
            try:
                info["documents"] = get_backend(target).count()
            except (SearchUnavailable, Exception) as exc:  # noqa: BLE001 - shown, not fatal
                info["documents"] = None
                info["unavailable"] = str(exc)[:200]
        if json:
            import json as jsonlib

            self.stdout.write(jsonlib.dumps(status, ensure_ascii=False))
            return
        for target, info in status.items():
            docs = "不可用" if info["documents"] is None else info["documents"]
            self.stdout.write(
                f"{target}：文档 {docs} 条；待处理 {info['pending']} 条，最早积压 {info['oldest_pending_seconds']} 秒，"
                f"失败重试中 {info['failing']} 条" + (f"；最近错误：{info['last_error']}" if info["last_error"] else "")
            )
