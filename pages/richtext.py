"""Sanitising of rich text (正文) with nh3 (the Ammonia HTML sanitiser).

The whitelist is the admin editor's: what Draftail with Wagtail's default features (h2–h4,
bold, italic, ol, ul, hr, link, document-link, image, embed) stores, in Wagtail's database
format (``<a linktype="page" id="3">``, ``<embed embedtype="image" …>``). Every write path that
takes HTML from a client (the drafts API) stores only what ``sanitize_rich_text`` returns, and
the public outputs pass bodies stored before that rule through ``sanitize_for_output``, which
also keeps the plain tables the system itself writes (the annual report's 正文).
"""

import nh3

EDITOR_TAGS = frozenset({"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ol", "ul", "li", "hr", "a", "embed"})
EDITOR_ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
# wagtail.whitelist.check_url allows these (and relative URLs); javascript:, data: … are dropped.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Output only: tables as the annual report writes them; never accepted from a client.
TABLE_TAGS = frozenset({"table", "thead", "tbody", "tr", "th", "td"})
TABLE_ATTRIBUTES = {"table": {"class"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}


def _attribute_filter(tag, name, value):
    # A media embed's URL is fetched by the oEmbed finder when the page is rendered: web URLs only.
    if tag == "embed" and name == "url" and not value.lower().startswith(("http://", "https://")):
        return None
    return value


def _clean(html, tags, attributes):
    return nh3.clean(
        html or "",
        tags=set(tags),
        attributes={tag: set(names) for tag, names in attributes.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,  # the editor stores no rel; Wagtail adds what it needs when rendering
        strip_comments=True,
    )


def sanitize_rich_text(html):
    """What a client may store in 正文: the admin editor's elements and attributes only."""
    return _clean(html, EDITOR_TAGS, EDITOR_ATTRIBUTES)


def sanitize_for_output(html):
    """A stored body made safe to serve (bodies stored before sanitising on write)."""
    return _clean(html, EDITOR_TAGS | TABLE_TAGS, {**EDITOR_ATTRIBUTES, **TABLE_ATTRIBUTES})
