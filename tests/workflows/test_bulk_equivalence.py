"""The bulk path of 批量提交/审核/审批 (``workflows.bulk``, issue 19) writes the rows the one-at-a-time
path writes: workflow and task states, audit records, revisions, the live page, its 索引号, the
change record, the outbox and both search indexes — compared entry by entry, ids, times and
serials aside. And it refuses per entry what the one-at-a-time path refuses."""

import datetime
import re

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, TaskState, WorkflowState

from pages.models import DisclosureEntry
from pages.models.changes import EntryChange
from search.models import IndexOutbox, SearchDocument
from workflows.services import approve, approve_many, submit, submit_many

from ..factories import make_user, new_entry, refreshed


def _normal(value, marker, ids):
    """Task state ids → their rank in the entry's; the title's marker → «X»; dates out."""
    if isinstance(value, dict):
        return {
            k: ids.get(v, v) if k == "task_state_id" else _normal(v, marker, ids)
            for k, v in value.items()
            if k not in ("created", "timestamp")
        }
    if isinstance(value, list):
        return [_normal(v, marker, ids) for v in value]
    return value.replace(marker, "X") if isinstance(value, str) else value


OWN = {"id", "page_ptr", "path", "slug", "url_path", "translation_key"}  # each page's own


def _field(entry, field, marker, rank):
    value = getattr(entry, field.attname)
    if field.name in ("live_revision", "latest_revision"):
        return rank.get(value)
    if field.name == "index_number":
        return re.sub(r"\d+$", "N", value or "")  # the serial differs
    if hasattr(value, "tzinfo"):
        return value is not None  # a time, set or not
    return value.replace(marker, "X") if isinstance(value, str) else value


def snapshot(entry, marker):
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    names = dict(DisclosureEntry._meta.apps.get_model("auth", "User").objects.values_list("pk", "username"))
    revisions = list(Revision.objects.filter(object_id=str(entry.pk)).order_by("pk"))
    states = list(WorkflowState.objects.filter(object_id=str(entry.pk)).order_by("pk"))
    tasks = list(TaskState.objects.filter(workflow_state__in=states).order_by("pk"))
    rank = {r.pk: f"revision{n}" for n, r in enumerate(revisions)}
    task_rank = {t.pk: f"task{n}" for n, t in enumerate(tasks)}
    logs = PageLogEntry.objects.filter(page_id=entry.pk).order_by("pk")
    admin_index = apps.get_model("wagtailsearch", "IndexEntry").objects.filter(
        content_type=ContentType.objects.get_for_model(DisclosureEntry), object_id=str(entry.pk)
    )
    document = SearchDocument.objects.filter(entry_id=entry.pk).values().first() or {}
    return {
        "page": {f.name: _field(entry, f, marker, rank) for f in entry._meta.concrete_fields if f.name not in OWN},
        "published_once": entry.first_published_at == entry.last_published_at,
        "revisions": [
            (names.get(r.user_id), r.approved_go_live_at, r.content["title"].replace(marker, "X")) for r in revisions
        ],
        "states": [
            (s.status, names.get(s.requested_by_id), task_rank.get(s.current_task_state_id), s.workflow_id)
            for s in states
        ],
        "tasks": [
            (
                t.task.name,
                t.status,
                names.get(t.finished_by_id),
                t.comment,
                rank.get(t.revision_id),
                t.content_type_id,
                bool(t.finished_at),
            )
            for t in tasks
        ],
        "logs": [
            (
                log.action,
                names.get(log.user_id),
                _normal(log.data, marker, task_rank),
                rank.get(log.revision_id),
                log.content_changed,
                log.deleted,
                log.content_type_id,
                log.label.replace(marker, "X"),
            )
            for log in logs
        ],
        "changes": list(
            EntryChange.objects.filter(entry_id=entry.pk).order_by("pk").values_list("was_public", flat=True)
        ),
        "outbox": sorted(IndexOutbox.objects.filter(entry_id=entry.pk).values_list("target", flat=True)),
        "search": {
            k: _normal(v, marker, {})
            for k, v in document.items()
            if k not in ("entry_id", "indexed_at", "url", "index_number")
        },
        "admin_index": [row.title.split(" ")[0].replace(marker, "X") for row in admin_index],  # then bigrams
    }


def test_the_bulk_path_writes_what_the_one_at_a_time_path_writes(catalog, roles, django_capture_on_commit_callbacks):
    single = [new_entry(catalog["budget"], title=f"等价单{n}号：部门预算") for n in range(3)]
    batch = [new_entry(catalog["budget"], title=f"等价批{n}号：部门预算") for n in range(3)]
    for entry in single:
        with django_capture_on_commit_callbacks(execute=True):
            submit(refreshed(entry), roles["editor"])
        with django_capture_on_commit_callbacks(execute=True):
            approve(refreshed(entry), roles["reviewer"])
        with django_capture_on_commit_callbacks(execute=True):
            approve(refreshed(entry), roles["leader"])
    with django_capture_on_commit_callbacks(execute=True):
        assert len(submit_many([refreshed(e) for e in batch], roles["editor"]).passed) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert len(approve_many([refreshed(e) for e in batch], roles["reviewer"]).passed) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert len(approve_many([refreshed(e) for e in batch], roles["leader"]).passed) == 3
    for n, (one, many) in enumerate(zip(single, batch, strict=True)):
        expected, got = snapshot(one, f"单{n}号"), snapshot(many, f"批{n}号")
        assert expected["page"]["live"] and expected["logs"] and expected["search"] and expected["admin_index"]
        for key in expected:
            assert got[key] == expected[key], key


def test_a_batch_refuses_per_entry_and_writes_nothing_for_the_refused(catalog, roles):
    # The submitter who is also a reviewer, the author of a revision, a reviewer of another
    # department, a leader approving at the department's step: each refused; the others pass.
    both = make_user("editor_reviewer2", catalog["finance"].editors_group, catalog["finance"].reviewers_group)
    own = new_entry(catalog["budget"], title="本人提交的信息")
    authored = new_entry(catalog["budget"], title="本人修改的信息")
    fine = new_entry(catalog["budget"], title="他人提交的信息")
    submit_many([own], both)
    submit_many([authored, fine], roles["editor"])
    edited = refreshed(authored)
    edited.title = "本人修改的信息（审核中修改）"
    edited.save_revision(user=both)  # the approver edits under review: that entry goes one at a time
    logs = PageLogEntry.objects.count()
    assert not approve_many([refreshed(fine)], roles["other_reviewer"]).passed
    assert approve_many([refreshed(fine)], roles["leader"]).refused[0][1] == "无权执行此审核操作"
    assert PageLogEntry.objects.count() == logs
    result = approve_many([refreshed(e) for e in (own, authored, fine)], both)
    assert [e.pk for e in result.passed] == [fine.pk]
    assert [reason for _, reason in result.refused] == ["无权执行此审核操作", "无权执行此审核操作"]
    assert refreshed(own).current_workflow_task.name == "部门审核"
    assert refreshed(authored).current_workflow_task.name == "部门审核"
    assert refreshed(fine).current_workflow_task.name == "领导审批"
    again = approve_many([refreshed(fine)], both)
    assert [reason for _, reason in again.refused] == ["无权执行此审核操作"]  # not a leader
    done = approve_many([refreshed(fine)], roles["leader"])
    assert [e.pk for e in done.passed] == [fine.pk] and refreshed(fine).live
    twice = approve_many([refreshed(fine)], roles["leader2"])
    assert [reason for _, reason in twice.already] == ["已处理：此信息的审核已全部通过，无需重复操作"]


def test_an_entry_edited_under_review_goes_the_one_at_a_time_way_in_a_batch(catalog, roles):
    entries = [new_entry(catalog["budget"], title=f"审核中修改{n}") for n in range(2)]
    submit_many(entries, roles["editor"])
    approve_many([refreshed(e) for e in entries], roles["reviewer"])
    edited = refreshed(entries[0])
    edited.title = "审核中修改0（领导修改）"
    edited.save_revision(user=roles["reviewer"])  # a new revision after the department's approval
    result = approve_many([refreshed(e) for e in entries], roles["leader"])
    # As one at a time: the new revision needs the department's approval again; the other publishes.
    assert [e.pk for e in result.passed] == [e.pk for e in entries]
    assert refreshed(entries[0]).current_workflow_task.name == "部门审核" and not refreshed(entries[0]).live
    assert refreshed(entries[1]).live


def _edited_under_review(entry, user, **changes):
    """A published entry's new revision, as an editor saves it."""
    draft = refreshed(entry)
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision(user=user)
    return refreshed(entry)


def test_a_published_entry_edited_again_is_recorded_as_one_at_a_time(
    catalog, roles, django_capture_on_commit_callbacks
):
    """Published once, then edited: a new title is recorded as a rename (old and new title), an
    unchanged one is not — as Wagtail records a revision that has a previous one."""
    entries = {}
    for way in ("单", "批"):
        entries[way] = [new_entry(catalog["budget"], title=f"再编{way}{n}号：部门预算") for n in range(3)]
        for entry in entries[way]:
            with django_capture_on_commit_callbacks(execute=True):
                submit(refreshed(entry), roles["editor"])
                approve(refreshed(entry), roles["reviewer"])
                approve(refreshed(entry), roles["leader"])
        renamed, edited, retitled = entries[way]
        _edited_under_review(renamed, roles["editor"], title=f"再编{way}0号：部门预算（更正）")
        _edited_under_review(edited, roles["editor"], body="<p>本年度预算收入合计130万元。</p>")
        _edited_under_review(retitled, roles["editor"], title=f"再编{way}2号：部门预算（调整）")
    for entry in entries["单"]:
        with django_capture_on_commit_callbacks(execute=True):
            submit(refreshed(entry), roles["editor"])
            approve(refreshed(entry), roles["reviewer"])
            approve(refreshed(entry), roles["leader"])
    batch = entries["批"]
    with django_capture_on_commit_callbacks(execute=True):
        assert len(submit_many([refreshed(e) for e in batch], roles["editor"]).passed) == 3
        assert len(approve_many([refreshed(e) for e in batch], roles["reviewer"]).passed) == 3
        assert len(approve_many([refreshed(e) for e in batch], roles["leader"]).passed) == 3
    for n, (one, many) in enumerate(zip(entries["单"], batch, strict=True)):
        expected, got = snapshot(one, f"单{n}号"), snapshot(many, f"批{n}号")
        renames = [log for log in expected["logs"] if log[0] == "wagtail.rename"]
        assert len(renames) == (0 if n == 1 else 1), renames
        for key in expected:
            assert got[key] == expected[key], key


def test_a_batch_entry_edited_before_a_newer_entry_is_still_recorded_as_a_rename(catalog, roles):
    """Which pages have an earlier revision is read per page, not from the batch's other pages:
    here every revision of the other entry is newer than the renamed entry's."""
    renamed = new_entry(catalog["budget"], title="先改名的信息")
    submit(refreshed(renamed), roles["editor"])
    approve(refreshed(renamed), roles["reviewer"])
    approve(refreshed(renamed), roles["leader"])
    renamed = _edited_under_review(renamed, roles["editor"], title="先改名的信息（更正）")
    fresh = new_entry(catalog["budget"], title="后起草的信息")
    submit_many([renamed, refreshed(fresh)], roles["editor"])
    approve_many([refreshed(renamed), refreshed(fresh)], roles["reviewer"])
    assert len(approve_many([refreshed(renamed), refreshed(fresh)], roles["leader"]).passed) == 2
    renames = PageLogEntry.objects.filter(action="wagtail.rename", page_id__in=[renamed.pk, fresh.pk])
    assert [(log.page_id, log.data["title"]) for log in renames] == [
        (renamed.pk, {"old": "先改名的信息", "new": "先改名的信息（更正）"})
    ]


def test_the_bulk_path_sends_the_publication_signals_one_at_a_time_sends(catalog, roles):
    """Receivers outside the project (a front-end cache purge, say) get what Wagtail sends."""
    from wagtail.signals import page_published, published

    sent = []

    def receiver(signal, sender, instance, revision, **kwargs):
        sent.append((signal is page_published, sender, type(instance), instance.pk, revision.pk))

    page_published.connect(receiver, dispatch_uid="test-bulk-signals-page-published")
    published.connect(receiver, dispatch_uid="test-bulk-signals-published")
    try:
        expected = []
        for way, many in (("单", False), ("批", True)):
            entry = new_entry(catalog["budget"], title=f"信号{way}")
            for user in ("editor", "reviewer", "leader"):
                if many:
                    (submit_many if user == "editor" else approve_many)([refreshed(entry)], roles[user])
                else:
                    (submit if user == "editor" else approve)(refreshed(entry), roles[user])
            revision = refreshed(entry).live_revision_id
            expected += [(flag, DisclosureEntry, DisclosureEntry, entry.pk, revision) for flag in (True, False)]
    finally:
        page_published.disconnect(dispatch_uid="test-bulk-signals-page-published")
        published.disconnect(dispatch_uid="test-bulk-signals-published")
    assert sorted(sent, key=str) == sorted(expected, key=str)


def test_a_batch_stores_its_text_without_control_characters_as_a_save_does(catalog, roles):
    entry = new_entry(catalog["budget"], title="控制字符的信息")
    entry = _edited_under_review(entry, roles["editor"], title="控制\x08字符的信息\x0b")  # pasted from Word
    assert "\x08" in entry.get_latest_revision_as_object().title  # the revision keeps what was typed
    submit_many([entry], roles["editor"])
    approve_many([refreshed(entry)], roles["reviewer"])
    assert approve_many([refreshed(entry)], roles["leader"]).passed
    assert refreshed(entry).live and refreshed(entry).title == "控制字符的信息"


def test_a_batch_leaves_another_entrys_scheduled_publication(catalog, roles):
    """Publishing clears the scheduled time of the published entries' revisions only (Wagtail's
    step; an entry with a scheduled revision is locked, so no batch holds one)."""
    scheduled = new_entry(
        catalog["budget"], title="定时发布的信息", go_live_at=timezone.now() + datetime.timedelta(days=7)
    )
    submit(refreshed(scheduled), roles["editor"])
    approve(refreshed(scheduled), roles["reviewer"])
    approve(refreshed(scheduled), roles["leader"])
    waiting = Revision.objects.filter(approved_go_live_at__isnull=False)
    assert [int(r.object_id) for r in waiting] == [scheduled.pk] and not refreshed(scheduled).live
    now = new_entry(catalog["budget"], title="立即发布的信息")
    submit_many([now], roles["editor"])
    approve_many([refreshed(now)], roles["reviewer"])
    assert approve_many([refreshed(now)], roles["leader"]).passed and refreshed(now).live
    assert [int(r.object_id) for r in waiting.all()] == [scheduled.pk]


def test_the_bulk_path_sends_pre_save_as_a_save_does(catalog, roles):
    """Receivers of ``pre_save`` (the project's text cleaning, Wagtail's locale) get what
    ``Model.save()`` sends: not raw, the default database, no ``update_fields``."""
    from django.db.models.signals import pre_save

    entry = new_entry(catalog["budget"], title="保存信号的信息")
    submit_many([entry], roles["editor"])
    approve_many([refreshed(entry)], roles["reviewer"])
    sent = []

    def receiver(sender, instance, **kwargs):
        sent.append((sender, instance.pk, *(kwargs.get(k, "none sent") for k in ("raw", "using", "update_fields"))))

    pre_save.connect(receiver, sender=DisclosureEntry, dispatch_uid="test-bulk-pre-save")
    try:
        assert approve_many([refreshed(entry)], roles["leader"]).passed
    finally:
        pre_save.disconnect(sender=DisclosureEntry, dispatch_uid="test-bulk-pre-save")
    assert sent == [(DisclosureEntry, entry.pk, False, "default", None)]


def test_a_batch_reads_the_revisions_in_the_same_queries_however_large(catalog, roles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (1, 3):
        batch = [new_entry(catalog["budget"], title=f"批量{size}之{n}") for n in range(size)]
        submit_many(batch, roles["editor"])
        approve_many([refreshed(e) for e in batch], roles["reviewer"])
        with CaptureQueriesContext(connection) as queries:
            assert len(approve_many([refreshed(e) for e in batch], roles["leader"]).passed) == size
        counts.append(sum(q["sql"].startswith("SELECT") and '"wagtailcore_revision"' in q["sql"] for q in queries))
    assert counts[0] == counts[1], counts
