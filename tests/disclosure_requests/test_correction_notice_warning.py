"""Issue 17, milestone 2: a warning before the 7 working days for the 补正 notice (条例 Art. 30) run
out — by the daily job's e-mail, on the dashboard and as a filter of the request list — counted
over the 2025 National Day holiday and its 调休 working days."""

import datetime
import re

from django.core import mail
from django.urls import reverse

from disclosure_requests import reminders, services
from disclosure_requests.admin_views import correction_notice_q
from disclosure_requests.models import DisclosureRequest

from ..factories import make_user, travel

D = datetime.date.fromisoformat


def warned(on):
    return set(DisclosureRequest.objects.filter(correction_notice_q(on)).values_list("pk", flat=True))


def test_warning_window_across_national_day_and_the_daily_mail(submit, catalog):
    office = make_user("office", superuser=True)
    office.email = "office@example.invalid"
    office.save()
    clerk = make_user("civil_clerk", catalog["civil"].editors_group)
    clerk.email = "civil@example.invalid"
    clerk.save()
    # Received Friday 26 September 2025: 28 Sep (Sunday, 调休) and 11 Oct (Saturday, 调休) are
    # working days, 1–8 October are not → the notice is due Monday 13 October.
    assigned = services.assign(submit(on="2025-09-26", description="已分派"), catalog["civil"], office)
    loose = submit(on="2025-09-26", description="未分派")
    assert assigned.correction_notice_due_on == D("2025-10-13") == loose.correction_notice_due_on
    assert warned(D("2025-10-09")) == set()  # 10, 11 October: still three working days to go
    assert warned(D("2025-10-10")) == {assigned.pk, loose.pk}
    assert warned(D("2025-10-13")) == {assigned.pk, loose.pk}
    assert warned(D("2025-10-14")) == set()  # lapsed: the warning comes before, not after
    mail.outbox.clear()
    result = reminders.run_daily(on=D("2025-10-10"))
    assert result["correction_notice_emails"] == 2
    by_recipient = {tuple(m.to): m for m in mail.outbox if "补正告知期限" in m.subject}
    assert assigned.tracking_code in by_recipient[("civil@example.invalid",)].body
    assert loose.tracking_code in by_recipient[("office@example.invalid",)].body
    assert loose.tracking_code not in by_recipient[("civil@example.invalid",)].body
    assert all("张三丰" not in m.body for m in mail.outbox)
    # A notice given ends the warning.
    with travel("2025-10-10"):
        services.request_correction(assigned, office, "请写明年份")
    assert warned(D("2025-10-10")) == {loose.pk}


def test_dashboard_and_list_show_the_requests_to_decide_on(client, submit, catalog):
    office = make_user("office", superuser=True)
    due = submit(on="2025-09-26", description="待决定")
    later = submit(on="2025-10-09", description="尚早")
    client.force_login(office)
    with travel("2025-10-10"):
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        listing = client.get("/admin/disclosure-requests/?urgency=correction_notice").content.decode()
    assert re.search(r'data-count="correction-notice">1<', home) and "?urgency=correction_notice" in home
    assert due.tracking_code in listing and later.tracking_code not in listing
