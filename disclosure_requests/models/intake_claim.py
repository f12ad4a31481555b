"""Claims that hold the intake checks under concurrency (services.intake)."""

from django.db import models
from django.utils import timezone

from .disclosure_request import DisclosureRequest


class IntakeClaim(models.Model):
    """A claim that only one submission may hold for a while, enforced by the unique key: the
    duplicate check (``dup:`` + the applicant's fingerprint, DISCLOSURE_DUPLICATE_WINDOW) and the
    one receipt per address and hour (``receipt:`` + a keyed hash of the address). Of concurrent
    submissions exactly one inserts the row, on SQLite and PostgreSQL alike; an expired claim is
    deleted by the next one that wants its key (and by the daily job)."""

    key = models.CharField(max_length=80, unique=True)
    disclosure_request = models.ForeignKey(DisclosureRequest, null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "提交去重记录"

    def __str__(self):
        return self.key
