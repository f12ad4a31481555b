"""The import's batched publication writes what one ``create_published_entry`` per entry writes."""

import datetime
import json

from django.db import transaction
from wagtail.models import PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published

from pages.importing import import_entries
from pages.importing.writer import ChildAppender
from pages.models import DisclosureEntry, FivePublicType, Genre
from pages.publishing.pipeline import PublishedBatch, create_published_entry

from ..factories import budget_row, make_user


def _import(tmp_path, portal, rows):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return import_entries(path, portal=portal, publish=True)


def _logs(entry):
    return {
        (action, revision_id)
        for action, revision_id in PageLogEntry.objects.filter(page=entry).values_list("action", "revision_id")
    }


def test_published_rows_get_one_revision_live_and_latest_and_the_audit_records(catalog, portal, tmp_path):
    rows = [budget_row(n, source_id=f"b-{n}", title=f"预算公开{n}") for n in range(3)]
    report = _import(tmp_path, portal, rows)
    assert report.ok and report.created == report.published == 3
    for entry in DisclosureEntry.objects.filter(source_id__startswith="b-"):
        revisions = list(Revision.page_revisions.filter(object_id=str(entry.pk)))
        assert len(revisions) == 1
        revision = revisions[0]
        assert entry.live and not entry.has_unpublished_changes
        assert entry.latest_revision_id == entry.live_revision_id == revision.pk
        assert entry.latest_revision_created_at == revision.created_at and entry.draft_title == entry.title
        as_object = revision.as_object()
        assert (as_object.pk, as_object.title, as_object.index_number) == (entry.pk, entry.title, entry.index_number)
        assert as_object.department_id == entry.department_id and as_object.path == entry.path
        assert _logs(entry) == {
            ("wagtail.create", None),
            ("gongkai.import_publish", revision.pk),
            ("gongkai.publication_check", revision.pk),
        }
        check = PageLogEntry.objects.get(page=entry, action="gongkai.publication_check")
        assert check.data["passed"] is True and check.label == entry.title
        assert ReferenceIndex.objects.filter(object_id=str(entry.pk), to_object_id=str(entry.department_id)).exists()


def test_refused_row_is_a_draft_with_its_revision_and_no_publication_record(catalog, portal, tmp_path):
    report = _import(tmp_path, portal, [budget_row(0, source_id="pii", body="联系人手机13812345678")])
    assert report.created == 1 and report.published == 0 and report.drafts
    entry = DisclosureEntry.objects.get(source_id="pii")
    assert not entry.live and entry.has_unpublished_changes and entry.live_revision_id is None
    assert entry.latest_revision.as_object().body == entry.body
    assert _logs(entry) == {("wagtail.create", None)}


def test_batch_revision_content_matches_the_single_entry_route(catalog, portal, tmp_path):
    _import(tmp_path, portal, [budget_row(0, source_id="batch")])
    batched = DisclosureEntry.objects.get(source_id="batch")
    single = DisclosureEntry(
        title=batched.title,
        body=batched.body,
        source_id="single",
        slug="single",
        portal=portal,
        department=batched.department,
        genre=batched.genre,
        five_public=batched.five_public,
        published_on=batched.published_on,
    )
    assert create_published_entry(batched.get_parent(), single).passed
    ignore = {"pk", "id", "page_ptr", "path", "slug", "url_path", "source_id", "index_number", "draft_title"}
    ignore |= {"latest_revision", "live_revision", "latest_revision_created_at", "first_published_at"}
    ignore |= {"last_published_at", "translation_key", "owner", "locked_at", "has_unpublished_changes"}
    a, b = (Revision.objects.get(pk=e.latest_revision_id).content for e in (batched, single))
    assert a.keys() == b.keys()
    assert {k: v for k, v in a.items() if k not in ignore} == {k: v for k, v in b.items() if k not in ignore}


def test_a_batch_records_its_user_and_announces_each_publication(catalog, portal):
    operator = make_user("batch_operator", superuser=True)
    announced = []

    def receiver(sender, instance, revision, **kwargs):
        announced.append((sender, instance.pk, revision.pk))

    page_published.connect(receiver)
    try:
        with transaction.atomic():
            append = ChildAppender()
            batch = PublishedBatch(append, user=operator)
            entry = unsaved_entry(catalog, portal, "批量发布")
            assert batch.add(catalog["budget"], entry).passed
            batch.flush()
            append.flush()
    finally:
        page_published.disconnect(receiver)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert entry.live and entry.live_revision.user == operator
    assert announced == [(DisclosureEntry, entry.pk, entry.live_revision_id)]
    assert set(PageLogEntry.objects.filter(page=entry).values_list("action", "user")) == {
        ("wagtail.create", operator.pk),
        ("gongkai.import_publish", operator.pk),
        ("gongkai.publication_check", operator.pk),
    }


def test_a_batch_keeps_a_historic_first_publication_and_names_the_revision(catalog, portal):
    """Imported history keeps its first publication time; an entry without one is first published
    now. Each revision names its entry (the admin's history lists it by that name)."""
    historic = datetime.datetime(2019, 5, 6, 9, 30, tzinfo=datetime.UTC)
    entries = [
        unsaved_entry(catalog, portal, title, first_published_at=first)
        for title, first in (("历史公开", historic), ("新近公开", None))
    ]
    with transaction.atomic():
        append = ChildAppender()
        batch = PublishedBatch(append)
        for entry in entries:
            assert batch.add(catalog["budget"], entry).passed
        batch.flush()
        append.flush()
    old, new = (DisclosureEntry.objects.get(pk=e.pk) for e in entries)
    assert old.first_published_at == historic and old.last_published_at > historic
    assert new.first_published_at is not None and new.first_published_at == new.last_published_at
    assert [old.live_revision.object_str, new.live_revision.object_str] == ["历史公开", "新近公开"]
    # As Wagtail's own save records a page's creation.
    assert PageLogEntry.objects.get(page=old, action="wagtail.create").content_changed is True


def unsaved_entry(catalog, portal, title, **fields):
    """An entry under 财政预决算 with every required field, not yet saved."""
    return DisclosureEntry(
        title=title,
        body="<p>本年度预算收入合计128.5万元。</p>",
        genre=Genre.objects.get(name="预算"),
        five_public=FivePublicType.objects.get(name="结果公开"),
        published_on=datetime.date(2025, 3, 1),
        portal=portal,
        department=catalog["budget"].department,
        **fields,
    )


def test_the_single_entry_route_publishes_with_its_records(catalog, portal):
    """``create_published_entry``, the route the batch is compared with: live with its one revision,
    its user on the revision and the records, the guards' record, the signal; a historic first
    publication kept; the caller's way of adding the page used."""
    operator = make_user("single_operator", superuser=True)
    historic = datetime.datetime(2019, 5, 6, 8, 0, tzinfo=datetime.UTC)
    announced, added = [], []

    def receiver(sender, instance, revision, **kwargs):
        announced.append((sender, instance.pk, revision.pk))

    def add_child(parent, entry):
        added.append(parent.pk)
        parent.add_child(instance=entry)

    page_published.connect(receiver, dispatch_uid="test-single-route")
    try:
        old = unsaved_entry(catalog, portal, "单条导入（历史）", first_published_at=historic)
        assert create_published_entry(catalog["budget"], old, user=operator, add_child=add_child).passed
        new = unsaved_entry(catalog, portal, "单条导入（新）", slug="single-new")
        assert create_published_entry(catalog["budget"], new).passed
    finally:
        page_published.disconnect(dispatch_uid="test-single-route")
    assert added == [catalog["budget"].pk]
    old, new = (DisclosureEntry.objects.get(pk=e.pk) for e in (old, new))
    assert old.get_parent().pk == new.get_parent().pk == catalog["budget"].pk
    assert old.first_published_at == historic and old.last_published_at > historic
    assert new.first_published_at and new.last_published_at and new.first_published_at > historic
    for entry, user in ((old, operator), (new, None)):
        revision = entry.latest_revision
        assert entry.live and not entry.has_unpublished_changes and entry.live_revision_id == revision.pk
        assert revision.user == user
        published = {("gongkai.import_publish", revision.pk), ("gongkai.publication_check", revision.pk)}
        assert _logs(entry) == {("wagtail.create", None)} | published
        records = PageLogEntry.objects.filter(page=entry).exclude(action="wagtail.create")
        assert {(r.user, r.content_type.model_class()) for r in records} == {(user, DisclosureEntry)}
    assert announced == [
        (DisclosureEntry, old.pk, old.live_revision_id),
        (DisclosureEntry, new.pk, new.live_revision_id),
    ]


def test_the_single_entry_route_leaves_a_refused_entry_a_draft(catalog, portal):
    entry = unsaved_entry(catalog, portal, "身份证110105194912310011的信息", slug="single-refused")
    assert not create_published_entry(catalog["budget"], entry).passed
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert not entry.live and entry.live_revision_id is None and entry.first_published_at is None
    assert entry.latest_revision is not None and _logs(entry) == {("wagtail.create", None)}


def test_the_single_entry_route_leaves_the_callers_object_as_the_row(catalog, portal):
    """The caller (and every ``page_published`` receiver) holds the object the row was written from."""
    entry = unsaved_entry(catalog, portal, "单条导入（对象）", slug="single-object")
    assert create_published_entry(catalog["budget"], entry).passed
    row = DisclosureEntry.objects.get(pk=entry.pk)
    assert (entry.live, entry.has_unpublished_changes, entry.live_revision) == (True, False, row.live_revision)
    assert row.live_revision_id == row.latest_revision_id is not None
