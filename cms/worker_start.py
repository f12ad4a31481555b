"""What a web or Celery worker process does once, when it starts (gunicorn
``post_worker_init``, once the worker has loaded the application; Celery
``worker_process_init``), before its first request or task."""

import gc
import time


def start_worker():
    """Load the search tokenizer's dictionaries, then freeze what the process holds so far.

    ``gc.freeze()`` moves every object alive now (Django, Wagtail, the dictionaries: about
    190,000 of them) out of the garbage collector's reach. Without it each full collection walks
    them all again: every tenth admin page or so paid 180–340 ms for it on the county bench
    (bench/admin_bench.py). Those objects live as long as the process, so nothing is leaked.
    Returns the seconds spent and how many objects were frozen."""
    from django.urls import get_resolver

    from search.analysis import warm_up

    started = time.perf_counter()
    warm_up()
    get_resolver().url_patterns  # noqa: B018 -- imports every URLconf (and the admin's hooks) now
    gc.collect()
    gc.freeze()
    return time.perf_counter() - started, gc.get_freeze_count()
