"""Search as people type it: a pinyin or misspelt query gets suggestions, and when it finds
nothing (or only 部分匹配) the best suggestion that finds entries is searched instead, saying so
(``SearchResults.original_query``). ``as_typed`` searches exactly what was typed."""

from .backends import search
from .suggest import corrections, is_pinyin, pinyin_words

FEW = 3  # fewer results than this: offer corrections


def assisted_search(query, filters=None, sort="relevance", page=1, page_size=10, as_typed=False):
    results = search(query, filters=filters, sort=sort, page=page, page_size=page_size)
    if not query or as_typed or '"' in query or "“" in query:
        return results
    found_nothing = results.total == 0 or results.partial
    if is_pinyin(query):
        offered = pinyin_words(query, 3)
    elif found_nothing or results.total < FEW:
        offered = corrections(query)
    else:
        return results
    if found_nothing:
        for candidate in offered:
            instead = search(candidate, filters=filters, sort=sort, page=page, page_size=page_size)
            if instead.total and not instead.partial:
                instead.original_query = query
                instead.did_you_mean = [c for c in offered if c != candidate]
                return instead
    results.did_you_mean = offered
    return results
