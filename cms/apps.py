from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The top layer: settings, URLs, the API router, Celery, mail, middleware and the commands
    that span every app (``load_demo``). Nothing below imports it, except the leaf modules
    ``cms.mail``, ``cms.storage``, ``cms.celery`` and ``cms.admin_panels``."""

    name = "cms"
    verbose_name = "政务公开"
