"""SQLite search at scale: the narrow match index of ``search.0010`` against the covering index
read for every match before it, in one process, alternating query by query (issue 13).

    .venv/bin/python bench/match_keys_bench.py [--sqlite-url sqlite:////tmp/gongkai-search-bench.sqlite3]
        [--big 100000] [--rounds 5] [--keep]

"cover" is the statement of matches of commit b8e102c: every match read from the covering index of
``search.0008`` (about 200 bytes a row), its title checked with ``instr`` for the pool;
"match keys" is ``search()`` as it is: the index of entry_id, date and facet set, the title read
only for matches whose title the FTS5 index says holds a typed word. Each query is timed once
each way per round (the order swapped every round), so the ratio holds under the shared
machine's load; both ways must give the same total, facets and hits (checked for every query,
and untimed on page 2, on a page past the pool and with a filter). The database and the
queries are those of ``facet_sets_bench.py``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from facet_sets_bench import arguments, compare, drop_copies, prepared  # noqa: E402


def cover_backend():
    """The database backend reading the covering index for every match (b8e102c)."""
    from search.backends.database import DatabaseBackend
    from search.backends.postgres import title_guess
    from search.backends.sqlite import COVER, DOC_TABLE

    class Cover(DatabaseBackend):
        @staticmethod
        def _matched(where):
            return f"FROM search_fts JOIN {DOC_TABLE} d INDEXED BY {COVER} ON d.entry_id = search_fts.rowid"

        @staticmethod
        def _title_guess(plan):
            return title_guess(plan, "(instr(d.title, %s) > 0)")

    return Cover()


def same_elsewhere(ways, queries):
    """Both ways agree on page 2, past the pool and under a filter (untimed)."""
    a, b = ways.values()
    for q in queries:
        first = a.search(q)
        department = next(iter(first.facets["department"]), (None,))[0]
        for kwargs in ({"page": 2}, {"page": 101}, {"filters": {"department": department}}):
            x, y = a.search(q, **kwargs), b.search(q, **kwargs)
            same = x.total == y.total and x.facets == y.facets
            assert same and [h.entry_id for h in x.hits] == [h.entry_id for h in y.hits], f"differ: {q} {kwargs}"


def main():
    args = arguments(__doc__)
    backend, literal, typed = prepared(args)
    ways = {"cover": cover_backend(), "match keys": backend}
    same_elsewhere(ways, literal + typed)
    print("same total, facets and hits on page 2, past the pool and with a filter: yes", flush=True)
    compare("literal", ways, literal, args.rounds)
    compare("unspaced", ways, typed, args.rounds)
    drop_copies(args)


if __name__ == "__main__":
    main()
