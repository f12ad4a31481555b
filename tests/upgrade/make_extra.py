"""Extra content on top of ``load_demo`` for the upgrade fixtures, through the project's services.

Run by make_fixtures.sh in a checkout of the OLD code (PYTHONPATH points at it):
    DATABASE_URL=… PYTHONPATH=<checkout> python make_extra.py

Adds one online disclosure request with two attachments, handled a little (assigned,
consultation started and ended, extended), and the published annual report of last year
(发布 by admin → 部门审核 by the 党政办 reviewer → 领导审批 by leader).
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import GroupPagePermission, Page  # noqa: E402

from pages.models import CatalogItem, DisclosureEntry, DisclosurePortal, FivePublicType, Genre  # noqa: E402
from reports import annual  # noqa: E402
from reports.annual_admin import AnnualReportForm  # noqa: E402
from workflows import disclosure_requests as requests  # noqa: E402
from workflows import services as moderation  # noqa: E402
from workflows.models import PublicContactNumber, WorkCalendarDay, WorkCalendarYear  # noqa: E402
from workflows.states import disclosure_status  # noqa: E402

User = get_user_model()
# The 年度报告 catalog item belongs to 党政办; the README demo reviewers are 财政所/民政办, so a
# 党政办 reviewer is added (same password as the other demo accounts).
REPORT_REVIEWER = "dangzheng_reviewer"


def step(text):
    print(f"  - {text}", flush=True)


def add_request(portal, admin):
    data = {
        "applicant_type": "person",
        "applicant_name": "李升级",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13900001234",
        "email": "upgrade@example.invalid",
        "address": "清河镇升级路1号",
        "description": "清河镇2025年农村道路养护资金使用情况（升级测试用申请）",
        "purpose": "了解政策",
        "preferred_form": "electronic",
        "delivery": "email",
    }
    files = [
        SimpleUploadedFile("申请书.pdf", b"%PDF-1.4\n% upgrade fixture\n%%EOF\n", content_type="application/pdf"),
        SimpleUploadedFile("身份证明.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 24, content_type="image/png"),
    ]
    request, created = requests.submit_request(portal, data, attachments=files, idempotency_key="upgrade-fixture-1")
    if not created:
        step(f"request {request.tracking_code} already there")
        return request
    step(f"request {request.tracking_code} with {request.attachments.count()} attachments")
    request = requests.assign(request, portal.departments.get(name="民政办"), admin)
    consultation = requests.start_consultation(
        request, admin, "third_party", "清河镇某村民委员会", note="涉及第三方信息"
    )
    requests.end_consultation(consultation, admin, note="第三方同意公开")
    request.refresh_from_db()
    request = requests.extend(request, admin, 10, "需要调取档案，延期答复")
    step(
        f"handled: state {request.state}, {request.events.count()} events, {request.consultations.count()} consultation"
    )
    return request


def publish_annual_report(portal, admin):
    year = timezone.localdate().year - 1
    report = annual.get_or_create_report(portal, year)
    if report.entry_id:
        step(f"annual report {year} already published")
        return report
    form = AnnualReportForm(
        {
            "overview": "清河镇人民政府认真贯彻《中华人民共和国政府信息公开条例》，全面推进基层政务公开。",
            "licensing_decisions": 12,
            "penalty_decisions": 3,
            "enforcement_decisions": 0,
            "fee_amount": "0",
            "problems": "公开内容的及时性有待提高，将加强督促。",
            "other_matters": "无。",
        },
        instance=report,
    )
    if not form.is_valid():
        sys.exit(f"annual report form invalid: {form.errors.as_json()}")
    report = form.save()
    report = annual.publish_annual_report(report, admin)  # 发布: entry created and submitted
    entry = DisclosureEntry.objects.get(pk=report.entry_id)
    step(f"annual report {year} submitted: {entry.title} ({disclosure_status(entry)})")

    department = annual.report_catalog_item(portal).department
    reviewer, new = User.objects.get_or_create(
        username=REPORT_REVIEWER, defaults={"email": f"{REPORT_REVIEWER}@example.invalid"}
    )
    if new:
        reviewer.set_password("gongkai-demo")
        reviewer.save()
    reviewer.groups.add(department.reviewers_group)
    moderation.approve(entry, reviewer, comment="同意")
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    step(f"{REPORT_REVIEWER} ({department.name}负责人) approved: {disclosure_status(entry)}")
    moderation.approve(entry, User.objects.get(username="leader"), comment="同意发布")
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    step(f"leader approved: {disclosure_status(entry)}, live={entry.live}, 索引号 {entry.index_number}")
    if not entry.live:
        sys.exit("annual report entry is not live after both approvals")
    return report


def add_forced_publication(portal):
    """A draft entry by the 财政所 editor, force-published by leader (强制发布)."""
    item = CatalogItem.objects.descendant_of(portal).filter(department__name="财政所").order_by("path").first()
    title = "清河镇2026年财政所临时公告（升级测试）"
    if DisclosureEntry.objects.filter(title=title).exists():
        step("forced publication already there")
        return
    entry = DisclosureEntry(
        title=title,
        body="<p>本公告经领导强制发布，用于升级测试。</p>",
        live=False,
        genre=Genre.objects.get(name="公告"),
        five_public=FivePublicType.objects.get(name="结果公开"),
        published_on=timezone.localdate(),
    )
    item.add_child(instance=entry)
    entry.save_revision(user=User.objects.get(username="caizheng_editor"), log_action=True)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    record = moderation.force_publish(entry, User.objects.get(username="leader"), "紧急公告，须即时公开")
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    step(f"forced publication #{record.pk}: {entry.title} live={entry.live}")


def add_snippets():
    PublicContactNumber.objects.get_or_create(number="0558-1234567", defaults={"owner": "清河镇党政办"})
    calendar, _ = WorkCalendarYear.objects.get_or_create(
        year=2030, defaults={"basis": "升级测试：假定的2030年节假日安排", "complete": False}
    )
    for day, kind, note in [("2030-01-01", "holiday", "元旦"), ("2030-01-05", "workday", "元旦调休")]:
        WorkCalendarDay.objects.get_or_create(
            date=datetime.date.fromisoformat(day), defaults={"calendar_year": calendar, "kind": kind, "note": note}
        )
    step("public contact number, holiday schedule 2030 (2 days)")


def add_office_group(portal):
    """The disclosure office as a group (publish on the portal) with model permissions on the
    models being moved, so the upgrade must carry permissions over."""
    group, _ = Group.objects.get_or_create(name=f"{portal.body_name}·政务公开办")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for model, actions in [
        ("publiccontactnumber", "add change delete view"),
        ("workcalendaryear", "add change view"),
        ("answertemplate", "add change view"),
        ("disclosurerequest", "view"),
        ("forcedpublication", "view"),
    ]:
        for action in actions.split():
            group.permissions.add(
                Permission.objects.get(content_type__app_label="workflows", codename=f"{action}_{model}")
            )
    page = Page.objects.get(pk=portal.pk)
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    step(f"group {group.name}: {group.permissions.count()} model permissions")


def main():
    portal = DisclosurePortal.objects.get(slug="qinghe")
    admin = User.objects.get(username="admin")
    add_request(portal, admin)
    publish_annual_report(portal, admin)
    add_forced_publication(portal)
    add_snippets()
    add_office_group(portal)


if __name__ == "__main__":
    main()
