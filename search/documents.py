"""What is public, and the search document of a public entry.

Only entries any public output may show are indexed: the one public rule,
``DisclosureEntry.objects.disclosed()`` (live, public, with a 索引号, 主动公开, and no
classification mark that still binds).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from . import analysis

# Positions between the fields of one stream, so a phrase never spans two of them.
FIELD_GAP = 10


def public_queryset(today=None):
    from pages.models import DisclosureEntry

    return DisclosureEntry.objects.disclosed(today)


@dataclass
class SearchDoc:
    """The backend-neutral document: display fields, facets and token streams."""

    entry_id: int
    portal_id: int | None
    index_number: str
    source_id: str
    title: str
    url: str
    doc_number: str
    department: str
    area: str
    item: str
    topic: str
    genre: str
    five_public: str
    validity: str
    published_on: object
    body_text: str
    keywords: str = ""
    publisher: str = ""  # 发布机构 when it differs from the department
    _tokens: dict = field(default=None, repr=False)

    @property
    def year(self):
        return self.published_on.year if self.published_on else None

    def tokens(self):
        """Token streams: title/body/meta grams and title/body words.

        The metadata stream holds 索引号, 发文字号, keywords, the area and item names,
        发布机构, 主题分类 and 体裁分类 (a match there ranks after title/body matches).
        """
        if self._tokens is None:
            meta = " ".join(
                filter(
                    None,
                    [
                        self.index_number,
                        self.doc_number,
                        self.keywords,
                        self.area,
                        self.item,
                        self.department,
                        self.publisher,
                        self.topic,
                        self.genre,
                    ],
                )
            )
            self._tokens = {
                "title_grams": analysis.gram_tokens(self.title),
                "body_grams": analysis.gram_tokens(self.body_text),
                "meta_grams": analysis.gram_tokens(meta),
                "title_words": analysis.word_tokens(self.title),
                "body_words": analysis.word_tokens(self.body_text),
                "fold_grams": analysis.fold_marks(self.title, self.body_text),
            }
        return self._tokens

    def as_source(self):
        """Display and facet fields (stored by every backend)."""
        return {
            "entry_id": self.entry_id,
            "portal_id": self.portal_id,
            "index_number": self.index_number,
            "source_id": self.source_id,
            "title": self.title,
            "url": self.url,
            "doc_number": self.doc_number,
            "department": self.department,
            "area": self.area,
            "item": self.item,
            "topic": self.topic,
            "genre": self.genre,
            "five_public": self.five_public,
            "validity": self.validity,
            "published_on": self.published_on,
            "year": self.year,
            "body_text": self.body_text,
        }


def _catalog_names(entries):
    """(area, item) names per entry, from the tree: parent is an item or an area."""
    from pages.models import CatalogArea, CatalogItem

    step = Page.steplen
    paths = set()
    for e in entries:
        paths.add(e.path[:-step])
        paths.add(e.path[: -2 * step])
    area_ct = ContentType.objects.get_for_model(CatalogArea).pk
    item_ct = ContentType.objects.get_for_model(CatalogItem).pk
    nodes = {row["path"]: row for row in Page.objects.filter(path__in=paths).values("path", "title", "content_type_id")}
    names = {}
    for e in entries:
        parent = nodes.get(e.path[:-step])
        area = item = ""
        if parent and parent["content_type_id"] == item_ct:
            item = parent["title"]
            grand = nodes.get(e.path[: -2 * step])
            area = grand["title"] if grand and grand["content_type_id"] == area_ct else ""
        elif parent and parent["content_type_id"] == area_ct:
            area = parent["title"]
        names[e.pk] = (area, item)
    return names


def build_documents(entry_ids):
    """{entry_id: SearchDoc or None}; None means "must not be in the index"."""
    entry_ids = list(entry_ids)
    result = {pk: None for pk in entry_ids}
    entries = list(
        public_queryset().filter(pk__in=entry_ids).select_related("department", "topic", "genre", "five_public")
    )
    names = _catalog_names(entries)
    for e in entries:
        area, item = names[e.pk]
        result[e.pk] = SearchDoc(
            entry_id=e.pk,
            portal_id=e.portal_id,
            index_number=e.index_number or "",
            source_id=e.source_id,
            title=e.title,
            url=e.get_url() or "",
            doc_number=e.doc_number,
            department=e.department.name if e.department_id else e.publisher,
            area=area,
            item=item,
            topic=e.topic.name if e.topic_id else "",
            genre=e.genre.name if e.genre_id else "",
            five_public=e.five_public.name if e.five_public_id else "",
            validity=e.validity,
            published_on=e.published_on,
            body_text=analysis.html_to_text(e.body),
            keywords=e.keywords,
            publisher=e.publisher if e.publisher != (e.department.name if e.department_id else "") else "",
        )
    return result


def public_entry_ids():
    """Every entry id that belongs in the index (for rebuilds)."""
    return list(public_queryset().order_by("pk").values_list("pk", flat=True))
