"""The annual report's due date (a portal setting, ``annual_report_due``) and the dashboard
reminder: from 1 January until the previous year's report is public, the office sees how many
days are left, or how late it is."""

from django.utils import timezone

from ..models import AnnualReport


def due_reminders(portals, today=None):
    """[{portal, year, due_on, days_left, state}] for the portals whose last year's report is not public."""
    today = today or timezone.localdate()
    year = today.year - 1
    reports = {
        r.portal_id: r for r in AnnualReport.objects.filter(portal__in=portals, year=year).select_related("entry")
    }
    reminders = []
    for portal in portals:
        report = reports.get(portal.pk)
        if report and report.entry_id and report.entry.live:
            continue
        sent = bool(report and report.state == AnnualReport.State.PUBLISHED)
        due_on = portal.annual_report_due_on(year)
        reminders.append(
            {
                "portal": portal,
                "year": year,
                "due_on": due_on,
                "days_left": (due_on - today).days,
                "overdue": (today - due_on).days,
                "state": "已发布送审，待审批后公开" if sent else "尚未发布",
            }
        )
    return reminders
