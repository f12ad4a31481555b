"""Leak test: entries in every state, and every public output shows exactly the public ones."""

import datetime
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils.encoding import iri_to_uri
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from pages.catalog import ensure_area, ensure_item
from pages.models import DisclosureEntry, EntryAttachment
from workflows import services

from ..factories import make_user, new_entry
from .files import pdf

STATES = [
    "draft",
    "pending_department",
    "pending_leader",
    "rejected",
    "published",
    "lapsed",
    "repealed",
    "retracted",
    "classified",
    "on_request",
    "restricted",
    "force_then_retracted",
]
PUBLIC_STATES = {"published", "lapsed", "repealed"}
# Never public: the change feed must not even name them as removed.
NEVER_PUBLIC_STATES = {"draft", "pending_department", "pending_leader", "rejected", "classified", "on_request"}


def make(state, n, catalog, cast, parent=None):
    fields = {}
    if state == "lapsed":
        fields = {"validity": "失效", "expired_on": datetime.date(2025, 1, 1)}
    elif state == "repealed":
        fields = {"validity": "废止", "expired_on": datetime.date(2025, 1, 1)}
    elif state == "classified":
        fields = {"classification": "秘密", "classified_on": datetime.date(2025, 1, 1)}
    elif state == "on_request":
        fields = {"openness": "依申请公开"}
    entry = new_entry(parent or catalog["budget"], title=f"泄露测试{n}-{state}", **fields)
    # A readable PDF: the personal-data guard holds a damaged one until a reviewer confirms it.
    document = Document.objects.create(title=f"附件{n}", file=ContentFile(pdf(f"Annex {n}"), name=f"att{n}.pdf"))
    EntryAttachment.objects.create(entry=entry, document=document, title=f"附件{n}")
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    entry.save_revision(user=cast["editor"])
    fresh = lambda: DisclosureEntry.objects.get(pk=entry.pk)  # noqa: E731
    if state in ("pending_department", "pending_leader", "rejected"):
        services.submit(fresh(), cast["editor"])
        if state != "pending_department":
            services.approve(fresh(), cast["reviewer"])
        if state == "rejected":
            services.reject(fresh(), cast["leader"], "退回")
    elif state in ("published", "lapsed", "repealed", "retracted", "restricted", "on_request"):
        services.submit(fresh(), cast["editor"])
        services.approve(fresh(), cast["reviewer"])
        services.approve(fresh(), cast["leader"])
        if state == "retracted":
            services.retract(fresh(), cast["leader"], "撤回")
        if state == "restricted":
            PageViewRestriction.objects.create(page=fresh(), restriction_type="login")
    elif state == "force_then_retracted":
        services.force_publish(fresh(), cast["leader"], "紧急")
        services.retract(fresh(), cast["leader"], "撤回")
    elif state == "classified":
        try:
            services.force_publish(fresh(), cast["leader"], "试图发布涉密文件")
        except Exception:
            pass
    return fresh(), document


QUERY = "泄露测试"


def listed(html, entry):
    return f">{entry.title}<" in html


def public_outputs(client, portal, entries, area):
    """For each entry, whether each public output shows it. Every output of the README's list:
    entry page, API list and detail, feed, change feed, sitemap, attachment, search page and API, portal home,
    area and item listings, and the catalog counts (here: whether the counts equal the entries
    listed as public, checked by the caller)."""
    seen = {}
    api_ids = set()
    url = "/api/v2/entries/?page_size=100"
    while url:
        data = client.get(url).json()
        api_ids |= {r["id"] for r in data["results"]}
        url = data["next"]
    feed = client.get(f"/feeds/{portal.slug}.atom").content.decode()
    changes, cursor = [], ""
    while True:  # the change feed (/api/v2/changes/) from the beginning, every page
        page = client.get("/api/v2/changes/", {"since": cursor, "limit": 500}).json()
        changes += page["changes"]
        cursor = page["cursor"]
        if not page["more"]:
            break
    changes_text = json.dumps(changes, ensure_ascii=False)
    changes_published = {c["id"] for c in changes if c["change"] == "published"}
    changes_named = {c["id"] for c in changes}
    sitemap = client.get("/sitemap.xml").content.decode()
    search_api = client.get("/api/v2/search/", {"q": QUERY, "page_size": 50}).json()
    assert search_api["total"] == len(search_api["hits"])  # one page holds them all
    search_api_urls = {hit["url"] for hit in search_api["hits"]}
    search_page = client.get("/search/", {"q": QUERY}).content.decode()
    suggested = {s["text"] for s in client.get("/api/v2/search/suggest/", {"q": QUERY}).json()["suggestions"]}
    home = client.get(portal.url).content.decode()
    listings = {}
    for entry, _ in entries:
        parent = entry.get_parent()
        if parent.pk not in listings:
            listings[parent.pk] = client.get(parent.url).content.decode()
    for entry, document in entries:
        seen[entry.pk] = {
            "page": client.get(entry.get_url() or "/nonexistent/").status_code == 200,
            "api_list": entry.pk in api_ids,
            "api_detail": client.get(f"/api/v2/entries/{entry.pk}/").status_code == 200,
            "feed": entry.title in feed,
            "change_feed": entry.pk in changes_published or entry.title in changes_text,
            "sitemap": iri_to_uri(entry.get_full_url()) in sitemap,
            "attachment": client.get(document.url).status_code == 200,
            "search_api": any(entry.title in hit["title"] for hit in search_api["hits"])
            or entry.get_url() in search_api_urls,
            "search_page": entry.title in search_page,
            "suggest_api": entry.title in suggested,
            "home": listed(home, entry),
            "listing": listed(listings[entry.get_parent().pk], entry),
        }
    tree = client.get(f"/api/v2/portals/{portal.slug}/catalog/").json()
    counts = {a["id"]: a["entry_count"] for a in tree}
    counts.update({i["id"]: i["entry_count"] for a in tree for i in a["items"]})
    # The counts the pages print: site map, 政府信息公开 column and the generated 指南 (per area).
    for url, pattern in (
        (portal.site_map_url(), r'>([^<]+)</a> <span class="count">（(\d+)条）'),
        (portal.column_url(), r'>([^<]+)</a> <span class="count">(\d+)条'),
        (portal.guide_url(), r">([^<]+)</a>（(\d+)条）"),
    ):
        html = client.get(url).content.decode()
        page_counts = {title: int(n) for title, n in re.findall(pattern, html)}
        for area in tree:
            assert page_counts.get(area["title"]) == area["entry_count"], (url, area["title"], page_counts)
    seen["change_feed_named"] = changes_named
    return seen, counts


@pytest.mark.django_db
def test_no_output_leaks_a_non_public_entry(catalog, portal, settings_media, django_capture_on_commit_callbacks):
    cast = {
        "editor": make_user("leak_editor", catalog["finance"].editors_group),
        "reviewer": make_user("leak_reviewer", catalog["finance"].reviewers_group),
        "leader": make_user("leak_leader", portal.leaders_group),
    }

    # An area without items holds entries directly, so the area listing is exercised too.
    area = ensure_area(portal, "机构职能", kind="statutory", department=catalog["finance"])
    parents = [catalog["budget"], area]

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.sampled_from(STATES), min_size=1, max_size=6))
    def run(states):
        sid = transaction.savepoint()
        try:
            # Search indexing runs after commit: run those callbacks (rolled back with the savepoint).
            with django_capture_on_commit_callbacks(execute=True):
                entries = [make(state, n, catalog, cast, parents[n % 2]) for n, state in enumerate(states)]
            seen, counts = public_outputs(Client(), portal, entries, area)
            for (entry, _), state in zip(entries, states):
                expected = state in PUBLIC_STATES
                for output, shown in seen[entry.pk].items():
                    assert shown == expected, f"{state} entry: {output} shows={shown}"
                if state in NEVER_PUBLIC_STATES:
                    assert entry.pk not in seen["change_feed_named"], f"the change feed names a {state} entry"
            for parent in parents:
                public = sum(
                    1
                    for (e, _), state in zip(entries, states)
                    if state in PUBLIC_STATES and e.get_parent().pk == parent.pk
                )
                assert counts[parent.pk] == public, f"catalog count of {parent.title}: {counts[parent.pk]} != {public}"
            budget_area = catalog["budget"].get_parent()
            assert counts[budget_area.pk] == counts[catalog["budget"].pk]  # the area counts its items' entries
        finally:
            transaction.savepoint_rollback(sid)

    run()
    # Every state at least once, deterministically.
    run.hypothesis.inner_test(STATES)


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return settings


@pytest.mark.django_db
def test_the_not_applicable_page_shows_only_published_public_marks(portal, catalog):
    """未涉及领域事项说明 (issue 16): the published marks of live, public nodes of this portal, with
    their reasons; never a draft node, a node behind a view restriction (or under one), a mark or
    reason saved only as a draft, or another portal's mark."""

    def mark(node, reason, publish=True):
        node.not_applicable, node.not_applicable_reason = True, reason
        revision = node.save_revision()
        if publish:
            revision.publish()

    shown_area = ensure_area(portal, "户籍管理", kind="basic")
    mark(shown_area, "户籍管理由县公安局派出所负责，本镇不涉及")
    mark(catalog["budget"], "本镇预算随县级部门预算公开")
    hidden_draft_area = ensure_area(portal, "草稿领域", kind="basic")
    mark(hidden_draft_area, "理由甲：草稿领域")
    hidden_draft_area.unpublish()
    restricted = ensure_area(portal, "受限领域", kind="basic")
    mark(ensure_item(restricted, "受限事项"), "理由乙：受限领域下的事项")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    mark(catalog["dibao"], "理由丙：只存为草稿", publish=False)
    changed = ensure_item(catalog["budget"].get_parent().specific, "决算")
    mark(changed, "本镇决算随县级公开")
    changed.refresh_from_db()
    changed.not_applicable_reason = "理由丁：未发布的新理由"
    changed.save_revision()
    from pages.catalog import create_portal

    other = create_portal("other", "他镇政务公开", "他镇人民政府")
    mark(ensure_area(other, "户籍管理", kind="basic"), "理由戊：他镇")

    html = Client().get(portal.not_applicable_url()).content.decode()
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>', html)
    assert rows == [
        ("财政预决算", "部门预算", "本镇预算随县级部门预算公开"),
        ("财政预决算", "决算", "本镇决算随县级公开"),
        ("户籍管理", "整个领域", "户籍管理由县公安局派出所负责，本镇不涉及"),
    ]
    for hidden in ("理由甲", "草稿领域", "理由乙", "受限", "理由丙", "理由丁", "理由戊"):
        assert hidden not in html
    # The column, the site map and the guide link to it; a marked item's page says why it is empty.
    for url in (portal.column_url(), portal.site_map_url(), portal.guide_url()):
        assert portal.not_applicable_url() in Client().get(url).content.decode()
    item_page = Client().get(catalog["budget"].url).content.decode()
    assert "本机关未涉及此项工作：本镇预算随县级部门预算公开" in item_page
    assert "本机关未涉及此项工作" not in Client().get(catalog["dibao"].url).content.decode()
