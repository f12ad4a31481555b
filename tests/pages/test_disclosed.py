"""``DisclosureEntry.objects.disclosed()`` is the one public rule, the classification guard
included: in SQL it agrees with ``check_classification`` on the last day of every secrecy period
and the day after, so no public output can show what the pipeline would refuse."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pages.models import Classification, DisclosureEntry, Openness
from pages.models.secrecy import classification_passes, secrecy_last_day
from pages.publishing.guards import check_classification

from ..factories import new_entry

D = datetime.date.fromisoformat


def live_entry(catalog, **fields):
    """A live entry with a 索引号 (as the pipeline leaves it), then marked as the test needs."""
    entry = new_entry(catalog["budget"], title="定密测试")
    DisclosureEntry.objects.filter(pk=entry.pk).update(live=True, index_number=f"T/{entry.pk}", **fields)
    return DisclosureEntry.objects.get(pk=entry.pk)


def shown(entry, today):
    return DisclosureEntry.objects.disclosed(today).filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "level, years", [(Classification.SECRET, 10), (Classification.CONFIDENTIAL, 20), (Classification.TOP_SECRET, 30)]
)
def test_default_period_per_level_ends_the_same_day_for_the_guard_and_the_query(catalog, level, years):
    entry = live_entry(catalog, classification=level, classified_on=D("2000-05-10"))
    last_bound, free = D(f"{2000 + years}-05-10"), D(f"{2000 + years}-05-11")
    assert not check_classification(entry, last_bound).passed and not shown(entry, last_bound)
    assert check_classification(entry, free).passed and shown(entry, free)


def test_marked_period_overrides_the_default(catalog):
    entry = live_entry(
        catalog,
        classification=Classification.TOP_SECRET,
        classified_on=D("2020-01-15"),
        secrecy_period_years=5,
        secrecy_period_basis="定密审批表2001-7号",
    )
    assert not shown(entry, D("2025-01-15")) and shown(entry, D("2025-01-16"))
    assert check_classification(entry, D("2025-01-16")).passed


def test_29_february_is_free_from_1_march_when_the_year_has_none(catalog):
    entry = live_entry(catalog, classification=Classification.SECRET, classified_on=D("2016-02-29"))
    for day, free in ((D("2026-02-28"), False), (D("2026-03-01"), True)):
        assert check_classification(entry, day).passed is free and shown(entry, day) is free, day
    leap = live_entry(
        catalog,
        classification=Classification.SECRET,
        classified_on=D("2020-02-29"),
        secrecy_period_years=8,
        secrecy_period_basis="定密审批表2001-7号",
    )
    assert not shown(leap, D("2028-02-29")) and shown(leap, D("2028-03-01"))


def test_recorded_declassification_and_missing_date(catalog):
    declassified = live_entry(
        catalog,
        classification=Classification.CONFIDENTIAL,
        classified_on=D("2024-01-01"),
        declassified_on=D("2025-01-01"),
        declassified_by="张局长",
        declassification_basis="保密审查会议决定",
    )
    undated = live_entry(catalog, classification=Classification.SECRET)
    today = D("2025-06-01")
    assert shown(declassified, today) and check_classification(declassified, today).passed
    assert not shown(undated, today) and not check_classification(undated, today).passed
    # Half a record is no declassification.
    DisclosureEntry.objects.filter(pk=declassified.pk).update(declassification_basis="")
    assert not shown(declassified, today)


def test_the_rest_of_the_rule(catalog):
    entry = live_entry(catalog)
    today = D("2025-06-01")
    assert shown(entry, today)
    DisclosureEntry.objects.filter(pk=entry.pk).update(openness=Openness.ON_REQUEST)
    assert not shown(entry, today)
    DisclosureEntry.objects.filter(pk=entry.pk).update(openness=Openness.PROACTIVE, index_number=None)
    assert not shown(entry, today)
    DisclosureEntry.objects.filter(pk=entry.pk).update(index_number="T/1", live=False)
    assert not shown(entry, today)


def test_a_shortened_period_counts_only_with_its_recorded_basis(catalog):
    """机密 marked with 1 year passed silently (issue 12, Low): without a basis the default holds,
    for the guard and the query alike, and the form refuses it."""
    bare = live_entry(
        catalog, classification=Classification.CONFIDENTIAL, classified_on=D("2023-03-01"), secrecy_period_years=1
    )
    refused = check_classification(bare, D("2025-06-01"))
    assert (
        not refused.passed
        and "保密期限至2043-03-01（标注的1年短于法定期限且未记录依据，按法定期限计）" in refused.message
    )
    assert not shown(bare, D("2025-06-01"))
    with pytest.raises(ValidationError) as invalid:
        bare.full_clean(exclude=["path", "depth", "slug", "url_path", "content_type", "translation_key", "locale"])
    assert invalid.value.message_dict["secrecy_period_basis"] == ["保密期限短于法定期限（机密20年），必须填写依据"]
    founded = live_entry(
        catalog,
        classification=Classification.CONFIDENTIAL,
        classified_on=D("2023-03-01"),
        secrecy_period_years=1,
        secrecy_period_basis="保密期限变更决定〔2023〕5号",
    )
    assert check_classification(founded, D("2025-06-01")).passed and shown(founded, D("2025-06-01"))
    # A longer period than the default needs no basis.
    longer = live_entry(
        catalog, classification=Classification.SECRET, classified_on=D("2000-03-01"), secrecy_period_years=30
    )
    assert not shown(longer, D("2025-06-01")) and not check_classification(longer, D("2025-06-01")).passed


@pytest.mark.parametrize("missing", ["declassified_on", "declassified_by", "declassification_basis"])
def test_each_part_of_the_declassification_record_is_needed(catalog, missing):
    """A date, who decided and on what basis: with any one missing the mark still binds."""
    record = {
        "declassified_on": D("2025-01-01"),
        "declassified_by": "张局长",
        "declassification_basis": "保密审查会议决定",
    }
    record[missing] = None if missing == "declassified_on" else ""
    entry = live_entry(catalog, classification=Classification.CONFIDENTIAL, classified_on=D("2024-01-01"), **record)
    assert not shown(entry, D("2025-06-01")) and not check_classification(entry, D("2025-06-01")).passed


def test_the_classification_rule_is_false_not_unknown_for_a_mark_without_its_date(catalog):
    """The rule's Q is two-valued: for a mark without its 定密日期 it is false, not NULL, so its
    negation (what the classification holds back) finds the entry too."""
    undated = live_entry(catalog, classification=Classification.SECRET)
    expired = live_entry(catalog, classification=Classification.SECRET, classified_on=D("2000-01-01"))
    marked = DisclosureEntry.objects.alias(secrecy_last_day=secrecy_last_day())
    held_back = marked.exclude(classification_passes(D("2025-06-01"))).filter(pk__in=[undated.pk, expired.pk])
    assert list(held_back.values_list("pk", flat=True)) == [undated.pk]
