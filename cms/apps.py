from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The top layer: settings, URLs, the API router, Celery, mail, middleware and the commands
    that span every app (``load_demo``). Nothing below imports it, except the leaf modules
    ``cms.mail``, ``cms.storage``, ``cms.celery``, ``cms.admin_panels``, ``cms.plain_text`` and
    ``cms.parsers``."""

    name = "cms"
    verbose_name = "政务公开"

    def ready(self):
        from django.db.models.signals import pre_save

        from .plain_text import strip_model_text

        pre_save.connect(strip_model_text, dispatch_uid="cms.strip_model_text")
