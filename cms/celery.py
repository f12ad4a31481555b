"""Celery application. Without CELERY_BROKER_URL tasks run eagerly (see settings)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def warm_search(**kwargs):
    """Each worker process loads the search tokenizer's dictionaries when it starts."""
    import logging

    from cms.worker_start import start_worker

    seconds, frozen = start_worker()
    logging.getLogger("search").info("search dictionaries loaded, %d objects frozen, in %.1f s", frozen, seconds)
