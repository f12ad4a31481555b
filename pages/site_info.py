"""What the public site says about the body itself: the footer and the 政府信息公开指南 (条例 Art. 12),
generated from the portal's settings and its catalog, so the guide never disagrees with the site."""

from django.utils import timezone

# The portal settings the guide prints: a change to any of them dates the guide anew.
GUIDE_FIELDS = (
    "body_name",
    "office_name",
    "office_address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "supervisor",
)


def stamp_guide_date(portal, update_fields=None):
    """Set ``guide_updated_on`` to today when a field the guide prints changed (called from save)."""
    if update_fields is not None and not set(update_fields) & set(GUIDE_FIELDS):
        return
    previous = type(portal).objects.filter(pk=portal.pk).values(*GUIDE_FIELDS).first() if portal.pk else None
    current = {name: getattr(portal, name) for name in GUIDE_FIELDS}
    if portal.guide_updated_on is None or previous != current:
        portal.guide_updated_on = timezone.localdate()
        if update_fields is not None:
            update_fields.append("guide_updated_on")


def host_name(portal):
    return portal.host_name or portal.body_name


def office_name(portal):
    return portal.office_name or f"{portal.body_name}政府信息公开工作机构"


def contact_rows(portal):
    """(label, value) of the contact details that are set, in the order the guide and footer use."""
    rows = [
        ("办公地址", portal.office_address),
        ("邮政编码", portal.postcode),
        ("办公时间", portal.office_hours),
        ("咨询电话", portal.phone),
        ("传真", portal.fax),
        ("电子邮箱", portal.email),
    ]
    return [(label, value) for label, value in rows if value]


def proactive_sections(portal):
    """The catalog as the guide describes it: each live area with its items and public entry count."""
    from pages.catalog_counts import area_counts
    from pages.models import CatalogArea, CatalogItem

    counts = area_counts(portal)
    sections = []
    for area in CatalogArea.objects.child_of(portal).live().public().order_by("path"):
        items = list(CatalogItem.objects.child_of(area).live().public().order_by("path"))
        sections.append({"area": area, "items": items, "count": counts.get(area.pk, 0)})
    return sections


def guide_context(portal):
    """Everything the generated 政府信息公开指南 prints; the page is dated by ``guide_updated_on``."""
    from django.urls import reverse

    return {
        "host": host_name(portal),
        "office": office_name(portal),
        "contacts": contact_rows(portal),
        "sections": proactive_sections(portal),
        "request_url": reverse("disclosure_request_form_for", args=[portal.slug]),
        "status_url": reverse("disclosure_request_status"),
        "report_item": portal.annual_report_item(),
        "guide_date": portal.guide_updated_on or portal.last_published_at,
    }


def column_links(portal):
    """The 政府信息公开 column as the header and the home page list it: (label, url), in the usual order."""
    from django.urls import reverse

    links = [("政府信息公开指南", portal.guide_url())]
    rules = portal.section("政府信息公开制度")
    if rules is not None:
        links.append(("政府信息公开制度", rules.url))
    links.append(("法定主动公开内容", portal.column_url()))
    report_item = portal.annual_report_item()
    if report_item is not None:
        links.append(("政府信息公开年报", report_item.url))
    links.append(("依申请公开", reverse("disclosure_request_form_for", args=[portal.slug])))
    return links
