"""Table (二)'s 规章 and 行政规范性文件 rows: the body's own policy documents.

One rule with the 政策文件库 (``DisclosureEntry.objects.disclosed().policy_documents()``),
narrowed to what the body itself issued (``issued_by``: the body or its departments as 发布机构,
never a superior's document reposted) and to the row: filed under the 政策文件 item of that name
or of one of its 体裁分类 (settings.ANNUAL_REPORT_GENRES). A 乡镇 makes no 规章 (立法法 Art. 93:
only provincial and districted-city governments do), so its 规章 row is always empty.
"""

import datetime

from django.conf import settings
from django.db.models import Q

from pages.models import CatalogItem, DisclosureEntry, Validity

ISSUED, REPEALED, IN_FORCE = "本年制发件数", "本年废止件数", "现行有效件数"
DOCUMENT_COLUMNS = [ISSUED, REPEALED, IN_FORCE]
# 体裁分类 names also counted in a row (a local convention: settings.ANNUAL_REPORT_GENRES).
DEFAULT_REPORT_GENRES = {"规章": ["规章"], "行政规范性文件": ["行政规范性文件", "规范性文件"]}
RULES = "规章"
TOWN_LEVEL = "乡级"


def report_genres():
    return getattr(settings, "ANNUAL_REPORT_GENRES", DEFAULT_REPORT_GENRES)


def row_entries(portal, name):
    """The portal's public policy documents of the row ``name`` that the body itself issued."""
    if name == RULES and portal.level == TOWN_LEVEL:
        return DisclosureEntry.objects.none()
    entries = DisclosureEntry.objects.disclosed().policy_documents().issued_by(portal)
    return entries.filter(_filed_under(portal, name) | Q(genre__name__in=report_genres().get(name, [])))


def _filed_under(portal, name):
    found = Q(pk__in=[])
    for path in CatalogItem.objects.descendant_of(portal).filter(title=name).values_list("path", flat=True):
        found |= Q(path__startswith=path)
    return found


def counted_entries(portal, year, name):
    """Column → the entries counted there, for the row ``name`` in ``year``.

    本年制发 = 成文日期 in the year; 本年废止 = 废止 with 废止日期 in the year; 现行有效 = in force
    at 31 December: written (or else published) by then, in effect by then, not lapsed or
    repealed by then.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    entries = row_entries(portal, name).order_by("written_on", "pk")
    in_force = (
        entries.filter(Q(written_on__lte=end) | Q(written_on=None, published_on__lte=end))
        .filter(Q(effective_on=None) | Q(effective_on__lte=end))
        .exclude(~Q(validity=Validity.VALID) & Q(expired_on__lte=end))
    )
    return {
        ISSUED: list(entries.filter(written_on__gte=start, written_on__lte=end)),
        REPEALED: list(entries.filter(validity=Validity.REPEALED, expired_on__gte=start, expired_on__lte=end)),
        IN_FORCE: list(in_force),
    }


def document_figures(portal, year, name):
    return {column: len(found) for column, found in counted_entries(portal, year, name).items()}
