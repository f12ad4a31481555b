"""The public search page and /api/v2/search/ over the search contract (database backend)."""

import datetime

import pytest

from pages.models import DisclosureEntry
from workflows import services

from ..factories import make_user, new_entry


@pytest.fixture
def indexed(catalog, portal, django_capture_on_commit_callbacks):
    leader = make_user("s_leader", portal.leaders_group)
    made = []
    with django_capture_on_commit_callbacks(execute=True):
        for title, parent, body in [
            ("2025年最低生活保障资金发放情况", catalog["dibao"], "<p>本季度低保资金按时足额发放。</p>"),
            ("2025年部门预算公开", catalog["budget"], "<p>财政资金预算安排情况。</p>"),
        ]:
            entry = new_entry(parent, title=title, body=body, published_on=datetime.date(2025, 3, 1))
            services.force_publish(entry, leader, "测试")
            made.append(DisclosureEntry.objects.get(pk=entry.pk))
        draft = new_entry(catalog["dibao"], title="低保草稿不应被检索到")
    return made, draft


def test_search_page_finds_chinese_words_with_facets(client, indexed):
    (dibao, budget), draft = indexed
    html = client.get("/search/", {"q": "低保"}).content.decode()
    assert dibao.title in html and dibao.index_number in html
    assert draft.title not in html and budget.title not in html
    assert "<em>" in html  # highlighted
    assert "民政办" in html  # department facet
    filtered = client.get("/search/", {"q": "资金", "department": "财政所"}).content.decode()
    assert budget.title in filtered and dibao.title not in filtered
    none = client.get("/search/", {"q": "不存在的词语组合"}).content.decode()
    assert "没有找到与“不存在的词语组合”相关的信息" in none and "低保" in none  # suggestions
    assert "最新发布" not in none  # no sort links without results


def test_search_api_contract(client, indexed):
    (dibao, budget), _ = indexed
    data = client.get("/api/v2/search/", {"q": "资金", "sort": "date"}).json()
    assert data["total"] == 2 and {h["index_number"] for h in data["hits"]} == {dibao.index_number, budget.index_number}
    assert "department" in data["facets"]
    one = client.get("/api/v2/search/", {"q": "资金", "department": "民政办"}).json()
    assert [h["title"] for h in one["hits"]] == [dibao.title]


@pytest.mark.parametrize("query", ["😀", "！？。……", "😀 ，，", "🎉🎉 ～"])
def test_query_of_only_emoji_or_punctuation_finds_nothing_and_says_why(client, indexed, query):
    """It used to return every public entry (issue 12, Low)."""
    data = client.get("/api/v2/search/", {"q": query}).json()
    assert data["total"] == 0 and data["hits"] == []
    assert data["notice"] == "检索词中没有可检索的文字（只有表情符号或标点），请输入汉字、字母或数字。"
    html = client.get("/search/", {"q": query}).content.decode()
    assert "检索词中没有可检索的文字" in html and indexed[0][0].title not in html
    # Emoji around a word still finds it.
    assert client.get("/api/v2/search/", {"q": "😀低保！"}).json()["total"] == 1
