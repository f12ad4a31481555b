"""Every change that affects what is public reaches the index, through the outbox."""

import pytest
from django.core.management import call_command
from django.db import transaction

from pages.models import DisclosureEntry
from pages.publishing.pipeline import publish_entry
from search import indexing
from search.backends import get_backend
from search.models import IndexOutbox

from ..factories import new_entry
from .helpers import ids, publish, refresh


def find(name, query):
    refresh(name)
    return ids(get_backend(name).search(query, page_size=50))


def test_lifecycle_changes_update_the_index(catalog, backend_name, django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    with run(execute=True):
        entry = publish(catalog["dibao"], "城乡低保资金发放情况", "<p>第一季度发放低保资金。</p>")
    assert find(backend_name, "低保资金") == [entry.pk]

    # Edit of a live entry: the public version changes when the revision is published.
    with run(execute=True):
        entry.title = "城乡低保资金发放情况（更正）"
        entry.validity = "废止"
        entry.expired_on = entry.published_on
        publish_entry(entry, revision=entry.save_revision())
    refresh(backend_name)
    hit = get_backend(backend_name).search("更正").hits
    assert [h.entry_id for h in hit] == [entry.pk] and hit[0].validity == "废止"

    # Move to another catalog item: area/item follow.
    with run(execute=True):
        entry = DisclosureEntry.objects.get(pk=entry.pk)
        entry.move(catalog["budget"], pos="last-child")
    refresh(backend_name)
    assert get_backend(backend_name).search("更正").hits[0].area == "财政预决算"

    # Retraction (unpublish) and deletion remove it.
    with run(execute=True):
        DisclosureEntry.objects.get(pk=entry.pk).unpublish()
    assert find(backend_name, "低保资金") == []
    with run(execute=True):
        again = publish(catalog["dibao"], "低保资金再公开", "<p>低保资金</p>")
    assert find(backend_name, "低保资金") == [again.pk]
    with run(execute=True):
        DisclosureEntry.objects.get(pk=again.pk).delete()
    assert find(backend_name, "低保资金") == []
    assert not indexing.pending().exists()


def test_rolled_back_publication_never_reaches_the_outbox(catalog, django_capture_on_commit_callbacks):
    before = IndexOutbox.objects.count()
    # The after-commit callbacks run (as they would on a real commit) once the block is left.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                publish(catalog["dibao"], "回滚的低保公示", "<p>低保</p>")
                assert IndexOutbox.objects.count() > before  # written in the publishing transaction
                raise RuntimeError("rollback")
    assert callbacks == []  # nothing scheduled survives the rollback
    assert IndexOutbox.objects.count() == before
    assert find("database", "回滚的低保公示") == []
    # The same publication committed does reach the outbox and the index: the checks above can fail.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        entry = publish(catalog["dibao"], "回滚的低保公示", "<p>低保</p>")
    assert callbacks and IndexOutbox.objects.count() > before
    assert find("database", "回滚的低保公示") == [entry.pk]


def test_import_indexes_in_bulk(portal, tmp_path, django_capture_on_commit_callbacks):
    import json

    path = tmp_path / "rows.jsonl"
    rows = [
        {
            "source_id": f"r{i}",
            "title": f"涉农补贴发放公示第{i}批",
            "body": "耕地地力保护补贴已发放。",
            "department": "财政所",
            "area": "涉农补贴",
            "published": "2025-03-01",
            "genre": "公告",
            "five_public": "结果公开",
        }
        for i in range(3)
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_entries", str(path), "--create-catalog", "--publish", stdout=open("/dev/null", "w"))
    res = get_backend("database").search("涉农补贴", page_size=10)
    assert sorted(h.source_id for h in res.hits) == ["r0", "r1", "r2"]
    # One outbox row per entry and target, not one per save.
    assert IndexOutbox.objects.filter(target="database").count() == 3


def test_rebuild_and_status_commands(catalog, es_settings, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        entry = publish(catalog["budget"], "部门预算重建测试", "<p>预算</p>")
    es = get_backend("elasticsearch")
    first = es.alias_targets()
    call_command("rebuild_search_index")
    second = es.alias_targets()
    assert len(second) == 1 and second != first  # a new index behind the alias, old one dropped
    es.refresh()
    assert ids(es.search("重建测试")) == [entry.pk]
    assert ids(get_backend("database").search("重建测试")) == [entry.pk]
    call_command("search_index_status")
    out = capsys.readouterr().out
    assert "database：文档 1 条；待处理 0 条" in out and "elasticsearch：文档 1 条；待处理 0 条" in out


def test_department_rename_and_view_restriction(catalog, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    run = django_capture_on_commit_callbacks
    with run(execute=True):
        entry = publish(catalog["dibao"], "临时救助审批结果", "<p>临时救助</p>")
    with run(execute=True):
        civil = catalog["civil"]
        civil.name = "民政和社会事务办"
        civil.save()
    hit = get_backend("database").search("临时救助").hits[0]
    assert hit.department == "民政和社会事务办"
    with run(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=catalog["dibao"], restriction_type="password", password="x"
        )
    assert find("database", "临时救助") == []
    with run(execute=True):
        restriction.delete()
    assert find("database", "临时救助") == [entry.pk]


def test_older_engine_write_never_overwrites_a_newer_one(catalog, es_settings, django_capture_on_commit_callbacks):
    """Versions = outbox ids: a slow drainer holding an old state loses against a newer write."""
    from search.documents import build_documents

    with django_capture_on_commit_callbacks(execute=True):
        entry = publish(catalog["dibao"], "低保标准（新）", "<p>低保</p>")
    es = get_backend("elasticsearch")
    newest = IndexOutbox.objects.filter(entry_id=entry.pk, target="elasticsearch").latest("id").pk
    stale = build_documents([entry.pk])
    stale[entry.pk].title = "低保标准（旧）"
    es.apply(stale, versions={entry.pk: newest - 1})  # conflict is ignored, not an error
    es.refresh()
    assert es.search("低保标准").hits[0].title == "低保标准（新）"


def test_sweep_drains_rows_left_behind(catalog, django_capture_on_commit_callbacks):
    from search.tasks import sweep_outbox

    with django_capture_on_commit_callbacks(execute=False):  # the after-commit drain never runs
        entry = publish(catalog["dibao"], "遗留的低保公示", "<p>低保</p>")
    assert indexing.status()["database"]["pending"] >= 1
    assert find("database", "遗留的低保公示") == []
    sweep_outbox.run()  # no broker in tests: the drain runs in-process
    assert indexing.status()["database"]["pending"] == 0
    assert find("database", "遗留的低保公示") == [entry.pk]


def test_a_batch_drains_the_outbox_once_after_commit(catalog, django_capture_on_commit_callbacks):
    entries = [new_entry(catalog["budget"], title=f"批量草稿{n}") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic(), indexing.one_drain():
            for entry in entries:
                with transaction.atomic():  # a savepoint per entry, as in a batch
                    indexing.enqueue([entry.pk])
                    indexing.enqueue([entry.pk])
    assert [c.__name__ for c in callbacks] == ["schedule_drain"]
    assert not IndexOutbox.objects.filter(entry_id__in=[e.pk for e in entries], processed_at=None).exists()
    with django_capture_on_commit_callbacks() as callbacks:  # outside a batch: as before
        indexing.enqueue([entries[0].pk])
    assert [c.__name__ for c in callbacks] == ["schedule_drain"]
