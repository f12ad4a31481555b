"""The annual report's due date is a portal setting (条例 Art. 49 for 县级 and above, local rules
for towns) and the office's dashboard reminds it until last year's report is public (issue 16)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reports.annual.due import due_reminders

from ..factories import make_user, travel

D = datetime.date.fromisoformat


def test_the_due_date_is_a_portal_setting(portal):
    assert portal.annual_report_due_on(2025) == D("2026-01-31")
    portal.annual_report_due = "02-30"  # clamped to the month's last day
    assert portal.annual_report_due_on(2027) == D("2028-02-29")
    portal.annual_report_due = "13-01"
    with pytest.raises(ValidationError) as raised:
        portal.full_clean()
    assert "月-日" in raised.value.message_dict["annual_report_due"][0]


def test_the_dashboard_reminds_the_office_until_the_report_is_public(portal, client):
    portal.annual_report_due = "03-31"
    portal.save()
    [reminder] = due_reminders([portal], today=D("2026-03-01"))
    assert (reminder["year"], reminder["due_on"], reminder["days_left"]) == (2025, D("2026-03-31"), 30)
    client.force_login(make_user("office", superuser=True))
    with travel("2026-04-03"):
        page = client.get("/admin/").content.decode()
    assert "2025年度报告应于2026年3月31日前公布，已逾期3天（尚未发布）" in page
    assert f'data-annual-due="{portal.pk}"' in page
