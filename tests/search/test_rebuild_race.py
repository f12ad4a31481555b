"""A rebuild may swap the alias between a search and the read of its hits' texts (the cluster test
met it: HTTP 500 on an entry published mid-rebuild). The texts come from the index the hits were
found in; an entry gone from everywhere is left out of the page instead of failing it."""

from search.backends import get_backend
from search.backends.base import make_request

from .helpers import publish


def test_texts_are_read_from_the_index_the_hits_came_from(catalog, es_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = publish(catalog["dibao"], "低保资金发放情况（重建期间）", "<p>低保资金</p>")
    es = get_backend("elasticsearch")
    es.refresh()
    old = es.alias_targets()[0]
    # A rebuild's new index takes the alias before the replay has brought this entry over.
    new = es.new_index_name()
    es.create_index(new)
    es.swap_alias(new)
    assert es._load([entry.pk]) == {}
    assert es._load([entry.pk], {entry.pk: old})[entry.pk]["title"] == entry.title
    es.client.indices.delete(index=old)  # the rebuild deletes the old index
    assert es._load([entry.pk], {entry.pk: old}) == {}


def test_a_page_leaves_out_an_entry_whose_text_is_gone():
    req = make_request("低保")
    rows = [{"entry_id": pk, "tier": (1,), "title_hit": True, "score": 1.0, "published_on": None} for pk in (7, 8)]
    texts = {7: {"entry_id": 7, "title": "低保标准", "body_text": "低保"}}
    page = req.page_of(rows, 0, lambda ids: {pk: texts[pk] for pk in ids if pk in texts})
    assert [r["entry_id"] for r in page] == [7]
