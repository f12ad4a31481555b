"""The classification guard (保密审查, 保守国家秘密法): a 秘密/机密/绝密 entry is refused until its
secrecy period is over or a declassification is recorded.

The period runs from the 定密日期 for the marked number of years, else the statutory default
(秘密 10, 机密 20, 绝密 30 years). As for any period counted in years (民法典 Art. 201, 202), the
marking day itself is not counted, so the corresponding day N years later is the *last day the
mark binds* (``secrecy_expires_on()``): refused on that day, published from the day after.
"""

import datetime

import pytest

from pages.models import DEFAULT_SECRECY_YEARS, Classification, DisclosureEntry
from pages.publishing.guards import check_classification, check_publication

D = datetime.date
MARKED = D(2001, 6, 15)
DEFAULT_YEARS = [(Classification.SECRET, 10), (Classification.CONFIDENTIAL, 20), (Classification.TOP_SECRET, 30)]


def marked(level, on=MARKED, years=None, **fields):
    return DisclosureEntry(
        title="涉密文件", classification=level, classified_on=on, secrecy_period_years=years, **fields
    )


def test_the_statutory_defaults_are_10_20_30_years():
    assert {Classification(k): v for k, v in DEFAULT_SECRECY_YEARS.items()} == dict(DEFAULT_YEARS)


@pytest.mark.parametrize("level, years", DEFAULT_YEARS)
def test_default_period_binds_through_its_last_day(level, years):
    entry = marked(level)
    last_day = D(MARKED.year + years, 6, 15)
    assert entry.secrecy_expires_on() == last_day
    on_last_day = check_classification(entry, today=last_day)
    assert not on_last_day.passed and f"保密期限至{last_day:%Y-%m-%d}" in on_last_day.message
    day_after = check_classification(entry, today=last_day + datetime.timedelta(days=1))
    assert day_after.passed and f"保密期限已于{last_day:%Y-%m-%d}届满" in day_after.message


@pytest.mark.parametrize("level, years", DEFAULT_YEARS)
def test_default_period_is_not_the_next_levels(level, years):
    """A year before the default ends it still binds; so a shorter default would be caught."""
    entry = marked(level)
    assert not check_classification(entry, today=D(MARKED.year + years - 1, 12, 31)).passed
    assert check_classification(entry, today=D(MARKED.year + years + 1, 1, 1)).passed


@pytest.mark.parametrize("level", [c for c, _ in DEFAULT_YEARS])
def test_a_marked_period_replaces_the_default(level):
    entry = marked(level, years=3, secrecy_period_basis="定密审批表2001-7号")
    assert entry.secrecy_expires_on() == D(2004, 6, 15)
    assert not check_classification(entry, today=D(2004, 6, 15)).passed
    assert check_classification(entry, today=D(2004, 6, 16)).passed
    longer = marked(level, years=40)
    assert not check_classification(longer, today=D(2041, 6, 15)).passed
    assert check_classification(longer, today=D(2041, 6, 16)).passed


def test_marked_on_29_february_ends_on_28_february():
    entry = marked(Classification.SECRET, on=D(2020, 2, 29))
    assert entry.secrecy_expires_on() == D(2030, 2, 28)
    assert not check_classification(entry, today=D(2030, 2, 28)).passed
    assert check_classification(entry, today=D(2030, 3, 1)).passed


def test_unclassified_passes_and_has_no_period():
    entry = DisclosureEntry(title="公开文件", classification=Classification.NONE, classified_on=MARKED)
    assert entry.secrecy_expires_on() is None
    result = check_classification(entry, today=MARKED)
    assert result.passed and result.message == "非涉密"


@pytest.mark.parametrize("level", [c for c, _ in DEFAULT_YEARS])
def test_a_mark_without_its_date_is_refused_for_ever(level):
    entry = DisclosureEntry(title="缺定密日期", classification=level)
    assert entry.secrecy_expires_on() is None
    result = check_classification(entry, today=D(2200, 1, 1))
    assert not result.passed and "缺少定密日期" in result.message


def test_recorded_declassification_passes_inside_the_period():
    entry = marked(
        Classification.TOP_SECRET,
        declassified_on=D(2010, 1, 4),
        declassified_by="县保密局",
        declassification_basis="县保密局解密通知",
    )
    result = check_classification(entry, today=D(2010, 1, 5))
    assert result.passed
    assert "已于2010-01-04由县保密局解密" in result.message and "县保密局解密通知" in result.message


@pytest.mark.parametrize("missing", ["declassified_on", "declassified_by", "declassification_basis"])
def test_an_incomplete_declassification_record_does_not_declassify(missing):
    record = {"declassified_on": D(2010, 1, 4), "declassified_by": "县保密局", "declassification_basis": "解密通知"}
    record[missing] = None if missing == "declassified_on" else ""
    entry = marked(Classification.SECRET, **record)
    assert not check_classification(entry, today=D(2010, 1, 5)).passed


def test_today_defaults_to_the_local_date(time_machine):
    time_machine.move_to(datetime.datetime(2011, 6, 15, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    entry = marked(Classification.SECRET)  # last day 2011-06-15
    assert not check_classification(entry).passed
    time_machine.move_to(datetime.datetime(2011, 6, 16, 0, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    assert check_classification(entry).passed


@pytest.mark.django_db
def test_check_publication_applies_the_same_boundary(catalog):
    from ..factories import new_entry

    entry = new_entry(catalog["budget"], classification=Classification.CONFIDENTIAL, classified_on=MARKED)
    assert not check_publication(entry, today=D(2021, 6, 15)).passed
    assert check_publication(entry, today=D(2021, 6, 16)).passed


def test_the_refusal_names_a_short_period_counted_as_the_default(db):
    """A shorter period without its basis is counted as the default, and the refusal says so; a
    founded, a longer or no marked period adds no note."""
    note = "（标注的1年短于法定期限且未记录依据，按法定期限计）"
    bare = marked(Classification.CONFIDENTIAL, years=1)
    assert check_classification(bare, today=D(2002, 6, 16)).message == (
        f"标注「机密」，保密期限至2021-06-15{note}，未记录解密，不得公开"
    )
    founded = marked(Classification.CONFIDENTIAL, years=5, secrecy_period_basis="定密审批表2001-7号")
    assert check_classification(founded, today=D(2002, 6, 16)).message == (
        "标注「机密」，保密期限至2006-06-15，未记录解密，不得公开"
    )
    for years, last_day in ((None, "2021-06-15"), (20, "2021-06-15"), (25, "2026-06-15")):
        refused = check_classification(marked(Classification.CONFIDENTIAL, years=years), today=D(2002, 6, 16))
        assert refused.message == f"标注「机密」，保密期限至{last_day}，未记录解密，不得公开"
