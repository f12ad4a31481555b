import datetime
import threading

import pytest
from django.db import connection, connections

from pages.models import DisclosureEntry, IndexNumberSequence, validate_index_pattern
from pages.publishing.index_numbers import allocate_index_number, split_pattern
from pages.publishing.pipeline import publish_entry

from ..factories import new_entry


def test_pattern_split_keeps_literals_and_serial_format():
    scope, spec = split_pattern("{org_code}/{year}-{serial:05d}")
    assert spec == "05d"
    assert (
        scope.format(org_code="000014349", year=2017).replace("〈serial〉", format(110, spec)) == "000014349/2017-00110"
    )


@pytest.mark.parametrize("bad", ["{org_code}/{year}", "{org_code}/{serial}-{serial}", "{nope}-{serial}", "{serial"])
def test_invalid_patterns_are_refused_in_chinese(bad):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        validate_index_pattern(bad)
    assert "索引号" in str(exc.value)


def test_number_allocated_at_first_publication_and_stable(catalog):
    entry = new_entry(catalog["budget"], published_on=datetime.date(2017, 5, 2))
    assert entry.index_number is None
    assert publish_entry(entry).passed
    entry.refresh_from_db()
    assert entry.live and entry.index_number == "000014349/2017-00001"

    # Edit and republish: same number.
    entry.title = "2017年部门预算公开（更正）"
    publish_entry(entry)
    entry.refresh_from_db()
    assert entry.index_number == "000014349/2017-00001"

    # Unpublish, republish: same number; a second entry gets the next one.
    entry.unpublish()
    publish_entry(DisclosureEntry.objects.get(pk=entry.pk))
    assert DisclosureEntry.objects.get(pk=entry.pk).index_number == "000014349/2017-00001"
    other = new_entry(catalog["budget"], title="2017年部门决算公开", published_on=datetime.date(2017, 8, 1))
    publish_entry(other)
    assert DisclosureEntry.objects.get(pk=other.pk).index_number == "000014349/2017-00002"


def test_numbers_are_never_reused_after_deletion(catalog):
    first = new_entry(catalog["budget"], published_on=datetime.date(2024, 1, 5))
    publish_entry(first)
    number = DisclosureEntry.objects.get(pk=first.pk).index_number
    DisclosureEntry.objects.get(pk=first.pk).delete()
    second = new_entry(catalog["budget"], title="另一条", published_on=datetime.date(2024, 1, 6))
    publish_entry(second)
    assert DisclosureEntry.objects.get(pk=second.pk).index_number != number
    assert DisclosureEntry.objects.get(pk=second.pk).index_number.endswith("-00002")


def test_revision_created_before_first_publication_keeps_the_allocated_number(catalog):
    entry = new_entry(catalog["budget"])
    stale_revision = entry.save_revision()  # content has no 索引号
    publish_entry(entry)
    number = DisclosureEntry.objects.get(pk=entry.pk).index_number
    publish_entry(DisclosureEntry.objects.get(pk=entry.pk), revision=stale_revision)
    assert DisclosureEntry.objects.get(pk=entry.pk).index_number == number


def test_portal_pattern_and_department_code(catalog, portal):
    portal.index_pattern = "{body_code}-{dept}/{year}{month:02d}-{serial:04d}"
    portal.save()
    entry = new_entry(catalog["dibao"], title="2021年10月低保资金发放", published_on=datetime.date(2021, 10, 9))
    publish_entry(entry)
    assert DisclosureEntry.objects.get(pk=entry.pk).index_number == "000014349-民政/202110-0001"


def test_page_made_live_outside_the_pipeline_stays_draft(catalog):
    entry = new_entry(catalog["budget"])
    entry.live = True
    entry.save()
    assert not DisclosureEntry.objects.get(pk=entry.pk).live


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_publication_gives_unique_consecutive_numbers(catalog):
    """Several threads publish at the same moment on the configured database."""
    workers = 6
    entries = [
        new_entry(catalog["budget"], title=f"并发发布{i}", published_on=datetime.date(2026, 1, 2))
        for i in range(workers)
    ]
    barrier = threading.Barrier(workers)
    errors = []

    def work(pk):
        try:
            barrier.wait(timeout=10)
            publish_entry(DisclosureEntry.objects.get(pk=pk))
        except Exception as exc:  # surfaced below
            import traceback

            errors.append("".join(traceback.format_exception(exc)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(e.pk,)) for e in entries]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    numbers = sorted(
        DisclosureEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list("index_number", flat=True)
    )
    assert numbers == [f"000014349/2026-{i:05d}" for i in range(1, workers + 1)], connection.vendor
    assert IndexNumberSequence.objects.get(scope__startswith="000014349/2026-").last_serial == workers


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_allocation_stress(portal, catalog):
    """Raw allocator under contention: 4 threads x 25 numbers, no duplicates, no gaps."""
    entry = DisclosureEntry(portal=portal, department=catalog["finance"], published_on=datetime.date(2030, 1, 1))
    results, errors = [], []
    barrier = threading.Barrier(4)

    def work():
        try:
            barrier.wait(timeout=10)
            for _ in range(25):
                e = DisclosureEntry(portal=entry.portal, department=entry.department, published_on=entry.published_on)
                results.append(allocate_index_number(e))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sorted(results) == [f"000014349/2030-{i:05d}" for i in range(1, 101)]
