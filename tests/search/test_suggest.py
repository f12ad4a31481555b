"""Traditional characters, pinyin, typos and suggestions (issue 13, milestone 2), against the
real services: the database index and a real Elasticsearch node."""

import datetime

import pytest

from pages.models import DisclosureEntry, Openness
from search import suggest, vocabulary
from search.assist import assisted_search
from search.backends import get_backend

from .helpers import ids, publish, refresh


@pytest.fixture
def words(catalog, backend_name, django_capture_on_commit_callbacks):
    """Public entries (one written in traditional characters) and non-public ones whose words
    must never be suggested; the vocabulary rebuilt from the public ones."""
    dibao = catalog["dibao"]
    with django_capture_on_commit_callbacks(execute=True):
        e = {
            "elderly": publish(dibao, "养老服务中心建设", "<p>建设村级养老服务中心，发放养老补贴。</p>"),
            "dibao": publish(dibao, "城乡低保标准调整", "<p>调整最低生活保障标准，低保资金按月发放。</p>"),
            "budget": publish(dibao, "财政预算执行情况", "<p>今年财政预算执行良好。</p>"),
            "traditional": publish(
                dibao,
                "關於財政預算公開的通知",
                "<p>各單位應當公開財政預算，接受群眾監督。</p>",
                published_on=datetime.date(2021, 1, 1),
            ),
            # Never public: its words must not reach a suggestion.
            "on_request": publish(dibao, "拆迁补偿明细", "<p>拆迁补偿对象明细</p>", openness=Openness.ON_REQUEST),
        }
    vocabulary.rebuild()
    refresh(backend_name)
    return e


def test_traditional_query_finds_what_the_simplified_one_finds(words, backend_name):
    backend = get_backend(backend_name)
    simplified = backend.search("财政预算", page_size=50)
    traditional = backend.search("財政預算", page_size=50)
    assert ids(traditional) == ids(simplified)
    # The entry written in traditional characters is found by the simplified query, highlighted as written.
    assert words["traditional"].pk in ids(simplified) and words["budget"].pk in ids(simplified)
    hit = next(h for h in simplified.hits if h.entry_id == words["traditional"].pk)
    assert "<em>財政預算</em>" in hit.snippet


def test_entries_holding_the_query_as_written_rank_before_folded_only_ones(
    words, backend_name, django_capture_on_commit_callbacks
):
    """A newer entry written in traditional characters is found by 财政预算 but ranks after the
    entries that hold 财政预算 as written (one mixing both scripts holds it as written)."""
    dibao = words["dibao"].get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        newer = publish(dibao, "財政預算執行情況", "<p>財政預算執行良好。</p>", published_on=datetime.date(2030, 1, 1))
        mixed = publish(dibao, "財政預算执行情况", "<p>财政预算执行良好。</p>", published_on=datetime.date(2029, 1, 1))
    refresh(backend_name)
    backend = get_backend(backend_name)
    for query in ("财政预算执行", "財政預算執行"):  # a traditional query ranks like the simplified one
        order = ids(backend.search(query, page_size=50))
        assert max(order.index(mixed.pk), order.index(words["budget"].pk)) < order.index(newer.pk), query
    order = ids(backend.search("财政预算", page_size=50))
    assert order.index(words["budget"].pk) < order.index(newer.pk)
    assert order.index(words["budget"].pk) < order.index(words["traditional"].pk)


def test_pinyin_spells_indexed_words(words, backend_name):
    assert suggest.pinyin_words("yanglao")[0] == "养老"
    assert suggest.pinyin_words("yang lao")[0] == "养老"
    assert "养老服务" in suggest.pinyin_words("ylfw")[:3]
    assert "低保" in suggest.pinyin_words("dibao")[:3]
    assert suggest.pinyin_words("qqqq") == []


def test_pinyin_query_searches_the_best_word_and_says_so(words, backend_name):
    res = assisted_search("yanglao")
    assert res.original_query == "yanglao" and res.query == "养老"
    assert words["elderly"].pk in ids(res) and not res.partial
    assert res.as_dict()["original_query"] == "yanglao"
    # As typed: nothing, and no rewrite.
    assert assisted_search("yanglao", as_typed=True).total == 0


def test_homophone_typos_are_corrected(words, backend_name):
    assert "养老服务" in suggest.corrections("养老服物")
    assert "低保" in suggest.corrections("低宝")
    res = assisted_search("低宝标准")
    assert res.original_query == "低宝标准" and res.query == "低保标准"
    assert words["dibao"].pk in ids(res)
    # A query that finds enough is left alone.
    assert suggest.corrections("财政预算") == []
    res = assisted_search("财政预算")
    assert res.original_query == "" and res.did_you_mean == [] and res.total == 2


def test_autocomplete_words_titles_and_api(words, backend_name, client):
    found = suggest.autocomplete("养老")
    texts = [s["text"] for s in found]
    assert "养老服务" in texts and "养老服务中心建设" in texts
    data = client.get("/api/v2/search/suggest/", {"q": "yanglao"}).json()
    assert data["suggestions"][0] == {"text": "养老", "kind": "pinyin"}
    data = client.get("/api/v2/search/suggest/", {"q": "財政"}).json()
    assert any(s["text"] == "财政预算" for s in data["suggestions"])


def test_nothing_non_public_is_suggested(words, backend_name, django_capture_on_commit_callbacks):
    assert not any("拆迁" in s["text"] for s in suggest.autocomplete("拆迁"))
    assert suggest.pinyin_words("chaiqian") == []
    # A word whose only entry is withdrawn goes at once (before any vocabulary rebuild).
    with django_capture_on_commit_callbacks(execute=True):
        only = publish(words["elderly"].get_parent(), "河道疏浚工程", "<p>河道疏浚工程完工。</p>")
    vocabulary.rebuild()
    assert "疏浚" in suggest.pinyin_words("shujun") or "疏浚工程" in suggest.pinyin_words("shujun")
    with django_capture_on_commit_callbacks(execute=True):
        DisclosureEntry.objects.get(pk=only.pk).unpublish()
    assert suggest.pinyin_words("shujun") == []
    assert not any("疏浚" in s["text"] for s in suggest.autocomplete("疏浚"))
