import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_under(env):
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "db = settings.DATABASES['default'];"
        "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), 'lang': settings.LANGUAGE_CODE,"
        "'tz': settings.TIME_ZONE, 'hosts': settings.ALLOWED_HOSTS, 'eager': settings.CELERY_TASK_ALWAYS_EAGER,"
        "'celery_eager': __import__('cms').celery_app.conf.task_always_eager}))"
    )
    full_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "ALLOWED_HOSTS")}
    full_env.update(env, DJANGO_SETTINGS_MODULE="cms.settings")
    out = subprocess.run(
        [sys.executable, "-c", code], env=full_env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_defaults_are_embedded_sqlite_chinese_and_eager():
    s = settings_under({})
    assert s["engine"] == "django.db.backends.sqlite3" and s["name"].endswith("db.sqlite3")
    assert s["lang"] == "zh-hans" and s["tz"] == "Asia/Shanghai"
    assert s["eager"] is True and s["celery_eager"] is True


def test_environment_overrides():
    s = settings_under(
        {
            "DATABASE_URL": "postgres://u:p@db.example:5432/gongkai",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
            "ALLOWED_HOSTS": "gk.example.gov.cn, www.gk.example.gov.cn",
        }
    )
    assert s["engine"] == "django.db.backends.postgresql" and s["name"] == "gongkai"
    assert s["hosts"] == ["gk.example.gov.cn", "www.gk.example.gov.cn"]
    assert s["eager"] is False and s["celery_eager"] is False


def test_the_per_process_cache_keeps_a_towns_worth_of_api_responses():
    """Without CACHE_URL each worker caches public API responses in memory; Django's default of
    300 keys would evict a town's entry pages before they were asked for twice."""
    code = (
        "import django; django.setup(); from django.core.cache import cache;"
        "[cache.set(f'k{n}', n, 600) for n in range(3000)];"
        "print(sum(cache.get(f'k{n}') is not None for n in range(3000)))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(env, DJANGO_SETTINGS_MODULE="cms.settings"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(out.stdout.strip().splitlines()[-1]) == 3000
