"""索引号 patterns: every field, escaped braces, conversions and format specs, the fallbacks of
the codes, and the date the number is taken from (the local 发布日期)."""

import datetime

import pytest

from pages.models import Department, DisclosureEntry
from pages.publishing.index_numbers import SERIAL_MARK, allocate_index_number, pattern_values, split_pattern

D = datetime.date


def test_literal_braces_survive_the_split():
    scope, spec = split_pattern("{{第}}{org_code}/{serial}")
    assert spec == "d"  # no format given: plain integer
    assert scope.format(org_code="001") == "{第}001/" + SERIAL_MARK
    assert format(7, spec) == "7"


def test_conversion_and_format_spec_are_kept():
    scope, spec = split_pattern("{dept!r}-{year}{month:02d}-{serial:04d}")
    assert spec == "04d"
    assert scope.format(dept="民政", year=2021, month=3) == "'民政'-202103-" + SERIAL_MARK


def test_a_field_after_the_serial_is_part_of_the_scope():
    scope, spec = split_pattern("{serial:03d}/{year}")
    assert spec == "03d" and scope.format(year=2024) == SERIAL_MARK + "/2024"


def test_values_without_portal_or_department_are_empty():
    values = pattern_values(DisclosureEntry(title="x"), D(2024, 3, 9))
    assert values == {"org_code": "", "body_code": "", "dept": "", "year": 2024, "month": 3}


@pytest.mark.django_db
def test_codes_fall_back_from_department_to_body(portal, catalog):
    civil = catalog["civil"]
    own = pattern_values(DisclosureEntry(portal=portal, department=civil), D(2024, 3, 9))
    assert own == {"org_code": "000014350", "body_code": "000014349", "dept": "民政", "year": 2024, "month": 3}
    codeless = Department.objects.create(portal=portal, name="综治办", short_name="", org_code="")
    values = pattern_values(DisclosureEntry(portal=portal, department=codeless), D(2024, 3, 9))
    assert values["org_code"] == "000014349" and values["dept"] == "综治办"
    portal.org_code = ""
    assert pattern_values(DisclosureEntry(portal=portal, department=codeless), D(2024, 3, 9))["org_code"] == ""


@pytest.mark.django_db
def test_the_departments_own_code_and_the_default_pattern(portal, catalog):
    entry = DisclosureEntry(portal=portal, department=catalog["civil"], published_on=D(2024, 3, 9))
    assert allocate_index_number(entry) == "000014350/2024-00001"


@pytest.mark.django_db
def test_an_entry_without_portal_uses_the_default_pattern(catalog):
    entry = DisclosureEntry(department=catalog["civil"], published_on=D(2024, 3, 9))
    assert allocate_index_number(entry) == "000014350/2024-00001"


@pytest.mark.django_db
def test_the_number_takes_the_local_date_of_a_datetime(portal, catalog):
    entry = DisclosureEntry(portal=portal, department=catalog["finance"])
    utc_evening = datetime.datetime(2030, 12, 31, 17, 0, tzinfo=datetime.timezone.utc)  # 1 Jan 2031 in Beijing
    assert allocate_index_number(entry, on_date=utc_evening) == "000014349/2031-00001"


@pytest.mark.django_db
def test_a_month_pattern_pads_single_digit_months(portal, catalog):
    portal.index_pattern = "{org_code}/{year}{month:02d}-{serial:05d}"
    portal.save()
    entry = DisclosureEntry(portal=portal, department=catalog["finance"], published_on=D(2024, 3, 9))
    assert allocate_index_number(entry) == "000014349/202403-00001"
