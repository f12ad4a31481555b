"""错链断链: links in the bodies of public entries and their attachments.

Internal links are always checked: a page link whose target is not publicly visible any more
(retracted, deleted, a draft), a document link or ``/documents/<id>/`` URL whose document is gone,
an attachment whose file is missing from storage. External links only when the office enables it
(``SITE_CHECK_EXTERNAL_LINKS``), at most ``SITE_CHECK_EXTERNAL_MAX`` distinct URLs, each with
``SITE_CHECK_EXTERNAL_TIMEOUT`` seconds and ``SITE_CHECK_EXTERNAL_BUDGET`` seconds in all — the
servers usually run on an intranet without internet access.
"""

import re
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.urls import reverse

LINK = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-zA-Z-]+)\s*=\s*"([^"]*)"')
DOCUMENT_URL = re.compile(r"^/documents/(\d+)/")


def _attributes(tag):
    return {name.lower(): value for name, value in ATTRIBUTE.findall(tag)}


def _row(entry_id, title, detail):
    return {"text": title, "detail": detail, "url": reverse("wagtailadmin_pages:edit", args=[entry_id])}


def broken_links(portals):
    """{portal pk: rows of broken links}, read for all ``portals`` at once."""
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from pages.models import EntryAttachment, public_entries

    from .reads import public

    entries = public(portals)
    links = {p.pk: [] for p in portals}  # portal pk: [(entry id, title, kind, target)]
    for portal_pk, pk, title, body in entries.filter(body__icontains="<a ").values_list(
        "portal_id", "pk", "title", "body"
    ):
        for tag in LINK.findall(body):
            attrs = _attributes(tag)
            kind, target = attrs.get("linktype"), attrs.get("id") or attrs.get("href", "")
            if kind in ("page", "document") and target.isdigit():
                links[portal_pk].append((pk, title, kind, int(target)))
            elif (match := DOCUMENT_URL.match(attrs.get("href", ""))) is not None:
                links[portal_pk].append((pk, title, "document", int(match.group(1))))
            elif attrs.get("href", "").startswith(("http://", "https://")):
                links[portal_pk].append((pk, title, "external", attrs["href"]))
    every = [link for found in links.values() for link in found]
    page_ids = {t for _, _, k, t in every if k == "page"}
    document_ids = {t for _, _, k, t in every if k == "document"}
    visible_pages = set()
    if page_ids:
        visible_pages = set(Page.objects.filter(pk__in=page_ids).live().public().values_list("pk", flat=True))
        # A page link to an entry must reach a *public* entry; other pages just need to be live and public.
        entry_ids = set(entries.model.objects.filter(pk__in=page_ids).values_list("pk", flat=True))
        visible_pages -= entry_ids - set(public_entries().filter(pk__in=entry_ids).values_list("pk", flat=True))
    Document = get_document_model()
    existing_documents = set()
    if document_ids:
        existing_documents = set(Document.objects.filter(pk__in=document_ids).values_list("pk", flat=True))
    result = {p.pk: [] for p in portals}
    for portal_pk, found in links.items():
        for pk, title, kind, target in found:
            if kind == "page" and target not in visible_pages:
                result[portal_pk].append(_row(pk, title, f"正文链接指向的页面（编号 {target}）已撤回、删除或未公开"))
            elif kind == "document" and target not in existing_documents:
                result[portal_pk].append(_row(pk, title, f"正文链接指向的附件（编号 {target}）已删除"))
    storage = Document._meta.get_field("file").storage
    for portal_pk, pk, title, name, file_name in (
        EntryAttachment.objects.filter(entry__in=entries)
        .select_related("document")
        .values_list("entry__portal", "entry_id", "entry__title", "document__title", "document__file")
    ):
        if not file_name or not storage.exists(file_name):
            result[portal_pk].append(_row(pk, title, f"附件“{name}”的文件已丢失"))
    if getattr(settings, "SITE_CHECK_EXTERNAL_LINKS", False):
        for portal_pk, found in links.items():
            result[portal_pk].extend(_external(found))
    return result


def _external(links):
    limit = getattr(settings, "SITE_CHECK_EXTERNAL_MAX", 50)
    timeout = getattr(settings, "SITE_CHECK_EXTERNAL_TIMEOUT", 3)
    budget = getattr(settings, "SITE_CHECK_EXTERNAL_BUDGET", 60)
    started = time.monotonic()
    verdicts = {}
    found = []
    for pk, title, kind, url in links:
        if kind != "external":
            continue
        if url not in verdicts:
            if len(verdicts) >= limit or time.monotonic() - started > budget:
                continue
            verdicts[url] = _fetch_problem(url, timeout)
        if verdicts[url]:
            found.append(_row(pk, title, f"外部链接 {url} 无法访问（{verdicts[url]}）"))
    return found


def _fetch_problem(url, timeout):
    """None when ``url`` answers below 400, else a short Chinese reason."""
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "gongkai-site-check"})
    try:
        with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310 (http(s) only, filtered above)
            return None
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return f"连接失败：{getattr(exc, 'reason', exc)}"
