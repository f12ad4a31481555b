"""Atom feed of new entries and sitemap.xml, both over public_entries() only."""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator

from cms.plain_text import strip_control_characters

from .models import CatalogArea, CatalogItem, DisclosurePortal, public_entries


class _ControlFreeXMLGenerator(SimplerXMLGenerator):
    def characters(self, content):
        super().characters(strip_control_characters(content))

    def startElement(self, name, attrs):
        super().startElement(name, {k: strip_control_characters(v) for k, v in attrs.items()} if attrs else attrs)


class ControlFreeAtom1Feed(Atom1Feed):
    """Atom that survives stored text with control characters (XML 1.0 cannot carry them): they are
    left out of the document instead of failing it (issue 12)."""

    def write(self, outfile, encoding):
        handler = _ControlFreeXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class EntriesFeed(Feed):
    feed_type = ControlFreeAtom1Feed

    def get_object(self, request, slug):
        self.request = request
        return get_object_or_404(DisclosurePortal.objects.live().public(), slug=slug)

    def title(self, portal):
        return f"{portal.body_name} 最新公开信息"

    def link(self, portal):
        return portal.get_url(request=self.request) or "/"

    def subtitle(self, portal):
        return f"{portal.body_name}政务公开：最新发布的公开信息"

    def items(self, portal):
        return public_entries().filter(portal=portal).select_related("department").order_by("-last_published_at")[:50]

    def item_title(self, entry):
        return f"{entry.title}（{entry.index_number}）"

    def item_description(self, entry):
        return entry.summary or f"发布机构：{entry.publisher_name}；发布日期：{entry.published_on:%Y-%m-%d}"

    def item_link(self, entry):
        return entry.get_url(request=self.request)

    def item_pubdate(self, entry):
        return entry.first_published_at

    def item_updateddate(self, entry):
        return entry.last_published_at


class PublicPagesSitemap(Sitemap):
    limit = 5000

    def items(self):
        entries = list(public_entries().order_by("pk"))
        catalog = [
            p
            for model in (DisclosurePortal, CatalogArea, CatalogItem)
            for p in model.objects.live().public().order_by("path")
        ]
        return catalog + entries

    def lastmod(self, page):
        return page.last_published_at

    def get_urls(self, page=1, site=None, protocol=None):
        # Pages carry their full URL (portals may sit on different sites).
        urls = []
        for page_obj in self.paginator.page(page).object_list:
            url = page_obj.get_full_url()
            if url:
                urls.append(
                    {
                        "item": page_obj,
                        "location": url,
                        "lastmod": page_obj.last_published_at,
                        "changefreq": None,
                        "priority": None,
                        "alternates": [],
                    }
                )
        return urls
