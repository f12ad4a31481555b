"""Operations tests (health, metrics, backup, deploy): they check services, files and binaries,
not the database layer, so they run once per `make test`, in the SQLite pass."""

import os

import pytest

from tests.passes import postgres_pass

if postgres_pass():
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(autouse=True)
def _fresh_health_answers(settings):
    settings.HEALTH_CACHE_SECONDS = 0
    settings.HEALTH_TIMEOUT = 2
    settings.MONITORING_TOKEN = "monitoring-secret-token"
    settings.MONITORING_ALLOWED_IPS = []


@pytest.fixture
def monitor():
    return {"HTTP_AUTHORIZATION": "Bearer monitoring-secret-token"}


@pytest.fixture
def all_services(settings, redis_url):
    """Cache and broker on the loopback Redis, search on the loopback Elasticsearch."""
    from tests.search.helpers import ES_URL, es_script

    if "SEARCH_TEST_URL" not in os.environ:
        es_script("start")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    settings.CELERY_BROKER_URL = redis_url
    settings.SEARCH_URL = ES_URL
    from django.core.cache import caches

    caches.close_all()
    return settings
