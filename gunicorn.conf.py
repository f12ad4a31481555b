"""gunicorn settings read by every gunicorn run from the project root (gunicorn loads
./gunicorn.conf.py by default; elsewhere pass ``-c /path/to/gunicorn.conf.py``)."""

import os

# LOG_FORMAT=json (settings.LOGGING): gunicorn's error and access logs as JSON lines too.
if os.environ.get("LOG_FORMAT") == "json":
    logconfig_dict = {
        "formatters": {"json": {"()": "cms.log_format.JsonLinesFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
            "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        },
    }


def post_fork(server, worker):
    # Each worker loads the search tokenizer's dictionaries before its first request.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    from search.analysis import warm_up

    server.log.info("worker %s: search dictionaries loaded in %.1f s", worker.pid, warm_up())


def child_exit(server, worker):
    # Prometheus multiprocess mode (PROMETHEUS_MULTIPROC_DIR): forget a dead worker's live gauges.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
