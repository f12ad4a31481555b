"""LOG_FORMAT=json: Django's, the project's, Celery's and gunicorn's logs as one JSON object per
line; the default stays readable text; a wrong value stops the start with a clear message."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

EMIT = """
import logging
from cms.celery import app
print("hijack", app.conf.worker_hijack_root_logger)
logging.getLogger("search").warning("检索索引更新暂未完成（%s）", "elasticsearch", extra={"entry_id": 42})
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").exception("内部错误：%s", "/api/v2/search/")
logging.getLogger("search").info("below the level")
"""


def run(code, **env):
    environ = {k: v for k, v in os.environ.items() if k not in ("LOG_FORMAT", "LOG_LEVEL", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env={**environ, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_json_lines():
    result = run(EMIT, LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    assert "hijack False" in result.stdout  # the worker keeps these handlers
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    warning, error = lines
    assert warning["level"] == "WARNING" and warning["logger"] == "search"
    assert warning["message"] == "检索索引更新暂未完成（elasticsearch）" and warning["entry_id"] == 42
    assert warning["time"].endswith("+00:00") and warning["process"] > 0
    assert error["logger"] == "django.request" and error["message"] == "内部错误：/api/v2/search/"
    assert "ZeroDivisionError" in error["exception"]


def test_text_by_default_and_a_wrong_format_refused():
    text = run(EMIT)
    assert text.returncode == 0 and "hijack True" in text.stdout
    assert "WARNING search: 检索索引更新暂未完成（elasticsearch）" in text.stderr
    assert not text.stderr.lstrip().startswith("{") and "below the level" not in text.stderr
    verbose = run(EMIT, LOG_LEVEL="INFO")
    assert "INFO search: below the level" in verbose.stderr
    wrong = run(EMIT, LOG_FORMAT="yaml")
    assert wrong.returncode != 0 and "LOG_FORMAT 只能是 text 或 json" in wrong.stderr


def test_gunicorn_logs_as_json_lines():
    code = """
import runpy
from gunicorn.config import Config
from gunicorn.glogging import Logger
cfg = Config()
cfg.set("logconfig_dict", runpy.run_path("gunicorn.conf.py")["logconfig_dict"])
Logger(cfg).error("Worker (pid:%s) was sent SIGKILL", 1234)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "LOG_FORMAT": "json"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["logger"] == "gunicorn.error" and line["message"] == "Worker (pid:1234) was sent SIGKILL"
