"""One contract, run against the database backend and a real Elasticsearch node."""

import datetime

import pytest

from .helpers import ids


def test_chinese_term_found_and_only_public_entries(engine, corpus):
    res = engine.search("低保", page_size=50)
    found = set(ids(res))
    assert {corpus["dibao_title"].pk, corpus["dibao_body"].pk} <= found
    for key in ("draft", "on_request", "classified"):
        assert corpus[key].pk not in found


def test_every_term_must_match(engine, corpus):
    res = engine.search("农村 危房")
    assert ids(res) == [corpus["housing"].pk] and not res.partial
    # Nothing holds both: entries holding one of them, marked 部分匹配.
    res = engine.search("农村 决算", page_size=50)
    assert res.partial and res.as_dict()["partial"] is True
    assert {corpus["housing"].pk, corpus["final"].pk} <= set(ids(res))


def test_quoted_phrase_matches_as_written(engine, corpus):
    assert ids(engine.search('"危房改造补助"')) == [corpus["housing"].pk]
    assert engine.search('"改造危房"').total == 0
    # A quoted phrase gets no synonyms.
    assert corpus["dibao_syn"].pk not in ids(engine.search('"低保"', page_size=50))


def test_index_number_and_doc_number_find_their_entry(engine, corpus):
    entry = corpus["budget"]
    assert ids(engine.search(entry.index_number))[0] == entry.pk
    assert ids(engine.search("〔2020〕12号")) == [entry.pk]
    assert ids(engine.search("测财〔2020〕12号")) == [entry.pk]


def test_full_width_and_case_fold(engine, corpus):
    assert ids(engine.search("abc")) == [corpus["fullwidth"].pk]
    assert ids(engine.search("ＡＢＣ项目")) == [corpus["fullwidth"].pk]


def test_synonyms_count_but_rank_after_literal_matches(engine, corpus):
    res = engine.search("低保", page_size=50)
    order = ids(res)
    assert corpus["dibao_syn"].pk in order
    assert order.index(corpus["dibao_syn"].pk) > order.index(corpus["dibao_body"].pk)
    assert order.index(corpus["dibao_syn"].pk) > order.index(corpus["dibao_title"].pk)


def test_title_matches_rank_above_body_only(engine, corpus):
    order = ids(engine.search("低保", page_size=50))
    assert order.index(corpus["dibao_title"].pk) < order.index(corpus["dibao_body"].pk)
    order = ids(engine.search("预算", page_size=50))
    assert order[0] == corpus["budget"].pk  # title; 决算 mentions 预算 only in the body
    assert corpus["final"].pk in order


def test_hit_fields_and_snippet(engine, corpus):
    hit = engine.search("三公经费").hits[0]
    entry = corpus["budget"]
    assert hit.entry_id == entry.pk and hit.index_number == entry.index_number
    assert hit.title == "2025年部门预算公开" and hit.url.endswith("/")
    assert "<em>三公经费</em>" in hit.snippet
    assert hit.department == "财政所" and hit.area == "财政预决算" and hit.item == "部门预算"
    assert hit.published_on == entry.published_on and hit.validity == "有效" and hit.score > 0


def test_facets_and_filters(engine, corpus):
    res = engine.search("", page_size=50)
    assert res.total == 7
    facets = {k: dict(v) for k, v in res.facets.items()}
    assert facets["department"] == {"财政所": 3, "民政办": 4}
    assert facets["validity"] == {"有效": 6, "失效": 1}
    assert facets["year"][2025] >= 3 and facets["year"][2022] == 1
    assert facets["area"]["社会救助"] == 4
    assert facets["topic"] == {"财政": 1}
    assert facets["genre"]["方案"] == 1
    assert facets["five_public"] == {"结果公开": 7}
    only = engine.search("", filters={"department": "民政办", "year": 2025})
    assert set(ids(only)) == {corpus["dibao_title"].pk, corpus["dibao_body"].pk}
    assert ids(engine.search("", filters={"validity": "失效"})) == [corpus["housing"].pk]
    dated = engine.search("", filters={"date_from": datetime.date(2024, 1, 1), "date_to": datetime.date(2024, 12, 31)})
    assert ids(dated) == [corpus["final"].pk]
    with pytest.raises(ValueError):
        engine.search("", filters={"password": "x"})


def test_sort_by_date_and_stable_pagination(engine, corpus):
    res = engine.search("", sort="date", page_size=50)
    dates = [h.published_on for h in res.hits]
    assert dates == sorted(dates, reverse=True)
    oldest = engine.search("", sort="date_asc", page_size=1).hits[0]
    assert oldest.entry_id == corpus["housing"].pk
    pages = [ids(engine.search("", sort="relevance", page=p, page_size=3)) for p in (1, 2, 3)]
    flat = [i for page in pages for i in page]
    assert len(flat) == len(set(flat)) == 7
    assert pages[0] == ids(engine.search("", page=1, page_size=3))
    low = [ids(engine.search("低保", page=p, page_size=1)) for p in range(1, 4)]
    assert [x[0] for x in low] == ids(engine.search("低保", page_size=3))
