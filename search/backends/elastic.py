"""Elasticsearch 8 backend (elasticsearch-dsl documents and queries).

The mapping uses core features only, so it runs on the bare server: token
fields are ``text`` with the built-in ``whitespace`` analyzer over the tokens
``search.analysis`` computed (no analysis plugin), facets are ``keyword``,
dates are ``date``; the token fields are indexed but not kept in the stored
source. Matching and ranking follow ``backends.base``: the tiers of
``query.Plan`` and the title test are constant scores added to BM25, far enough
apart for a hit's score to say which it met (``elastic_query.tier_reader``);
the shortlist comes with its texts and is re-ranked in Python.
"""

import time
from datetime import datetime

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.helpers import BulkIndexError, bulk
from elasticsearch_dsl import Q, Search

from .base import FACETS, HIT_FIELDS, Backend, Hit, SearchUnavailable, make_request, snippet, sort_facets
from .elastic_query import (
    CONTENT_FIELDS,
    GRAM_FIELDS,
    PARTIAL_BOOST,
    TIER_BOOST,
    TITLE_BOOST,
    TOKEN_FIELDS,
    EntryDocument,
    flag,
    ranking_clauses,
    requirement_query,
    tier_reader,
    written_flag,
)

UNAVAILABLE = (ESConnectionError, TransportError, ApiError, BulkIndexError, OSError)


def search_hosts():
    """SEARCH_URL's nodes: one URL, or several separated by commas (the members of a cluster)."""
    return [url.strip() for url in settings.SEARCH_URL.split(",") if url.strip()]


def make_client():
    hosts = search_hosts()
    # One node: fail at once, so public search falls back to the database without waiting.
    # Several: a request that meets a dead node is tried on the next one (the dead node is
    # then skipped for a while), so a node loss is not an outage.
    retries = len(hosts) - 1
    kwargs = {"request_timeout": settings.SEARCH_TIMEOUT, "retry_on_timeout": retries > 0, "max_retries": retries}
    if settings.SEARCH_CA_CERTS:
        kwargs["ca_certs"] = settings.SEARCH_CA_CERTS
    return Elasticsearch(hosts, **kwargs)


class ElasticsearchBackend(Backend):
    name = "elasticsearch"

    def __init__(self, client, alias):
        self.client = client
        self.alias = alias

    @classmethod
    def from_settings(cls):
        if not settings.SEARCH_URL:
            raise SearchUnavailable("未配置 SEARCH_URL")
        return cls(make_client(), settings.SEARCH_INDEX)

    # -- index management ---------------------------------------------------

    def index_body(self):
        mappings = EntryDocument._doc_type.mapping.to_dict()
        mappings["_source"] = {"excludes": list(TOKEN_FIELDS)}
        return {
            "settings": {"number_of_shards": settings.SEARCH_SHARDS, "number_of_replicas": settings.SEARCH_REPLICAS},
            "mappings": mappings,
        }

    def create_index(self, name):
        self.client.indices.create(index=name, **self.index_body())

    def ensure_index(self):
        """Create a first concrete index behind the alias when there is none."""
        if not self.client.indices.exists_alias(name=self.alias):
            if self.client.indices.exists(index=self.alias):
                raise RuntimeError(f"{self.alias} 是普通索引而不是别名，请先运行 rebuild_search_index")
            name = self.new_index_name()
            self.create_index(name)
            self.client.indices.put_alias(index=name, name=self.alias)

    def new_index_name(self):
        return f"{self.alias}-{datetime.now():%Y%m%d%H%M%S%f}"

    def alias_targets(self):
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).keys())
        except ApiError as exc:
            if getattr(exc, "status_code", None) == 404 or getattr(exc, "meta", None) and exc.meta.status == 404:
                return []
            raise

    def swap_alias(self, new_index):
        """Point the alias at ``new_index`` in one atomic step; returns the old indices."""
        old = self.alias_targets()
        actions = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        return old

    def ping(self):
        try:
            self.client.cluster.health(timeout="1s")
            return True
        except UNAVAILABLE:
            return False

    # -- writing --------------------------------------------------------------

    def _actions(self, docs, index, versions=None):
        for d in docs:
            source = d.as_source()
            source["published_on"] = d.published_on.isoformat() if d.published_on else None
            source.update({k: " ".join(v) for k, v in d.tokens().items()})
            action = {"_op_type": "index", "_index": index, "_id": str(d.entry_id), "_source": source}
            if versions and d.entry_id in versions:
                action.update(version=versions[d.entry_id], version_type="external_gte")
            yield action

    def index_documents(self, docs, versions=None, index=None, refresh=False):
        if not docs:
            return
        self.ensure_index()
        try:
            _, errors = bulk(
                self.client,
                self._actions(docs, index or self.alias, versions),
                raise_on_error=False,
                refresh=refresh,
                chunk_size=500,
            )
        except UNAVAILABLE as exc:
            raise SearchUnavailable(str(exc)) from exc
        errors = [e for e in errors if not _is_version_conflict(e)]
        if errors:
            raise SearchUnavailable(f"Elasticsearch 拒绝了 {len(errors)} 条文档：{errors[0]}")

    def delete_documents(self, entry_ids, versions=None):
        ids = list(entry_ids)
        if not ids:
            return
        self.ensure_index()
        actions = []
        for pk in ids:
            action = {"_op_type": "delete", "_index": self.alias, "_id": str(pk)}
            if versions and pk in versions:
                action.update(version=versions[pk], version_type="external_gte")
            actions.append(action)
        try:
            _, errors = bulk(self.client, actions, raise_on_error=False)
        except UNAVAILABLE as exc:
            raise SearchUnavailable(str(exc)) from exc
        errors = [e for e in errors if not _is_missing(e) and not _is_version_conflict(e)]
        if errors:
            raise SearchUnavailable(f"Elasticsearch 删除失败：{errors[0]}")

    def apply(self, documents, versions=None):
        docs = [d for d in documents.values() if d is not None]
        gone = [pk for pk, d in documents.items() if d is None]
        self.index_documents(docs, versions=versions)
        self.delete_documents(gone, versions=versions)

    def refresh(self):
        self.client.indices.refresh(index=self.alias)

    def optimize(self, index=None):
        """One segment per shard (``index``, or the one behind the alias): the usual last step
        of building an index for search, as ``DatabaseBackend.optimize`` is for SQLite."""
        self.client.options(request_timeout=max(settings.SEARCH_TIMEOUT, 600)).indices.forcemerge(
            index=index or self.alias, max_num_segments=1
        )

    def count(self):
        return self.client.count(index=self.alias)["count"]

    # -- searching ------------------------------------------------------------

    def build_search(self, req, partial=False):
        s = Search(using=self.client, index=self.alias).extra(track_total_hits=True)
        if req.clauses:
            plan = req.plan
            requirements = plan.unit_alternatives()
            if partial:
                # Entries holding most units: one constant score per unit held (two per unit in title/body).
                should = []
                for i, alts in enumerate(requirements):
                    should.append(flag([alts], GRAM_FIELDS, PARTIAL_BOOST, f"unit_{i}"))
                    should.append(flag([alts], CONTENT_FIELDS, PARTIAL_BOOST / 10, f"content_{i}"))
                query = Q(
                    "bool",
                    must=[
                        Q(
                            "bool",
                            should=[requirement_query(a) for a in requirements],
                            minimum_should_match=plan.partial_minimum(),
                        )
                    ],
                    should=should + ranking_clauses(plan),
                )
            else:
                should = [
                    flag(
                        reqs,
                        CONTENT_FIELDS if content_only else GRAM_FIELDS,
                        TIER_BOOST / (2 if name == "phrase_any" else 1),
                    )
                    for name, reqs, content_only in plan.tiers()
                ]
                written = written_flag(plan)
                should += [written] if written else []
                should.append(flag(requirements, ("title_grams",), TITLE_BOOST))
                query = Q(
                    "bool", must=[requirement_query(a) for a in requirements], should=should + ranking_clauses(plan)
                )
            s = s.query(query)
        filters = []
        for key, values in req.filters.items():
            if key == "date_from":
                filters.append(Q("range", published_on={"gte": str(values)}))
            elif key == "date_to":
                filters.append(Q("range", published_on={"lte": str(values)}))
            else:
                filters.append(Q("terms", **{key: values}))
        if filters:
            s = s.filter(Q("bool", filter=filters))
        if req.sort == "date" or (req.sort == "relevance" and not req.clauses):
            s = s.sort({"published_on": {"order": "desc", "missing": "_last"}}, {"entry_id": "desc"})
        elif req.sort == "date_asc":
            s = s.sort({"published_on": {"order": "asc", "missing": "_last"}}, {"entry_id": "asc"})
        else:
            s = s.sort("_score", {"published_on": {"order": "desc", "missing": "_last"}}, {"entry_id": "desc"})
        for name in FACETS:
            s.aggs.bucket(name, "terms", field=name, size=100)
        # The shortlist comes with its texts: re-ranking needs many of them, and a second
        # round trip for them cost more than reading them here (the token fields are not
        # in the stored source, see ``index_body``).
        s = s.source(SOURCE_FIELDS)
        start, limit = req.window()
        return s[start : start + limit]

    def _execute(self, req, partial=False):
        """The engine's answer as the client returned it (plain dicts: wrapping a hundred hits
        and seven facets in DSL objects cost more than the search itself)."""
        try:
            return self.client.search(index=self.alias, body=self.build_search(req, partial).to_dict())
        except UNAVAILABLE as exc:
            if isinstance(exc, ApiError) and _status(exc) == 404:
                return None  # no index yet: nothing is indexed
            raise SearchUnavailable(str(exc)) from exc

    def search(self, query, filters=None, sort="relevance", page=1, page_size=10):
        started = time.perf_counter()
        req = make_request(query, filters, sort, page, page_size)
        resp = self._execute(req)
        partial = False
        if resp is not None and resp["hits"]["total"]["value"] == 0 and len(req.plan.units) > 1:
            resp, partial = self._execute(req, partial=True), True
            req.partial = True
        if resp is None:
            return self.results(req, 0, [], {n: [] for n in FACETS}, started)
        n_units = len(req.plan.units) if req.clauses else 0
        read_tier = tier_reader(req.plan) if req.clauses else None
        rows = []
        for h in resp["hits"]["hits"]:
            score = float(h.get("_score") or 0)
            if partial:
                named = set(h.get("matched_queries") or ())
                title_hit = False
                tier = (
                    sum(f"unit_{i}" in named for i in range(n_units)),
                    sum(f"content_{i}" in named for i in range(n_units)),
                )
            elif req.clauses:
                tier, title_hit = read_tier(score)
            else:
                tier, title_hit = (), False
            rows.append(dict(_display(h["_source"]), score=score, tier=tier, title_hit=title_hit))
        start, _ = req.window()
        hits = [
            Hit(
                entry_id=r["entry_id"],
                index_number=r.get("index_number", ""),
                title=r["title"],
                url=r.get("url", ""),
                snippet=snippet(r["body_text"], req.clauses),
                department=r.get("department", ""),
                area=r.get("area", ""),
                item=r.get("item", ""),
                published_on=r["published_on"],
                validity=r.get("validity", ""),
                score=r["score"],
                source_id=r.get("source_id", ""),
            )
            # Every hit came with its texts (``build_search``): nothing is left to read.
            for r in req.page_of(rows, start, lambda ids: {})
        ]
        aggregations = resp.get("aggregations", {})
        facets = {
            name: sort_facets([(b["key"], b["doc_count"]) for b in aggregations[name]["buckets"]]) for name in FACETS
        }
        total = resp["hits"]["total"]["value"]
        return self.results(req, total, hits, facets, started, partial and total > 0)

    # -- rebuild ----------------------------------------------------------------

    def rebuild(self, doc_batches, on_batch=None):
        """Fill a new index from ``doc_batches`` (lists of SearchDoc), then swap the alias.

        Search keeps reading the old index until the swap. Returns (new index, indexed count).
        """
        new = self.new_index_name()
        self.create_index(new)
        self.client.indices.put_settings(index=new, settings={"index": {"refresh_interval": "-1"}})
        n = 0
        for docs in doc_batches:
            _, errors = bulk(self.client, self._actions(docs, new), raise_on_error=False, chunk_size=500)
            if errors:
                raise SearchUnavailable(f"重建索引失败：{errors[0]}")
            n += len(docs)
            if on_batch:
                on_batch(n)
        self.client.indices.put_settings(index=new, settings={"index": {"refresh_interval": None}})
        self.client.indices.refresh(index=new)
        self.optimize(new)
        old = self.swap_alias(new)
        for index in old:
            self.client.indices.delete(index=index)
        return new, n


SOURCE_FIELDS = list(HIT_FIELDS)


def _display(src):
    """A hit's source with typed id and date."""
    published = src.get("published_on")
    return dict(
        src, entry_id=int(src["entry_id"]), published_on=datetime.fromisoformat(published).date() if published else None
    )


def _status(exc):
    meta = getattr(exc, "meta", None)
    return getattr(meta, "status", None) or getattr(exc, "status_code", None)


def _is_version_conflict(error):
    info = next(iter(error.values()), {})
    return info.get("status") == 409


def _is_missing(error):
    info = next(iter(error.values()), {})
    return info.get("status") == 404
