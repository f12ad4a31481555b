"""The import route: the operator's ``import_entries --publish`` (no user) publishes history."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import Page
from wagtail.signals import page_published

from .admission import GUARD_LOG_ACTION, admit_for_publication, record_check
from .publish_action import EntryPublishAction

IMPORT_PUBLISH_LOG_ACTION = "gongkai.import_publish"


class ImportPublishAction(EntryPublishAction):
    authorised = True  # an operator's command: no user, no approval chain; the guards apply

    def __init__(self, revision, **kwargs):
        kwargs.setdefault("log_action", IMPORT_PUBLISH_LOG_ACTION)
        super().__init__(revision, **kwargs)


def create_published_entry(parent, entry, user=None, add_child=None):
    """Create ``entry`` under ``parent`` and publish it if the guards pass.

    For imported history: the row is written live with its 索引号, one
    revision becomes both latest and live, and the same audit records and
    ``page_published`` signal as any other publication follow.
    """
    # a block, not the decorator: mutmut mutates no decorated function (make mutation)
    with transaction.atomic():
        verdict = admit_for_publication(entry)
        entry.live = verdict.passed
        if verdict.passed:
            entry.first_published_at = entry.first_published_at or timezone.now()
            entry.last_published_at = timezone.now()
        if add_child:
            add_child(parent, entry)
        else:
            parent.add_child(instance=entry)
        revision = entry.save_revision(user=user, log_action=False, clean=False)
        if verdict.passed:
            entry.live_revision = revision
            entry.has_unpublished_changes = False
            Page.objects.filter(pk=entry.pk).update(live_revision=revision, has_unpublished_changes=False)
            log(instance=entry, action=IMPORT_PUBLISH_LOG_ACTION, user=user, revision=revision)
            record_check(entry, verdict, user, revision)
            page_published.send(sender=type(entry), instance=entry, revision=revision)
        return verdict


class PublishedBatch:
    """``create_published_entry`` for the many entries of one import, in its transaction.

    Per entry, as there: the guards' verdict, the 索引号, the page written live in one write and
    the ``page_published`` signal. The revision and the audit records (创建, 导入发布, 保密审查)
    are the same rows, written in bulk by ``flush()`` instead of one model save (with its
    ``full_clean`` foreign-key look-ups) each. Call ``flush()`` before the transaction commits.
    """

    def __init__(self, add_child, user=None):
        self.add_child, self.user = add_child, user
        self.pending = []

    def add(self, parent, entry):
        verdict = admit_for_publication(entry)
        now = timezone.now()
        entry.live = verdict.passed
        if verdict.passed:
            entry.first_published_at = entry.first_published_at or now
            entry.last_published_at = now
        entry.locale_id = entry.locale_id or parent.locale_id  # saves the default-locale look-up
        entry.draft_title, entry.latest_revision_created_at = entry.title, now
        entry.has_unpublished_changes = not verdict.passed
        self.add_child(parent, entry, log_action=None)  # its 创建 record is written by flush()
        self.pending.append((entry, verdict, now, get_active_log_context().uuid))
        return verdict

    def flush(self):
        from wagtail.models import PageLogEntry, Revision

        if not self.pending:
            return
        revisions = [
            Revision(
                content_type_id=entry.content_type_id,
                base_content_type_id=entry.get_base_content_type().pk,
                object_id=str(entry.pk),
                user=self.user,
                created_at=now,
                content=_new_page_data(entry),
                object_str=str(entry),
            )
            for entry, _, now, _ in self.pending
        ]
        Revision.objects.bulk_create(revisions)
        logs, published = [], []
        user = self.user or get_active_log_context().user
        for (entry, verdict, now, uuid), revision in zip(self.pending, revisions, strict=True):
            entry.latest_revision = revision
            entry.live_revision = revision if verdict.passed else None
            same = {
                "page_id": entry.pk,
                "content_type": ContentType.objects.get_for_model(entry, for_concrete_model=False),
                "label": str(entry) or f"{type(entry).__name__} object ({entry.pk})",
                "timestamp": now,
                "uuid": uuid,
            }
            logs.append(PageLogEntry(action="wagtail.create", user=user or entry.owner, content_changed=True, **same))
            if verdict.passed:
                logs.append(PageLogEntry(action=IMPORT_PUBLISH_LOG_ACTION, user=user, revision=revision, **same))
                data = verdict.as_dict()
                logs.append(PageLogEntry(action=GUARD_LOG_ACTION, user=user, revision=revision, data=data, **same))
                published.append((entry, revision))
        Page.objects.bulk_update([e for e, *_ in self.pending], ["latest_revision", "live_revision"], batch_size=500)
        PageLogEntry.objects.bulk_create(logs)
        self.pending.clear()
        for entry, revision in published:
            page_published.send(sender=type(entry), instance=entry, revision=revision)


def _new_page_data(entry):
    """The revision content of a page just created: it has no child rows yet, so they are not read."""
    from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

    names = [rel.get_accessor_name() for rel in get_all_child_relations(entry)]
    names += [field.name for field in get_all_child_m2m_relations(entry)]
    entry._cluster_related_objects = {name: [] for name in names}
    try:
        return entry.serializable_data()
    finally:
        del entry._cluster_related_objects
