"""The change feed (/api/v2/changes/): in order, from a cursor, retractions named, nothing
non-public shown, and the search index fed from the same change record."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import PageViewRestriction

from pages import changes
from pages.models import DisclosureEntry, EntryChange, public_entries
from search.models import IndexOutbox
from workflows import services

from ..factories import make_user, new_entry


def fetch(client, since="", **params):
    response = client.get("/api/v2/changes/", {"since": since, **params})
    assert response.status_code == 200, response.content
    return response.json(), response


def follow(client, mirror, cursor="", limit=100):
    """A mirroring consumer: apply every page until ``more`` is false; returns the new cursor."""
    while True:
        data, _ = fetch(client, cursor, limit=limit)
        for item in data["changes"]:
            if item["change"] == "published":
                mirror[item["id"]] = item["entry"]["title"]
            else:
                mirror.pop(item["id"], None)
        cursor = data["cursor"]
        if not data["more"]:
            return cursor


def public_set():
    return dict(public_entries().values_list("pk", "title"))


@pytest.fixture
def cast(catalog, portal):
    return {
        "editor": make_user("feed_editor", catalog["finance"].editors_group),
        "reviewer": make_user("feed_reviewer", catalog["finance"].reviewers_group),
        "leader": make_user("feed_leader", portal.leaders_group),
    }


def fresh(entry):
    return DisclosureEntry.objects.get(pk=entry.pk)


def through_review(entry, cast, title=None):
    entry = fresh(entry)
    if title:
        entry.title = title
    entry.save_revision(user=cast["editor"])
    services.submit(fresh(entry), cast["editor"])
    services.approve(fresh(entry), cast["reviewer"])
    services.approve(fresh(entry), cast["leader"])
    return fresh(entry)


@pytest.mark.django_db
def test_a_mirror_follows_publish_edit_retract_and_republish(catalog, cast):
    client = Client()
    mirror = {}
    cursor = follow(client, mirror)
    assert mirror == public_set()

    entry = new_entry(catalog["budget"], title="变更流测试：部门预算")
    entry.save_revision(user=cast["editor"])
    data, _ = fetch(client, cursor)
    assert data["changes"] == []  # a draft is never named, not even by id
    assert data["cursor"] != cursor  # but the cursor moves past its change

    entry = through_review(entry, cast)
    data, response = fetch(client, cursor)
    assert [(c["id"], c["change"]) for c in data["changes"]] == [(entry.pk, "published")]
    assert data["changes"][0]["entry"]["index_number"] == entry.index_number
    assert response["Cache-Control"] == "no-store"
    cursor = follow(client, mirror, cursor)
    assert mirror == public_set() and entry.pk in mirror

    entry = through_review(entry, cast, title="变更流测试：部门预算（更正）")
    cursor = follow(client, mirror, cursor)
    assert mirror[entry.pk] == "变更流测试：部门预算（更正）"

    services.retract(fresh(entry), cast["leader"], "内容有误")
    data, _ = fetch(client, cursor)
    assert data["changes"] == [{"id": entry.pk, "change": "removed", "reason": "retracted"}]
    assert "变更流测试" not in json.dumps(data, ensure_ascii=False)
    cursor = follow(client, mirror, cursor)
    assert entry.pk not in mirror and mirror == public_set()

    entry = through_review(entry, cast, title="变更流测试：部门预算（重新发布）")
    cursor = follow(client, mirror, cursor)
    assert mirror[entry.pk] == "变更流测试：部门预算（重新发布）" and mirror == public_set()

    data, _ = fetch(client, cursor)
    assert data == {"cursor": cursor, "more": False, "changes": []}  # nothing new, same cursor


@pytest.mark.django_db
def test_made_non_public_and_deleted_entries_are_removed(catalog, cast):
    client = Client()
    mirror = {}
    restricted = through_review(new_entry(catalog["budget"], title="变更流：将受限"), cast)
    deleted = through_review(new_entry(catalog["budget"], title="变更流：将删除"), cast)
    moved = through_review(new_entry(catalog["budget"], title="变更流：将移入受限栏目"), cast)
    cursor = follow(client, mirror)
    assert {restricted.pk, deleted.pk, moved.pk} <= set(mirror)

    PageViewRestriction.objects.create(page=fresh(restricted), restriction_type="login")
    fresh(deleted).delete()
    PageViewRestriction.objects.create(page=catalog["dibao"], restriction_type="login")
    fresh(moved).move(catalog["dibao"], pos="last-child")
    data, _ = fetch(client, cursor)
    assert {(c["id"], c.get("reason")) for c in data["changes"]} == {
        (restricted.pk, "withdrawn"),
        (deleted.pk, "deleted"),
        (moved.pk, "withdrawn"),
    }
    follow(client, mirror, cursor)
    assert mirror == public_set()


@pytest.mark.django_db
def test_entries_never_public_are_never_named(catalog, cast):
    client = Client()
    cursor = follow(client, {})
    on_request = through_review(new_entry(catalog["budget"], title="变更流：依申请公开", openness="依申请公开"), cast)
    classified = new_entry(catalog["budget"], title="变更流：涉密", classification="秘密", classified_on="2025-01-01")
    classified.save_revision(user=cast["editor"])
    with pytest.raises(ValidationError, match="保密审查未通过"):
        services.force_publish(fresh(classified), cast["leader"], "试图发布涉密文件")
    assert on_request.live and not public_entries().filter(pk=on_request.pk).exists()
    data, _ = fetch(client, cursor)
    assert data["changes"] == []
    fresh(on_request).delete()
    assert fetch(client, cursor)[0]["changes"] == []


@pytest.mark.django_db
def test_paging_keeps_order_and_names_each_entry_once_per_page(catalog, cast):
    client = Client()
    cursor = follow(client, {})
    entries = [through_review(new_entry(catalog["budget"], title=f"变更流分页{n}"), cast) for n in range(3)]
    seen = []
    while True:
        data, _ = fetch(client, cursor, limit=2)
        ids = [c["id"] for c in data["changes"]]
        assert len(ids) == len(set(ids))
        seen += ids
        cursor = data["cursor"]
        if not data["more"]:
            break
    # In the order of their last change: the first published comes first.
    last = {}
    for n, pk in enumerate(seen):
        last[pk] = n
    assert sorted(last, key=last.get) == [e.pk for e in entries]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, field",
    [
        ({"since": "abc"}, "since"),
        ({"since": "1-2-3"}, "since"),
        ({"limit": "0"}, "limit"),
        ({"limit": "9999"}, "limit"),
    ],
)
def test_bad_cursor_or_limit_is_a_chinese_400(params, field):
    response = Client().get("/api/v2/changes/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in json.dumps(body["errors"], ensure_ascii=False))


@pytest.mark.django_db
def test_the_search_outbox_is_filled_from_the_same_change(catalog, cast):
    entry = new_entry(catalog["budget"], title="变更流：检索队列")
    changes_before = EntryChange.objects.filter(entry_id=entry.pk).count()
    outbox_before = IndexOutbox.objects.filter(entry_id=entry.pk).count()
    changes.record([entry.pk])
    assert EntryChange.objects.filter(entry_id=entry.pk).count() == changes_before + 1
    assert IndexOutbox.objects.filter(entry_id=entry.pk).count() > outbox_before


@pytest.mark.django_db
def test_compaction_keeps_each_entrys_latest_change(catalog, cast):
    client = Client()
    start = follow(client, {})
    entry = through_review(new_entry(catalog["budget"], title="变更流：压缩"), cast)
    assert EntryChange.objects.filter(entry_id=entry.pk).count() > 1
    before, _ = fetch(client, start)
    assert changes.compact() > 0
    assert EntryChange.objects.filter(entry_id=entry.pk).count() == 1
    after, _ = fetch(client, start)
    assert after["changes"] == before["changes"] and after["cursor"] == before["cursor"]


@pytest.mark.django_db
def test_the_api_cache_never_keeps_a_feed_page(catalog, cast, settings):
    """A cached page would hide a retraction made since (a rename does not bump the version)."""
    settings.PUBLIC_API_CACHE = True
    client = Client()
    cursor = follow(client, {})
    entry = through_review(new_entry(catalog["budget"], title="变更流：缓存"), cast)
    data, _ = fetch(client, cursor)
    assert [c["change"] for c in data["changes"]] == ["published"]
    catalog["finance"].name = "财政所（更名）"
    catalog["finance"].save()  # the entry's department changed; the public content version did not
    data, _ = fetch(client, cursor)
    assert data["changes"][0]["entry"]["department"] == "财政所（更名）", "a cached feed page was served"
    assert entry.pk == data["changes"][0]["id"]


@pytest.mark.django_db
def test_portal_filter_lists_only_that_portals_entries_and_every_removal(catalog, cast, portal):
    client = Client()
    cursor = follow(client, {})
    entry = through_review(new_entry(catalog["budget"], title="变更流：门户筛选"), cast)
    assert [c["id"] for c in fetch(client, cursor, portal=portal.slug)[0]["changes"]] == [entry.pk]
    assert fetch(client, cursor, portal="other-town")[0]["changes"] == []
    services.retract(fresh(entry), cast["leader"], "撤回")
    removed = fetch(client, cursor, portal="other-town")[0]["changes"]
    assert removed == [{"id": entry.pk, "change": "removed", "reason": "retracted"}]


@pytest.mark.django_db
def test_a_publication_is_recorded_once_not_once_more_for_its_published_signal(catalog, cast):
    entry = fresh(new_entry(catalog["budget"], title="变更流：只记一次"))
    entry.save_revision(user=cast["editor"])
    services.submit(fresh(entry), cast["editor"])
    services.approve(fresh(entry), cast["reviewer"])
    before = EntryChange.objects.filter(entry_id=entry.pk).count()
    services.approve(fresh(entry), cast["leader"])  # publishes: the save, then page_published
    rows = EntryChange.objects.filter(entry_id=entry.pk).order_by("pk")
    assert rows.count() == before + 1 and rows.last().was_public
    services.retract(fresh(entry), cast["leader"], "撤回")  # page_unpublished: recorded as before
    assert rows.count() > before + 1
