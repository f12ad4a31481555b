"""Who may see and edit the report, and its publication: a draft entry under 政府信息公开年报 ›
年度报告 submitted to 部门审核 → 领导审批 through the one publishing pipeline."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from pages.permissions import is_office, office_portals

from ..models import AnnualReport
from .figures import AnnualReportError, build_annual_report
from .layout import render_body_html, report_title

# -- access and editing ---------------------------------------------------------------------


def has_annual_access(user):
    return bool(user and user.is_authenticated and user.is_active) and bool(office_portals(user))


def require_office(user, portal):
    if not is_office(user, portal):
        raise PermissionDenied("只有政务公开办公室可以管理年度报告")


def get_or_create_report(portal, year):
    report, _ = AnnualReport.objects.get_or_create(portal=portal, year=int(year))
    return report


# -- publication ----------------------------------------------------------------------------

REPORT_AREA = "政府信息公开年报"
REPORT_ITEM = "年度报告"


def report_catalog_item(portal):
    """The catalog item 年度报告 of the area 政府信息公开年报 (standard catalog) of ``portal``."""
    from pages.catalog import child_by_title
    from pages.models import CatalogArea, CatalogItem

    area = child_by_title(portal, CatalogArea, REPORT_AREA)
    item = child_by_title(area, CatalogItem, REPORT_ITEM) if area else None
    if item is None:
        raise AnnualReportError(
            f"门户尚无「{REPORT_AREA} › {REPORT_ITEM}」目录事项，请先加载标准目录（load_standard_catalog）"
        )
    if item.department_id is None:
        raise AnnualReportError(f"目录事项「{REPORT_AREA} › {REPORT_ITEM}」未指定责任部门，请先在目录中指定")
    return item


def _vocabulary(model, name):
    return model.objects.filter(name=name).first()


@transaction.atomic
def publish_annual_report(report, user):
    """发布: a draft DisclosureEntry (the report's HTML as 正文, the .docx as 附件) under
    年度报告, submitted to 部门审核 → 领导审批; it goes public only when both approve."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from pages.models import DisclosureEntry, EntryAttachment, FivePublicType, Genre
    from workflows import services as moderation

    from .docx import render_docx

    require_office(user, report.portal)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.state == AnnualReport.State.PUBLISHED and report.entry_id:
        raise AnnualReportError("本年度报告已发布，不能重复发布")
    if not report.overview.strip():
        raise AnnualReportError("请先填写「一、总体情况」再发布")
    portal = report.portal
    data = build_annual_report(portal, report.year)
    item = report_catalog_item(portal)
    title = report_title(portal, report.year)
    department = item.department

    document = get_document_model()(
        title=title,
        collection=department.collection or _root_collection(),
        uploaded_by_user=user,
    )
    document.file.save(
        f"{portal.slug}-{report.year}-annual-report.docx", ContentFile(render_docx(data, title)), save=False
    )
    document.save()
    entry = DisclosureEntry(
        title=title,
        department=department,
        publisher=portal.body_name,
        written_on=timezone.localdate(),
        genre=_vocabulary(Genre, "报告"),
        five_public=_vocabulary(FivePublicType, "结果公开"),
        keywords="政府信息公开,年度报告",
        summary=f"{portal.body_name or portal.title}{report.year}年度政府信息公开工作情况",
        body=render_body_html(data, title),
        live=False,
    )
    entry.attachments = [EntryAttachment(document=document, title=f"{title}（Word版）")]
    item.add_child(instance=entry)
    entry.save_revision(user=user, log_action=True)
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    moderation.submit(entry, user)
    report.state = AnnualReport.State.PUBLISHED
    report.entry = entry
    report.published_at = timezone.now()
    report.published_by = user
    report.save(update_fields=["state", "entry", "published_at", "published_by", "updated_at"])
    return report


def _root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node()
