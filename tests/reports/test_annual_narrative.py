"""The annual report's text parts the system states (issue 16): section 六 names the 信息处理费
recorded on the requests; 一、总体情况 is pre-filled in the format's five parts from the data."""

import datetime
from decimal import Decimal

from django.urls import reverse

from disclosure_requests.models import DisclosureRequest
from reports import annual
from reports.models import AnnualReport

from ..factories import make_user

D = datetime.date.fromisoformat
OTHER = "六、其他需要报告的事项"


def test_section_six_states_the_fees_recorded(catalog, portal, submit):
    assert annual.build_annual_report(portal, 2025)["sections"][OTHER] == "2025年度本机关未收取政府信息公开信息处理费。"
    paid, unpaid = submit(on="2025-03-03", description="甲"), submit(on="2025-04-01", description="乙")
    last_year = submit(on="2024-05-06", description="丙")
    DisclosureRequest.objects.filter(pk=paid.pk).update(
        fee=Decimal("120.50"), fee_notified_on=D("2025-03-10"), fee_paid_on=D("2025-03-20")
    )
    DisclosureRequest.objects.filter(pk=unpaid.pk).update(fee=Decimal("80"), fee_notified_on=D("2025-04-08"))
    DisclosureRequest.objects.filter(pk=last_year.pk).update(
        fee=Decimal("99"), fee_notified_on=D("2024-05-10"), fee_paid_on=D("2024-05-20")
    )
    AnnualReport.objects.create(portal=portal, year=2025, other_matters="本年度无其他需要报告的事项。")
    text = annual.build_annual_report(portal, 2025)["sections"][OTHER]
    assert text == (
        "2025年度本机关依据《政府信息公开信息处理费管理办法》发出信息处理费收费通知2件，"
        "实际收取信息处理费1件，合计120.50元。\n本年度无其他需要报告的事项。"
    )


def test_overview_is_prefilled_in_five_parts_from_the_data(catalog, portal, submit, client):
    submit(on="2025-03-03")
    client.force_login(make_user("office", superuser=True))
    page = client.get(reverse("annual_report_detail", args=[portal.pk, 2025])).content.decode()
    for i, part in enumerate(["主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"]):
        assert f"（{'一二三四五'[i]}）{part}。" in page
    assert "本年度新收政府信息公开申请1件" in page
    # What the office saved is what the form shows next time.
    AnnualReport.objects.create(portal=portal, year=2025, overview="办公室自己写的总体情况")
    page = client.get(reverse("annual_report_detail", args=[portal.pk, 2025])).content.decode()
    assert "办公室自己写的总体情况" in page and "（一）主动公开。" not in page
