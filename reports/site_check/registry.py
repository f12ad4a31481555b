"""The self-check registry: built-in checks plus those other apps register.

A check is ``(key, title, function)``; ``function(portal, on)`` returns a dict::

    {"count": int, "veto_at": int | None, "advice": str,
     "rows": [{"text": str, "detail": str, "url": str | None}], "skipped": str (optional)}

``veto_at`` is the count from which the indicator vetoes the site (单项否决); ``None`` = the
finding only costs points. A check may also offer ``function.for_portals(portals, on)`` →
``{portal pk: dict}``: a run over several portals (``run_site_checks``) then calls it once. Apps register with the Wagtail hook ``register_site_checks``, whose
functions return an iterable of such triples — plain data, so the registering app needs nothing
from ``reports`` (the layer rule forbids it). Checks that an absent app would provide are listed as
``EXPECTED`` and shown as 未检查.
"""

from dataclasses import dataclass, field

from django.utils import timezone

# Indicators another app provides; shown as 未检查 when nobody registers them.
EXPECTED = {
    "unanswered_questions": (
        "互动交流：超过3个月未答复的留言",
        "未启用互动交流（留言）功能，本项未检查；启用后自动纳入自查。",
    ),
}


@dataclass
class Finding:
    key: str
    title: str
    count: int = 0
    veto_at: int | None = None
    advice: str = ""
    rows: list = field(default_factory=list)
    skipped: str = ""

    @property
    def status(self):
        if self.skipped:
            return "skipped"
        if self.veto_at is not None and self.count >= self.veto_at:
            return "veto"
        return "warn" if self.count else "ok"

    @property
    def status_label(self):
        return {"skipped": "未检查", "veto": "单项否决", "warn": "需整改", "ok": "合格"}[self.status]

    def as_dict(self):
        return {
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "status_label": self.status_label,
            "count": self.count,
            "veto_at": self.veto_at,
            "advice": self.advice,
            "skipped": self.skipped,
            "rows": self.rows,
        }


@dataclass
class SiteCheckResult:
    portal: object
    on: object
    findings: list

    @property
    def vetoed(self):
        return [f for f in self.findings if f.status == "veto"]

    @property
    def passed(self):
        return not self.vetoed

    def as_dict(self):
        return {
            "portal": self.portal.slug,
            "date": self.on.isoformat(),
            "passed": self.passed,
            "veto": [f.key for f in self.vetoed],
            "findings": [f.as_dict() for f in self.findings],
        }


def registered_checks():
    from wagtail import hooks

    from .checks import BUILT_IN

    checks = list(BUILT_IN)
    for hook in hooks.get_hooks("register_site_checks"):
        checks.extend(hook())
    return checks


def run_site_check(portal, on=None, keys=None):
    """Every registered check over ``portal`` on day ``on`` (default today); ``keys`` narrows."""
    return run_site_checks([portal], on=on, keys=keys)[0]


def _found(key, function, portal, on):
    from .reads import once

    many = getattr(function, "for_portals", None)
    if many is None:
        return function(portal, on)
    return once(("check", key, on), portal, lambda portals: many(portals, on))


def run_site_checks(portals, on=None, keys=None):
    """``run_site_check`` of each of ``portals``; the checks' reads are made once for all of them
    (``reads.shared_reads``): a county's 21 portals cost about as many queries as one."""
    from .reads import shared_reads

    on = on or timezone.localdate()
    checks = [check for check in registered_checks() if not keys or check[0] in keys]
    results = []
    with shared_reads(portals):
        for portal in portals:
            findings = [
                Finding(key=key, title=title, **_found(key, function, portal, on)) for key, title, function in checks
            ]
            seen = {key for key, _, _ in checks}
            for key, (title, why) in EXPECTED.items():
                if key not in seen and (not keys or key in keys):
                    findings.append(Finding(key=key, title=title, skipped=why))
            results.append(SiteCheckResult(portal=portal, on=on, findings=findings))
    return results
