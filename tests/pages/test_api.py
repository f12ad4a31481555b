import datetime
import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from pages.models import DisclosureEntry
from workflows import services

from ..factories import make_user, new_entry


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def published(catalog, portal):
    leader = make_user("api_leader", portal.leaders_group)
    policy = new_entry(
        catalog["budget"], title="2025年部门预算", doc_number="测财〔2025〕1号", published_on=datetime.date(2025, 2, 1)
    )
    services.force_publish(policy, leader, "测试数据")
    interp = new_entry(
        catalog["budget"], title="2025年部门预算解读", interprets=policy, published_on=datetime.date(2025, 2, 3)
    )
    services.force_publish(interp, leader, "测试数据")
    old = new_entry(
        catalog["dibao"],
        title="2023年低保标准",
        published_on=datetime.date(2023, 5, 1),
        validity="废止",
        expired_on=datetime.date(2024, 1, 1),
    )
    services.force_publish(old, leader, "测试数据")
    draft = new_entry(catalog["budget"], title="尚未发布的草稿")
    return {
        "policy": DisclosureEntry.objects.get(pk=policy.pk),
        "interp": DisclosureEntry.objects.get(pk=interp.pk),
        "old": old,
        "draft": draft,
        "leader": leader,
    }


def test_entry_list_filters_ordering_pagination(api, published):
    data = api.get("/api/v2/entries/").json()
    assert data["count"] == 3
    assert [e["title"] for e in data["results"]] == ["2025年部门预算解读", "2025年部门预算", "2023年低保标准"]
    assert api.get("/api/v2/entries/", {"department": "民政办"}).json()["count"] == 1
    assert api.get("/api/v2/entries/", {"validity": "废止"}).json()["results"][0]["title"] == "2023年低保标准"
    assert api.get("/api/v2/entries/", {"year": 2025}).json()["count"] == 2
    assert api.get("/api/v2/entries/", {"published_from": "2025-02-02"}).json()["count"] == 1
    assert api.get("/api/v2/entries/", {"item": published["policy"].get_parent().pk}).json()["count"] == 2
    page = api.get("/api/v2/entries/", {"page_size": 1, "page": 2, "ordering": "published_on"}).json()
    assert page["results"][0]["title"] == "2025年部门预算" and page["next"] and page["previous"]
    bad = api.get("/api/v2/entries/", {"year": "二〇二五"})
    assert (
        bad.status_code == 400
        and bad.json()["code"] == "invalid"
        and "整数" in json.dumps(bad.json(), ensure_ascii=False)
    )
    huge = api.get("/api/v2/entries/", {"area": "909751027224417678697431040"})
    assert huge.status_code == 400 and "超出范围" in json.dumps(huge.json(), ensure_ascii=False)


def test_entry_detail_metadata_links_and_cache_headers(api, published):
    policy = published["policy"]
    response = api.get(f"/api/v2/entries/{policy.pk}/")
    body = response.json()
    assert body["index_number"] == policy.index_number and body["doc_number"] == "测财〔2025〕1号"
    assert body["department"] == "财政所" and body["genre"] == "预算" and body["five_public"] == "结果公开"
    assert [i["title"] for i in body["interpretations"]] == ["2025年部门预算解读"]
    assert body["interprets"] == [] and body["related_entries"] == []
    assert body["area"] == "财政预决算" and body["item"] == policy.get_parent().title
    interp = api.get(f"/api/v2/entries/{published['interp'].pk}/").json()
    assert interp["interprets"][0]["index_number"] == policy.index_number
    assert response["ETag"] and response["Last-Modified"] and "max-age" in response["Cache-Control"]
    assert api.get(f"/api/v2/entries/{policy.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    missing = api.get(f"/api/v2/entries/{published['draft'].pk}/")
    assert missing.status_code == 404 and missing.json() == {
        "code": "not_found",
        "message": "找不到请求的资源",
        "errors": None,
    }
    # Related entries: the public one is linked, the draft never shows.
    policy.related_entries.add(published["old"], published["draft"])
    policy.save()
    related = api.get(f"/api/v2/entries/{policy.pk}/").json()["related_entries"]
    assert [r["title"] for r in related] == ["2023年低保标准"]


def test_catalog_tree_counts_public_entries_only(api, published, portal):
    tree = api.get(f"/api/v2/portals/{portal.slug}/catalog/").json()
    budget = next(a for a in tree if a["title"] == "财政预决算")
    assert budget["entry_count"] == 2 and budget["items"][0]["entry_count"] == 2
    assert api.get("/api/v2/portals/nope/catalog/").status_code == 404


def test_staff_workflow_endpoint_over_token(api, catalog, users, published):
    entry = new_entry(catalog["budget"], title="经API提交")
    entry.save_revision(user=users["finance_editor"])
    assert api.get(f"/api/v2/entries/{entry.pk}/workflow/").status_code == 401
    token = Token.objects.create(user=users["finance_editor"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    state = api.get(f"/api/v2/entries/{entry.pk}/workflow/").json()
    assert state["state"] == "草稿" and [t["name"] for t in state["transitions"]] == ["submit"]
    # A reviewer of the owning department submits: being in the approving group, only the
    # four-eyes rule keeps them from approving their own submission.
    submitter = make_user("api_reviewer_submitter", catalog["finance"].reviewers_group)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=submitter).key}")
    assert "submit" in [t["name"] for t in api.get(f"/api/v2/entries/{entry.pk}/workflow/").json()["transitions"]]
    assert api.post(f"/api/v2/entries/{entry.pk}/workflow/submit/", {}, format="json").json()["state"] == "待部门审核"
    # The submitter cannot approve; another reviewer can, with a comment that shows in the history.
    assert "approve" not in [t["name"] for t in api.get(f"/api/v2/entries/{entry.pk}/workflow/").json()["transitions"]]
    denied = api.post(f"/api/v2/entries/{entry.pk}/workflow/approve/", {"comment": "自己通过"}, format="json")
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    assert DisclosureEntry.objects.get(pk=entry.pk).current_workflow_task_state.task.name == "部门审核"
    reviewer = make_user("api_reviewer", catalog["finance"].reviewers_group)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reviewer).key}")
    assert "reject" in [t["name"] for t in api.get(f"/api/v2/entries/{entry.pk}/workflow/").json()["transitions"]]
    empty = api.post(f"/api/v2/entries/{entry.pk}/workflow/reject/", {"comment": ""}, format="json")
    assert empty.status_code == 400 and "意见" in json.dumps(empty.json(), ensure_ascii=False)
    result = api.post(f"/api/v2/entries/{entry.pk}/workflow/reject/", {"comment": "请补充附件"}, format="json").json()
    assert result["state"] == "已退回"
    assert any(h["comment"] == "请补充附件" and h["actor"] == "api_reviewer" for h in result["history"])
    # Another department's editor cannot even see it.
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['civil_editor']).key}")
    assert api.get(f"/api/v2/entries/{entry.pk}/workflow/").status_code == 404


def test_workflow_document_after_a_transition_is_the_get_document(api, catalog, users, published):
    """After POST …/workflow/<transition>/ the answer is the @workflow document of GET: its links
    name this entry's transitions (once they came out as …/workflow/force_publish/retract/)."""
    entry = new_entry(catalog["budget"], title="强制发布后撤回")
    entry.save_revision(user=users["finance_editor"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['admin']).key}")
    after = api.post(f"/api/v2/entries/{entry.pk}/workflow/force_publish/", {"comment": "紧急发布"}, format="json")
    assert after.status_code == 200, after.json()
    after = after.json()
    assert after["state"].startswith("已发布") and "retract" in [t["name"] for t in after["transitions"]]
    assert after == api.get(f"/api/v2/entries/{entry.pk}/workflow/").json()
    for transition in after["transitions"]:
        assert transition["url"] == f"http://testserver/api/v2/entries/{entry.pk}/workflow/{transition['name']}/"


def test_drafts_are_validated_like_the_admin(api, catalog, users):
    api.force_authenticate(users["finance_editor"])
    ok = api.post(
        "/api/v2/drafts/", {"parent": catalog["budget"].pk, "title": "API草稿", "body": "<p>正文</p>"}, format="json"
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["state"] == "草稿" and not DisclosureEntry.objects.get(pk=ok.json()["id"]).live
    bad = api.post(
        "/api/v2/drafts/",
        {"parent": catalog["budget"].pk, "title": "废止但无日期", "body": "<p>x</p>", "validity": "废止"},
        format="json",
    )
    assert bad.status_code == 400 and "expired_on" in bad.json()["errors"]
    other = api.post(
        "/api/v2/drafts/", {"parent": catalog["dibao"].pk, "title": "越权", "body": "<p>x</p>"}, format="json"
    )
    assert other.status_code == 403
    patched = api.patch(f"/api/v2/drafts/{ok.json()['id']}/", {"title": "API草稿（改）"}, format="json")
    assert patched.status_code == 200
    entry = DisclosureEntry.objects.get(pk=ok.json()["id"])
    assert entry.get_latest_revision_as_object().title == "API草稿（改）"


def test_schema_and_docs(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    doc = json.loads(schema.content)
    assert doc["openapi"].startswith("3.") and "/api/v2/entries/{id}/workflow/" in doc["paths"]
    assert api.get("/api/docs/").status_code == 200


def test_security_headers_and_cors(client, published, settings):
    response = client.get(published["policy"].url)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["Referrer-Policy"]
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.gov.cn"]
    cors = client.get("/api/v2/entries/", HTTP_ORIGIN="https://app.example.gov.cn")
    assert cors["Access-Control-Allow-Origin"] == "https://app.example.gov.cn"
    assert "Access-Control-Allow-Origin" not in client.get("/api/v2/entries/", HTTP_ORIGIN="https://evil.example")


def test_public_api_cache_is_invalidated_by_publication(api, catalog, portal, settings):
    from django.core.cache import cache

    settings.PUBLIC_API_CACHE = True
    cache.clear()
    leader = make_user("cache_leader", portal.leaders_group)
    first = new_entry(catalog["budget"], title="缓存测试一")
    services.force_publish(first, leader, "测试")
    assert api.get("/api/v2/entries/").json()["count"] == 1
    DisclosureEntry.objects.filter(pk=first.pk).update(title="绕过信号的修改")
    assert api.get("/api/v2/entries/").json()["results"][0]["title"] == "缓存测试一"  # served from cache
    second = new_entry(catalog["budget"], title="缓存测试二")
    services.force_publish(second, leader, "测试")
    assert api.get("/api/v2/entries/").json()["count"] == 2  # a publication invalidates
    services.retract(DisclosureEntry.objects.get(pk=second.pk), leader, "撤回")
    assert api.get("/api/v2/entries/").json()["count"] == 1  # and so does a retraction
    cache.clear()


def test_ids_and_pages_beyond_the_database_integer_range_are_not_server_errors(api, users, published):
    huge = "9" * 30
    assert api.get(f"/api/v2/entries/{huge}/").status_code == 404
    assert api.get("/api/v2/search/", {"q": "预算", "page": huge}).status_code == 200
    assert api.get("/search/", {"q": "预算", "page": huge, "year": huge}).status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['finance_editor']).key}")
    for path in (f"/api/v2/entries/{huge}/workflow/", f"/api/v2/drafts/{huge}/"):
        response = api.get(path)
        assert response.status_code == 404 and response.json()["code"] == "not_found", path


def test_list_count_is_cached_until_the_next_publication(catalog, portal, settings):
    from django.core.cache import cache

    from pages.api import CachedCountPaginator
    from pages.models import public_entries

    settings.PUBLIC_API_CACHE = True
    cache.clear()

    def count():
        return CachedCountPaginator(public_entries().order_by("pk"), 20).count

    leader = make_user("count_leader", portal.leaders_group)
    services.force_publish(new_entry(catalog["budget"], title="计数一"), leader, "测试")
    assert count() == 1
    assert CachedCountPaginator(public_entries().none(), 20).count == 0
    with_cache = APIClient().get("/api/v2/entries/", {"area": 0, "item": 0})
    assert with_cache.status_code == 200 and with_cache.json()["count"] == 0
    sneaked = new_entry(catalog["budget"], title="绕过流水线")
    DisclosureEntry.objects.filter(pk=sneaked.pk).update(live=True, index_number="TEST-0001")  # no signal
    assert count() == 1  # served from the cache
    services.force_publish(new_entry(catalog["budget"], title="计数二"), leader, "测试")
    assert count() == 3  # a publication invalidates
    settings.PUBLIC_API_CACHE = False
    DisclosureEntry.objects.filter(pk=sneaked.pk).update(live=False)
    assert count() == 2  # and with the cache off the count is always fresh
    cache.clear()
