"""The workflow route in bulk (批量审批, issue 19): many approved revisions published together.

Per entry, as ``WorkflowPublishAction`` does it: the caller has already had ``approved_for`` and
the guards' verdict pass; then the 索引号 and 发布日期 (``admit_for_publication``), Wagtail's
publication fields (live, live revision, first/last published, not expired), the records
(改名 when the title changed, 发布, 保密审查) and the ``page_published`` signal. Written once for
the batch: the pages (``bulk_update`` of the fields whose value differs from the row, so each row
ends as ``save()`` would leave it), the revisions' ``approved_go_live_at``,
the records, the change record (``pages.changes``, hence the public search's outbox), the admin
search index and the reference index. ``eligible`` says which revisions may take this route; the
others (a publication scheduled for later, a changed slug, aliases) go one at a time.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import pre_save
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

from .admission import GUARD_LOG_ACTION, admit_for_publication


def eligible(entry, obj):
    """May ``obj`` (the revision's object of the page row ``entry``) be published in bulk? It
    passes the checks of the page's own save (fields and ``clean``; the foreign keys and unique
    columns are the database's constraints) and needs none of Wagtail's special cases."""
    if obj.go_live_at and obj.go_live_at > timezone.now():
        return False
    if obj.portal_id is None or obj.department_id is None:
        return False
    if obj.slug != entry.slug or Page.objects.filter(alias_of_id=entry.pk).exists():
        return False
    try:
        obj.clean_fields(exclude=[f.name for f in obj._meta.concrete_fields if f.is_relation])
        obj.clean()
    except ValidationError:
        return False  # the one-at-a-time path refuses it with the page's own messages
    return True


def log_row(page, action, user, revision_id, data, now, content_changed=False):
    """An unsaved ``PageLogEntry`` with the fields Wagtail's ``log()`` gives it, for
    ``bulk_create`` (the batch paths of the import, 批量提交 and 批量审核/审批)."""
    from django.contrib.contenttypes.models import ContentType

    context = get_active_log_context()
    return PageLogEntry(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
        label=PageLogEntry.objects.get_instance_title(page),
        action=action,
        timestamp=now,
        data=data or {},
        user=user or context.user,
        uuid=context.uuid,
        revision_id=revision_id,
        content_changed=content_changed,
        page_id=page.pk,
    )


def publish_revisions(items, user):
    """Publish each (page row, revision, its object, guards' verdict); the revision is the latest."""
    from modelsearch.backends import get_search_backends
    from wagtail.models import ReferenceIndex

    from pages.changes import record_saved

    if not items:
        return
    # a block, not the decorator: mutmut mutates no decorated function (make mutation)
    with transaction.atomic():
        now = timezone.now()
        first = set()  # the pages whose revision has a previous one (Wagtail's revision.get_previous())
        for rev in Revision.objects.filter(
            base_content_type_id=items[0][1].base_content_type_id, object_id__in=[str(e.pk) for e, *_ in items]
        ).only("object_id", "created_at"):
            first |= {
                r.object_id for _, r, *_ in items if r.object_id == rev.object_id and rev.created_at < r.created_at
            }
        logs, by_class = [], {}
        for entry, revision, obj, verdict in items:
            admit_for_publication(obj, verdict)
            obj.live, obj.has_unpublished_changes, obj.expired = True, False, False
            obj.last_published_at, obj.live_revision = now, revision
            obj.first_published_at = obj.first_published_at or now
            data = None
            if revision.object_id in first and str(obj) != str(entry):  # revision.get_previous() exists
                data = {"title": {"old": str(entry), "new": str(obj)}}
                logs.append(log_row(obj, "wagtail.rename", user, revision.pk, data, now))
            logs.append(log_row(obj, "wagtail.publish", user, revision.pk, data, now, content_changed=True))
            logs.append(log_row(obj, GUARD_LOG_ACTION, user, revision.pk, verdict.as_dict(), now))
            pre_save.send(sender=type(obj), instance=obj, raw=False, using="default", update_fields=None)
            changed = {
                f.name
                for f in obj._meta.concrete_fields
                if not f.primary_key and getattr(obj, f.attname) != getattr(entry, f.attname)
            }
            group = by_class.setdefault(type(obj), (set(), []))
            group[0].update(changed)
            group[1].append(obj)
        for model, (fields, objs) in by_class.items():
            model.objects.bulk_update(objs, sorted(fields))
        Revision.objects.filter(
            base_content_type_id=items[0][1].base_content_type_id, object_id__in=[str(e.pk) for e, *_ in items]
        ).update(approved_go_live_at=None)
        objs = [obj for _, _, obj, _ in items]
        record_saved(objs)  # the change record and the public search's outbox, as a save records them
        for obj in objs:
            ReferenceIndex.create_or_update_for_object(obj)
        PageLogEntry.objects.bulk_create(logs)
        for _, revision, obj, _ in items:
            page_published.send(sender=type(obj), instance=obj, revision=revision)
            published.send(sender=type(obj), instance=obj, revision=revision)
        models = {type(obj): [o.pk for o in objs if type(o) is type(obj)] for obj in objs}

        def index_admin_search():
            for model, pks in models.items():
                rows = list(model.objects.filter(pk__in=pks))
                for backend in get_search_backends(with_auto_update=True):
                    backend.add_bulk(model, rows)

        transaction.on_commit(index_admin_search)
