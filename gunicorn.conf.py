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


def post_worker_init(worker):
    # Each worker, once it has loaded the application and before its first request, loads the
    # search tokenizer's dictionaries and freezes what it holds (cms.worker_start).
    from cms.worker_start import start_worker

    seconds, frozen = start_worker()
    worker.log.info("worker %s: search dictionaries loaded, %d objects frozen, in %.1f s", worker.pid, frozen, seconds)


def child_exit(server, worker):
    # Prometheus multiprocess mode (PROMETHEUS_MULTIPROC_DIR): forget a dead worker's live gauges.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
