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


def test_a_save_sets_its_own_title_norm_from_an_average_read_once(catalog, django_capture_on_commit_callbacks):
    """modelsearch's ranking divides by the average title length. The average is read once per
    process (not on every save: that scanned the whole index table, 0.3 s per publication at
    100,000 entries) and a save sets the norm of its own rows."""
    import pytest
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.functions import Length

    from search import wagtail_search

    rows = apps.get_model("wagtailsearch", "IndexEntry").objects.filter(
        content_type=ContentType.objects.get_for_model(DisclosureEntry)
    )
    wagtail_search._title_average.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(catalog["budget"], "2025年部门预算公开", "<p>预算。</p>")
    (alias,) = wagtail_search._title_average
    read_once = wagtail_search._title_average[alias]
    with django_capture_on_commit_callbacks(execute=True):
        second = publish(catalog["dibao"], "城乡最低生活保障标准调整公告", "<p>低保。</p>")
    assert wagtail_search._title_average[alias] is read_once  # not read again for the second save
    average = read_once[0]
    rows = rows.annotate(length=Length("title"))  # characters on SQLite, lexemes of the tsvector on PostgreSQL
    for entry in (first, second):
        row = rows.get(object_id=str(entry.pk))
        assert row.title_norm == pytest.approx(average / row.length) and row.title_norm != 1.0
    # An edited title gets its norm again (modelsearch refreshed only rows still at 1.0).
    before = rows.get(object_id=str(second.pk)).title_norm
    second.title = "城乡低保"
    with django_capture_on_commit_callbacks(execute=True):
        second.save(update_fields=["title"])
    row = rows.get(object_id=str(second.pk))
    assert row.title_norm == pytest.approx(average / row.length) and row.title_norm != before
