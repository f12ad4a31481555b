"""Traditional characters, pinyin and typo suggestions, measured on held-out query sets.

    .venv/bin/python bench/suggest_bench.py [--database-url URL] [--search-url URL] [--reuse]

Uses the scratch database of bench/search_bench.py (imported unless --reuse), rebuilds the
database index (and with it the vocabulary) and Elasticsearch when --search-url is given.
Query sets are built the way people type, without the project's tokenizer: terms are words
found in the bodies by character statistics (``search_bench.body_terms``), split into a
tuning half and a reporting half (seeded shuffle), each set printed apart.

* traditional: the DATA.md queries and unspaced term pairs converted to traditional
  characters (OpenCC s2t, as a traditional input method types them); a query passes when
  its hits (first 100, in order) are the simplified query's.
* pinyin: 50 terms spelled as typed — joined (yanglao), spaced (yang lao), and initials
  (ylfw) for words of four characters; passes when the term is among the first 3 of
  ``suggest.pinyin_words``.
* typos: 50 terms, one character replaced by a homophone (same toneless pinyin) that is
  among the corpus's most frequent characters — what a pinyin input method offers first;
  alone or joined to a second term. Passes when the intended query is suggested
  (``suggest.corrections``: first, and among the first 3).
* latency of suggestions (autocomplete of 2-character prefixes, pinyin, corrections), p50/p95.
"""

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import search_bench  # noqa: E402
from common import setup_django, stamp  # noqa: E402

N = 50


def halves(terms, seed=5):
    terms = sorted(terms)
    random.Random(seed).shuffle(terms)
    return {"tuning": terms[::2], "reporting": terms[1::2]}


def spellings(terms, pinyin):
    out = []
    for i, term in enumerate(terms[:N]):
        syllables = pinyin(term)
        if len(term) == 4 and i % 2:
            out.append(("initials", "".join(s[0] for s in syllables), term))
        elif i % 2:
            out.append(("spaced", " ".join(syllables), term))
        else:
            out.append(("joined", "".join(syllables), term))
    return out


def typos(terms, rows, pinyin, seed):
    """(query with one homophone typo, intended query)."""
    freq = Counter(ch for r in rows for ch in r["body"] if "\u4e00" <= ch <= "\u9fff")
    by_sound = {}
    for ch, _ in freq.most_common(3000):
        by_sound.setdefault(pinyin(ch)[0], []).append(ch)
    rng = random.Random(seed)
    out = []
    for term in terms:
        if len(out) >= N:
            break
        i = rng.randrange(len(term))
        sound = pinyin(term)[i] if len(pinyin(term)) == len(term) else None
        choices = [c for c in by_sound.get(sound, [])[:6] if c != term[i]]
        if not choices:
            continue
        wrong = term[:i] + rng.choice(choices) + term[i + 1 :]
        if len(out) % 2:
            other = rng.choice([t for t in terms if t != term])
            out.append((wrong + other, term + other))
        else:
            out.append((wrong, term))
    return out


def percentile(times, q):
    times = sorted(times)
    return times[max(0, int(len(times) * q) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="sqlite:////tmp/gongkai-search-bench.sqlite3")
    parser.add_argument("--search-url", default=os.environ.get("SEARCH_URL", ""))
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    search_bench.prepare_database(args.database_url, args.reuse)
    setup_django(args.database_url, args.search_url)
    import opencc
    from pypinyin import Style, lazy_pinyin

    from search import suggest
    from search.backends import get_backend
    from search.documents import public_entry_ids
    from search.management.commands.rebuild_search_index import rebuild

    def pinyin(text):
        return lazy_pinyin(text, style=Style.NORMAL)

    rows = [json.loads(line) for line in (search_bench.DATA / "entries.jsonl").open(encoding="utf-8")]
    queries = [q.strip() for q in (search_bench.DATA / "queries.txt").open(encoding="utf-8") if q.strip()]
    print(stamp())
    names = ["database"] + (["elasticsearch"] if args.search_url else [])
    ids = public_entry_ids()
    for name in names:
        rebuild(name, ids)
    backends = {name: get_backend(name) for name in names}
    if "elasticsearch" in backends:
        backends["elasticsearch"].refresh()

    terms = search_bench.body_terms(rows)
    sets = halves(terms)
    to_traditional = opencc.OpenCC("s2t").convert
    for label, pool in sets.items():
        print(f"\n== {label} set ({len(pool)} terms, e.g. {'、'.join(pool[:6])}) ==")
        main, _ = search_bench.unspaced_queries(rows, pool, seed=7, n_main=30, n_rare=0)
        typed = [(to_traditional(q), q) for q in queries + [q for q, _ in main]]
        typed = [(t, s) for t, s in typed if t != s]
        for name, b in backends.items():
            same = sum(
                [h.entry_id for h in b.search(t, page_size=100).hits]
                == [h.entry_id for h in b.search(s, page_size=100).hits]
                for t, s in typed
            )
            print(f"traditional  {name:<14} {same}/{len(typed)} queries give the simplified query's hits")
        spelled = spellings(pool, pinyin)
        by_kind = Counter()
        hits = Counter()
        for kind, spelling, term in spelled:
            by_kind[kind] += 1
            hits[kind] += term in suggest.pinyin_words(spelling, 3)
        total = sum(hits.values())
        detail = ", ".join(f"{k} {hits[k]}/{by_kind[k]}" for k in sorted(by_kind))
        print(
            f"pinyin       intended word in the first 3: {total}/{len(spelled)} = {total / len(spelled):.2f} ({detail})"
        )
        pairs = typos(pool, rows, pinyin, seed=13)
        offered = [(suggest.corrections(w), right) for w, right in pairs]
        first = sum(bool(c) and c[0] == right for c, right in offered)
        top3 = sum(right in c for c, right in offered)
        print(
            f"typos        right query suggested first: {first}/{len(pairs)} = {first / len(pairs):.2f}, "
            f"among 3: {top3}/{len(pairs)} = {top3 / len(pairs):.2f}  e.g. "
            + "、".join(f"{w}→{r}" for w, r in pairs[:4])
        )
    print("\n== suggestion latency (ms, in-process, database index) ==")
    probes = [t[:2] for t in terms[:40]] + [" ".join(pinyin(t)) for t in terms[:40]]
    wrong = [w for w, _ in typos(terms, rows, pinyin, seed=99)[:40]]
    for label, fn, inputs in (
        ("autocomplete", suggest.autocomplete, probes),
        ("corrections", suggest.corrections, wrong),
    ):
        fn(inputs[0])
        times = []
        for _ in range(3):
            for q in inputs:
                t = time.perf_counter()
                fn(q)
                times.append((time.perf_counter() - t) * 1000)
        print(f"{label:<13} p50 {percentile(times, 0.5):6.1f}  p95 {percentile(times, 0.95):6.1f}")


if __name__ == "__main__":
    main()
