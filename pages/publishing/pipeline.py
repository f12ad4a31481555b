"""The one publishing pipeline: its two entry points.

Every route to the public is an action class (one per file) that runs the same admission
step (``admission.admit_for_publication``): the guards' verdict, computed once per
publication, then the 索引号 and 发布日期, then the audit record of the verdict (保密审查).

* ``EntryPublishAction`` (``publish_action``): a plain ``Revision.publish()`` — the admin, bulk
  actions — publishes only a revision approved at every step or force-published;
  ``DisclosureEntry.publish()`` picks it, or ``ScheduledPublishAction`` for the scheduler;
* ``WorkflowPublishAction``: the last approval (``workflows.finish``);
* ``ForcePublishAction``: 强制发布; ``RetractEntryAction``: 撤回;
* ``ImportPublishAction`` through ``publish_entry()``, and ``create_published_entry()`` for
  imported history, which creates the page live in one write.

None bypasses the guards; a refused entry stays a draft.
"""

from .admission import (  # noqa: F401 - the pipeline's vocabulary, importable from here
    GUARD_LOG_ACTION,
    REFUSED_LOG_ACTION,
    PublicationRefused,
    admit_for_publication,
    record_check,
    record_refusal,
)
from .approval import NotApproved, approved_for  # noqa: F401
from .guards import check_publication
from .import_action import (  # noqa: F401
    IMPORT_PUBLISH_LOG_ACTION,
    ImportPublishAction,
    PublishedBatch,
    create_published_entry,
)
from .publish_action import EntryPublishAction  # noqa: F401


def publish_entry(entry, user=None, *, action=ImportPublishAction, revision=None):
    """Publish an existing entry (its latest revision, or ``revision``) by the route ``action``.

    Returns the guards' verdict; when it did not pass nothing was published. Operator routes
    (the import) pass no user and skip the permission check, never the guards.
    """
    if revision is None:
        verdict = check_publication(entry)
        if not verdict.passed:
            return verdict
        revision = entry.save_revision(user=user, log_action=False, clean=False)
    else:
        verdict = check_publication(revision.as_object())
        if not verdict.passed:
            return verdict
    action(revision, user=user, verdict=verdict).execute(skip_permission_checks=user is None or action.authorised)
    return verdict
