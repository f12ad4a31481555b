"""Unspaced queries (issue 13), one contract run against the database backend and a real
Elasticsearch node: a query is cut into words by the project tokenizer; an entry matches
when it holds every word; the whole query as typed ranks first, then title matches and
words close together; metadata-only matches come last; 部分匹配 when nothing holds all."""

import pytest

from search.backends import get_backend

from .helpers import ids


@pytest.fixture
def search(backend_name, town):
    backend = get_backend(backend_name)
    return lambda query, **kw: backend.search(query, page_size=50, **kw)


def test_unspaced_two_words_match_apart_and_rank_phrase_title_near_far_metadata(search, town):
    res = search("财政预算")
    assert not res.partial
    order = ids(res)
    expected = [town[k].pk for k in ("phrase", "title_words", "near", "far", "meta_only")]
    assert order == expected
    # Spaced as before: the same entries.
    assert set(ids(search("财政 预算"))) == set(expected)


def test_unspaced_three_words(search, town):
    order = ids(search("临时救助办法"))
    assert order[:2] == [town["relief_phrase"].pk, town["relief"].pk]
    order = ids(search("突发困难家庭"))  # the words in another order than the body's
    assert order == [town["relief"].pk]


def test_quoted_phrase_stays_literal(search, town):
    assert ids(search('"财政预算"')) == [town["phrase"].pk]
    res = search('"预算财政"')
    assert res.total == 0 and not res.partial


def test_partial_match_when_nothing_holds_every_word(search, town):
    res = search("养老补贴")
    assert res.partial and res.as_dict()["partial"] is True
    assert {town["elderly"].pk, town["subsidy"].pk} <= set(ids(res))
    assert not search("养老服务").partial


def test_area_name_found_and_metadata_only_ranks_last(search, town):
    res = search("财政预决算")
    order = ids(res)
    assert town["meta_only"].pk in order and not res.partial
    assert order.index(town["area_phrase"].pk) < order.index(town["meta_only"].pk)
    hit = next(h for h in res.hits if h.entry_id == town["meta_only"].pk)
    assert hit.area == "财政预决算"
    # Other metadata: 发布机构 and 体裁分类.
    assert town["meta_only"].pk in ids(search("财政所工作简报"))
    assert town["elderly"].pk in ids(search("养老服务通知"))


@pytest.mark.parametrize(
    "query, key",
    [
        ("突发困难家庭", "relief"),
        ("工作任务完成", "meta_only"),
        ("管理效率提高", "title_words"),
        ("服务中心养老", "elderly"),
        ("补贴标准到户", "subsidy"),
        ("预算支出下降", "near"),
        ("民生支出预算执行", "far"),
        ("临时救助工作规范", "relief_phrase"),
    ],
)
def test_no_empty_result_when_an_entry_holds_every_word(search, town, query, key):
    res = search(query)
    assert res.total > 0 and not res.partial
    assert town[key].pk in ids(res)


def test_search_page_and_api_mark_partial_matches(client, town):
    html = client.get("/search/", {"q": "养老补贴"}).content.decode()
    assert 'id="partial"' in html and "部分匹配" in html and town["elderly"].title in html
    html = client.get("/search/", {"q": "财政预算"}).content.decode()
    assert "部分匹配" not in html and town["phrase"].title in html
    data = client.get("/api/v2/search/", {"q": "养老补贴"}).json()
    assert data["partial"] is True and data["total"] >= 2
    assert client.get("/api/v2/search/", {"q": "财政预算"}).json()["partial"] is False
