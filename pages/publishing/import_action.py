"""The import route: the operator's ``import_entries --publish`` (no user) publishes history."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.signals import page_published

from .admission import admit_for_publication, record_check
from .publish_action import EntryPublishAction

IMPORT_PUBLISH_LOG_ACTION = "gongkai.import_publish"


class ImportPublishAction(EntryPublishAction):
    authorised = True  # an operator's command: no user, no approval chain; the guards apply

    def __init__(self, revision, **kwargs):
        kwargs.setdefault("log_action", IMPORT_PUBLISH_LOG_ACTION)
        super().__init__(revision, **kwargs)


@transaction.atomic
def create_published_entry(parent, entry, user=None, add_child=None):
    """Create ``entry`` under ``parent`` and publish it if the guards pass.

    For imported history: the row is written live with its 索引号, one
    revision becomes both latest and live, and the same audit records and
    ``page_published`` signal as any other publication follow.
    """
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
