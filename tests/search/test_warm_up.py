"""The jieba dictionaries load when a web or Celery worker process starts (real gunicorn and
Celery processes), not when Django starts (management commands, tests); the worker then freezes
what it holds out of the garbage collector's full collections (cms.worker_start)."""

import os
import re
import selectors
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_line(cmd, needle, env, timeout=90):
    """Start ``cmd`` in the project root, return the first output line holding ``needle`` (or None)."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            if sel.select(timeout=1):
                line = proc.stdout.readline()
                seen.append(line)
                if needle in line:
                    return line
        return None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        print("".join(seen[-20:]))


def env_with(tmp_path, **extra):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/warm.sqlite3", SECRET_KEY="warm-up-test", **extra)
    env.pop("SEARCH_URL", None)
    return env


def test_gunicorn_worker_loads_dictionaries_after_fork(tmp_path):
    # No -c: gunicorn reads ./gunicorn.conf.py, as every project invocation does.
    cmd = [str(BIN / "gunicorn"), "cms.wsgi", "-b", f"127.0.0.1:{free_port()}", "-w", "1", "--log-level", "info"]
    line = wait_for_line(cmd, "search dictionaries loaded", env_with(tmp_path))
    assert line is not None
    assert int(re.search(r"(\d+) objects frozen", line).group(1)) > 100_000


def test_celery_worker_process_loads_dictionaries(tmp_path, redis_url):
    cmd = [
        str(BIN / "celery"),
        "-A",
        "cms",
        "worker",
        "-P",
        "prefork",
        "-c",
        "1",
        "--loglevel",
        "INFO",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "-Q",
        "warm-up-test",
    ]
    line = wait_for_line(cmd, "search dictionaries loaded", env_with(tmp_path, CELERY_BROKER_URL=redis_url))
    assert line is not None
    assert int(re.search(r"(\d+) objects frozen", line).group(1)) > 100_000


def test_django_setup_does_not_load_them(tmp_path):
    code = (
        "import django; django.setup(); from search import analysis; "
        "print('loaded', analysis.segmenter.cache_info().currsize)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env_with(tmp_path, DJANGO_SETTINGS_MODULE="cms.settings"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "loaded 0" in out
