"""A rebuild may swap the alias between a search and a later read of its hits' texts (the cluster
test met it: HTTP 500 on an entry published mid-rebuild). The texts now come with the search, so
there is no later read; an entry whose text is gone is left out of the page instead of failing it."""

from search.backends import get_backend
from search.backends.base import make_request

from .helpers import publish


def test_the_texts_come_with_the_search(catalog, es_settings, django_capture_on_commit_callbacks):
    """One request: no second read of the texts that a rebuild swapping the alias in between
    could answer from an index that does not hold the entry yet."""
    with django_capture_on_commit_callbacks(execute=True):
        entry = publish(catalog["dibao"], "低保资金发放情况（重建期间）", "<p>城乡低保资金按月发放。</p>")
    es = get_backend("elasticsearch")
    es.refresh()
    sent = []
    perform = es.client.perform_request
    es.client.perform_request = lambda method, path, **kw: sent.append(path) or perform(method, path, **kw)
    hits = es.search("低保资金").hits  # two words: the shortlist is re-ranked by their texts
    assert [h.entry_id for h in hits] == [entry.pk] and "<em>低保资金</em>" in hits[0].snippet
    assert len(sent) == 1 and sent[0].endswith("/_search"), sent


def test_a_page_leaves_out_an_entry_whose_text_is_gone():
    req = make_request("低保")
    rows = [{"entry_id": pk, "tier": (1,), "title_hit": True, "score": 1.0, "published_on": None} for pk in (7, 8)]
    texts = {7: {"entry_id": 7, "title": "低保标准", "body_text": "低保"}}
    page = req.page_of(rows, 0, lambda ids: {pk: texts[pk] for pk in ids if pk in texts})
    assert [r["entry_id"] for r in page] == [7]
