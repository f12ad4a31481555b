"""The database search index and the indexing outbox."""

from django.db import models


class SearchDocument(models.Model):
    """One public entry as the database backend indexes it.

    The token streams live beside it: an FTS5 table ``search_fts`` (rowid =
    entry_id) on SQLite, ``grams``/``words`` tsvector columns on PostgreSQL
    (created by migration 0001, written with raw SQL by the backend).
    """

    entry_id = models.BigIntegerField(primary_key=True)
    portal_id = models.BigIntegerField(null=True, db_index=True)
    index_number = models.CharField(max_length=64, blank=True)
    source_id = models.CharField(max_length=100, blank=True)
    title = models.TextField()
    url = models.TextField(blank=True)
    doc_number = models.CharField(max_length=100, blank=True)
    department = models.CharField(max_length=200, blank=True)
    area = models.CharField(max_length=255, blank=True)
    item = models.CharField(max_length=255, blank=True)
    topic = models.CharField(max_length=50, blank=True)
    genre = models.CharField(max_length=50, blank=True)
    five_public = models.CharField(max_length=50, blank=True)
    validity = models.CharField(max_length=4, blank=True)
    published_on = models.DateField(null=True, db_index=True)
    year = models.IntegerField(null=True)
    body_text = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "检索文档"


class IndexOutbox(models.Model):
    """An index change to carry out, written in the transaction that made it.

    One row per (entry, target). The drainer reads the entry's current state,
    so rows are idempotent; a row is marked processed only after its target
    accepted the change, so an outage delays updates but never loses them.
    Processed rows are kept for a while: a rebuild replays those written
    while it ran.
    """

    entry_id = models.BigIntegerField(db_index=True)
    target = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "索引更新队列"
        indexes = [models.Index(fields=["target", "processed_at", "id"], name="search_outbox_pending")]


class SearchTerm(models.Model):
    """A word of the public entries (jieba, two characters or more), for suggestions.

    Rebuilt from ``DisclosureEntry.objects.disclosed()`` (``search.vocabulary``); a word is
    offered only while the public index still holds it, so a withdrawn entry's words go at once.
    """

    term = models.CharField(max_length=32, unique=True)
    pinyin = models.CharField(max_length=200, db_index=True)  # toneless, joined: yanglao
    initials = models.CharField(max_length=32, db_index=True)  # first letters: yl
    entries = models.PositiveIntegerField(default=0)  # public entries holding it

    class Meta:
        verbose_name = verbose_name_plural = "检索词表"


class QueryLog(models.Model):
    """One query that found public results, once per client and day, for 热词.

    No personal data: the query is stored only when it passed ``hot_words.loggable`` (no
    phone/ID-like numbers, nothing the personal-data detector flags, no sensitive word), and
    the client is a keyed hash that changes every day (``hot_words.client_key``), so neither
    the address nor a person's queries across days can be read back. Rows older than the
    window are deleted as new ones come in.
    """

    query = models.CharField(max_length=32)
    day = models.DateField()
    client = models.CharField(max_length=16)

    class Meta:
        verbose_name = verbose_name_plural = "检索词统计"
        constraints = [models.UniqueConstraint(fields=["query", "day", "client"], name="search_querylog_once")]
        indexes = [models.Index(fields=["day", "query"], name="search_querylog_day")]


class HiddenHotWord(models.Model):
    """A word the office keeps out of the 热词 (a query holding it is never shown)."""

    word = models.CharField("屏蔽词", max_length=32, unique=True, help_text="含有此词的检索词不再作为热词显示")
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("屏蔽时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "屏蔽热词"

    def __str__(self):
        return self.word
