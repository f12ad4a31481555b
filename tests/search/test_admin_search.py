"""Wagtail's own search (admin) finds Chinese words with the same analysis."""

from pages.models import DisclosureEntry

from .helpers import publish


def test_admin_search_finds_chinese_words(catalog, users, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = publish(catalog["budget"], "2025年部门预算公开", "<p>本年度三公经费预算为零。</p>")
        other = publish(catalog["dibao"], "城乡低保标准", "<p>最低生活保障标准调整。</p>")
    found = list(DisclosureEntry.objects.search("预算"))
    assert found == [entry]
    assert list(DisclosureEntry.objects.search("三公经费")) == [entry]
    assert list(DisclosureEntry.objects.search("生活保障")) == [other]
    assert list(DisclosureEntry.objects.search("预算 低保")) == []

    client.force_login(users["admin"])
    response = client.get("/admin/pages/search/", {"q": "部门预算"})
    assert response.status_code == 200
    assert "2025年部门预算公开" in response.content.decode()
    assert "城乡低保标准" not in response.content.decode()
