import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out = io.StringIO()
    call_command("search_entries", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_search_entries_json_contract(engine, corpus, backend_name, tmp_path):
    lines = run("低保", "--json", "--limit", "2", "--backend", backend_name)
    assert len(lines) == 1
    line = lines[0]
    assert set(line) == {"query", "total", "took_ms", "hits"}
    # 3 in title/body (one through the synonym 最低生活保障), and housing, filed under the item 最低生活保障.
    assert line["query"] == "低保" and line["total"] == 4 and isinstance(line["took_ms"], float)
    assert len(line["hits"]) == 2
    assert set(line["hits"][0]) == {"index_number", "title", "source_id"}
    assert line["hits"][0]["index_number"] == corpus["dibao_title"].index_number

    queries = tmp_path / "q.txt"
    queries.write_text("预算\n\n农村 危房\n", encoding="utf-8")
    lines = run("--queries", str(queries), "--json", "--limit", "50", "--backend", backend_name)
    assert [l["query"] for l in lines] == ["预算", "农村 危房"]
    assert [h["title"] for h in lines[1]["hits"]] == ["农村危房改造补助名单"]
    # 2 in title/body first, then 4 only through their 体裁分类 预算 (metadata).
    assert lines[0]["total"] == len(lines[0]["hits"]) == 6
    assert {h["title"] for h in lines[0]["hits"][:2]} == {"2025年部门预算公开", "2024年部门决算"}


def test_search_entries_source_id_is_the_imported_one(portal, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "rows.jsonl"
    path.write_text(
        json.dumps(
            {
                "source_id": "gwr-test-001",
                "title": "政务公开工作要点",
                "body": "全面推进五公开。",
                "department": "党政办",
                "area": "政策文件",
                "published": "2025-03-01",
                "genre": "计划",
                "five_public": "决策公开",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_entries", str(path), "--create-catalog", "--publish", stdout=io.StringIO())
    line = run("五公开", "--json")[0]
    assert [h["source_id"] for h in line["hits"]] == ["gwr-test-001"]


def test_search_entries_errors_in_chinese(db):
    with pytest.raises(CommandError, match="请给出检索词"):
        run("--json")
    with pytest.raises(CommandError, match="无法读取查询文件"):
        run("--queries", "/nonexistent/q.txt")
