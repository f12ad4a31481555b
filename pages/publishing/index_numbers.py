"""索引号 allocation: unique, never reused, safe under concurrent publishing.

The portal's pattern (default ``{org_code}/{year}-{serial:05d}``) is rendered
without its serial to get a *scope*; each scope has a counter row that only
ever grows. The counter is advanced with a single ``UPDATE … RETURNING``, which
takes the row lock on PostgreSQL and the database write lock on SQLite
(transactions there begin IMMEDIATE), so two publications at the same moment
can never read the same value.
"""

import datetime
import string

from django.db import connection, transaction
from django.utils import timezone

from pages.models import DEFAULT_INDEX_PATTERN, IndexNumberSequence

SERIAL_MARK = "〈serial〉"


def pattern_values(entry, on_date):
    portal = entry.portal
    department = entry.department
    body_code = (portal.org_code if portal else "") or ""
    org_code = (department.org_code if department else "") or body_code
    return {
        "org_code": org_code,
        "body_code": body_code,
        "dept": department.display_short_name if department else "",
        "year": on_date.year,
        "month": on_date.month,
    }


def split_pattern(pattern):
    """Return (scope template, serial format spec)."""
    scope, spec = [], None
    for literal, field, format_spec, conversion in string.Formatter().parse(pattern):
        scope.append(literal.replace("{", "{{").replace("}", "}}"))
        if field is None:
            continue
        if field == "serial":
            spec = format_spec or "d"
            scope.append(SERIAL_MARK)
        else:
            scope.append(
                "{"
                + field
                + (("!" + conversion) if conversion else "")
                + ((":" + format_spec) if format_spec else "")
                + "}"
            )
    return "".join(scope), spec


def next_serial(scope):
    with transaction.atomic():
        IndexNumberSequence.objects.bulk_create([IndexNumberSequence(scope=scope)], ignore_conflicts=True)
        table = connection.ops.quote_name(IndexNumberSequence._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last_serial = last_serial + 1, updated_at = %s WHERE scope = %s RETURNING last_serial",
                [timezone.now(), scope],
            )
            return cursor.fetchone()[0]


def stored_index_number(entry):
    """The number already recorded for this entry, row-locked until commit.

    The in-memory object may be stale (e.g. built from an older revision), so
    the database decides; the lock makes a double publication wait its turn.
    """
    if not entry.pk:
        return None
    from pages.models import DisclosureEntry

    return (
        DisclosureEntry.objects.select_for_update().filter(pk=entry.pk).values_list("index_number", flat=True).first()
    )


def allocate_index_number(entry, on_date=None):
    """Give ``entry`` its 索引号 if it has none; return it. Caller saves the entry."""
    entry.index_number = stored_index_number(entry) or entry.index_number
    if entry.index_number:
        return entry.index_number
    on_date = on_date or entry.published_on or timezone.localdate()
    if isinstance(on_date, datetime.datetime):
        on_date = timezone.localtime(on_date).date()
    pattern = (entry.portal.index_pattern if entry.portal else "") or DEFAULT_INDEX_PATTERN
    scope_template, spec = split_pattern(pattern)
    scope = scope_template.format(**pattern_values(entry, on_date))
    serial = next_serial(scope)
    entry.index_number = scope.replace(SERIAL_MARK, format(serial, spec))
    return entry.index_number
