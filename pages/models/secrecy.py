"""The classification rule in SQL (``DisclosureEntry.objects.disclosed()``): the same last day as
``DisclosureEntry.secrecy_expires_on()`` and the guard."""

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from .choices import DEFAULT_SECRECY_YEARS, Classification


def secrecy_last_day():
    """The last day the mark binds (``secrecy_expires_on``) as the integer YYYYMMDD of 定密日期 +
    the period (the marked one, else the level's default). A 29 February whose anniversary year
    has none gives YYYY0229, which lies between 28 February and 1 March: free from 1 March, as
    the guard says (it takes 28 February as the last day)."""
    default_years = Case(
        *[When(classification=level, then=Value(years)) for level, years in DEFAULT_SECRECY_YEARS.items()],
        output_field=models.IntegerField(),
    )
    # A period shorter than the default counts only with its recorded basis (secrecy_years()).
    unfounded = Q(secrecy_period_years__isnull=True) | (
        Q(secrecy_period_basis="") & Q(secrecy_period_years__lt=default_years)
    )
    years = Case(
        When(unfounded, then=default_years), default=F("secrecy_period_years"), output_field=models.IntegerField()
    )
    return (
        (ExtractYear("classified_on") + years) * 10000
        + ExtractMonth("classified_on") * 100
        + ExtractDay("classified_on")
    )


def classification_passes(today):
    declassified = Q(declassified_on__isnull=False) & ~Q(declassified_by="") & ~Q(declassification_basis="")
    # Free from the day after the last day (the guard: ``expires < today``).
    expired = Q(classified_on__isnull=False, secrecy_last_day__lt=today.year * 10000 + today.month * 100 + today.day)
    return Q(classification=Classification.NONE) | declassified | expired
