from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Chinese full-text search: analysis (the one tokenizer), backends (database, Elasticsearch),
    the outbox that keeps the index in step, the public search page and ``/api/v2/search/``.

    Layer: above ``pages``, below the middle layer (``workflows``, ``disclosure_requests``)."""

    name = "search"
    label = "search"
    verbose_name = "全文检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
