"""Which approved revisions the bulk publication of 批量审批 takes (``batch_action.eligible``),
called directly. The others go one at a time, where the page's own ``save()`` and Wagtail's
special cases (a publication scheduled for later, a new slug, aliases) do their part."""

import datetime

import time_machine
from django.utils import timezone
from wagtail.log_actions import LogContext

from pages.publishing.batch_action import eligible, log_row

from ..factories import new_entry


def pair(catalog, title, **changes):
    """A draft entry's row and its latest revision's object, with ``changes`` made in the revision."""
    entry = new_entry(catalog["budget"], title=title)
    obj = entry.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(obj, name, value)
    return entry, obj


def test_a_plain_revision_is_published_in_bulk(catalog):
    assert eligible(*pair(catalog, "批量发布的信息"))


def test_a_publication_scheduled_for_later_goes_one_at_a_time(catalog):
    entry, obj = pair(catalog, "定时发布的信息")
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        obj.go_live_at = now + datetime.timedelta(seconds=1)
        assert not eligible(entry, obj)
        obj.go_live_at = now  # due now: Wagtail publishes it at once, so the batch may
        assert eligible(entry, obj)
        obj.go_live_at = now - datetime.timedelta(days=1)
        assert eligible(entry, obj)


def test_a_revision_without_its_portal_or_its_department_goes_one_at_a_time(catalog):
    """``save()`` fills them in from the tree; ``bulk_update`` would not."""
    entry, obj = pair(catalog, "缺少门户的信息", portal_id=None)
    assert not eligible(entry, obj)
    obj.portal_id, obj.department_id = entry.portal_id, None
    assert not eligible(entry, obj)
    obj.department_id = entry.department_id
    assert eligible(entry, obj)


def test_a_new_slug_or_an_alias_goes_one_at_a_time(catalog):
    """Wagtail moves the URL paths of the page and its children, and updates aliases."""
    entry, obj = pair(catalog, "改了网址的信息", slug="renamed-entry")
    assert not eligible(entry, obj)
    entry, obj = pair(catalog, "有别名的信息")
    assert eligible(entry, obj)
    entry.create_alias(parent=catalog["dibao"], update_slug="alias-of-entry")
    assert not eligible(entry, obj)


def test_a_revision_the_page_would_refuse_goes_one_at_a_time(catalog):
    """The one-at-a-time path refuses it with the page's own messages."""
    entry, obj = pair(catalog, "成文日期晚于发布日期")
    obj.written_on = obj.published_on + datetime.timedelta(days=1)  # the page's clean()
    assert not eligible(entry, obj)
    entry, obj = pair(catalog, "标题为空")
    obj.title = ""  # a field's own check
    assert not eligible(entry, obj)


def test_a_batch_record_belongs_to_the_action_it_was_written_in(catalog, users):
    """As Wagtail's ``log()``: the log context's uuid groups one action's records (one request, one
    batch), and its user stands in for a missing one."""
    entry = new_entry(catalog["budget"], title="批量记录的信息")
    now = timezone.now()
    with LogContext(user=users["finance_editor"]) as context:
        row = log_row(entry, "wagtail.publish", None, None, None, now)
    assert (row.uuid, row.user, row.data, row.timestamp) == (context.uuid, users["finance_editor"], {}, now)
    assert row.content_type.model_class() is type(entry) and row.page_id == entry.pk
