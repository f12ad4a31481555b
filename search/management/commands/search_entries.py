"""Command-line search (also the measurement contract; keep the output stable).

    python manage.py search_entries [QUERY] [--queries FILE] [--limit N]
        [--backend database|elasticsearch] --json

One JSON object per query and line: {"query", "total", "took_ms", "hits": [{"index_number",
"title", "source_id"}, ...]}. Honours DATABASE_URL and SEARCH_URL.
"""

import json as jsonlib
import time

from django.core.management.base import BaseCommand, CommandError

from search.backends import SearchUnavailable, get_backend, search


class Command(BaseCommand):
    help = "全文检索公开信息（每个查询输出一行 JSON）"

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", help="检索词，空格分隔的词须全部命中，引号内为短语")
        parser.add_argument("--queries", help="查询文件，每行一个查询")
        parser.add_argument("--limit", type=int, default=10, help="每个查询返回的条数（默认 10）")
        parser.add_argument("--backend", choices=["database", "elasticsearch"], help="检索后端（默认按 SEARCH_URL）")
        parser.add_argument("--json", action="store_true", help="输出 JSON（每个查询一行）")

    def handle(self, *args, query=None, queries=None, limit=10, backend=None, json=False, **options):
        items = []
        if query:
            items.append(query)
        if queries:
            try:
                with open(queries, encoding="utf-8") as fh:
                    items.extend(line.strip() for line in fh if line.strip())
            except OSError as exc:
                raise CommandError(f"无法读取查询文件：{exc}") from exc
        if not items:
            raise CommandError("请给出检索词或 --queries 文件")
        if limit < 1:
            raise CommandError("--limit 必须为正整数")
        for q in items:
            started = time.perf_counter()
            try:
                if backend:
                    results = get_backend(backend).search(q, page_size=min(limit, 100))
                else:
                    results = search(q, page_size=min(limit, 100))
                hits = list(results.hits)
                page = 2
                while len(hits) < min(limit, results.total):
                    more = (
                        get_backend(results.backend) if backend or not results.fallback else get_backend("database")
                    ).search(q, page=page, page_size=100)
                    if not more.hits:
                        break
                    hits.extend(more.hits)
                    page += 1
            except SearchUnavailable as exc:
                raise CommandError(f"检索引擎不可用：{exc}") from exc
            took = (time.perf_counter() - started) * 1000
            hits = hits[:limit]
            if json:
                out = {
                    "query": q,
                    "total": results.total,
                    "took_ms": round(took, 2),
                    "hits": [
                        {"index_number": h.index_number, "title": h.title, "source_id": h.source_id} for h in hits
                    ],
                }
                if results.fallback:
                    out["notice"] = results.notice
                self.stdout.write(_dumps(out))
            else:
                self.stdout.write(f"「{q}」共 {results.total} 条，用时 {took:.1f} 毫秒（{results.backend}）")
                if results.fallback:
                    self.stdout.write(results.notice)
                for i, h in enumerate(hits, 1):
                    self.stdout.write(f"{i:>3}. {h.index_number}  {h.title}")


def _dumps(obj):
    return jsonlib.dumps(obj, ensure_ascii=False)
