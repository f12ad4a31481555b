"""Settings, all from the environment (12-factor). See README for every variable."""

import datetime
import os
import tempfile
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = env_bool("DEBUG", False)
# The pytest run (pytest sets PYTEST_VERSION): no production-only redirects or secure cookies.
TESTING = "PYTEST_VERSION" in os.environ
# SECRET_KEY, else the file SECRET_KEY_FILE (the make targets write var/secret_key once). Without
# either, DEBUG and the test run use a development key, commands run, and serving refuses (cms/wsgi.py).
SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / "var" / "secret_key"))
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (
    SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.is_file() else ""
)
SECRET_KEY_MISSING = not SECRET_KEY
SECRET_KEY = SECRET_KEY or "insecure-development-key-change-me"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's admin templates use its filters (naturaltime: "3 分钟之前"); its catalogue translates them.
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # ReDoc served from our own static files, never a CDN
    "corsheaders",
    "axes",  # login lockout (issue 12)
    # Last, so their ready() runs after wagtail.search has wired its signals.
    "search",
    "pages",
    "workflows",
    "disclosure_requests",
    "interaction",
    "reports",
    "cms",
]

MIDDLEWARE = [
    "cms.monitoring.metrics.RequestMetricsMiddleware",  # first: times the whole request
    "cms.middleware.TrustedProxyMiddleware",  # then REMOTE_ADDR from a trusted proxy, for all that follows
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.SecurityHeadersMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.middleware.PublicCacheMiddleware",
    "cms.middleware.PublicAPICacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    "cms.middleware.IntegrityErrorMiddleware",
    "reports.figures.OneVersionPerRequest",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "pages.display.display_preferences",
            ],
        },
    },
]

# Database: DATABASE_URL, default a SQLite file in the project folder.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # BEGIN IMMEDIATE: writers queue on the lock instead of failing on
            # lock upgrade, which keeps 索引号 allocation safe under concurrency.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a real file so that concurrent (threaded) tests share it; one per
    # test run, so that two runs side by side never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get(
            "SQLITE_TEST_DB", str(Path(tempfile.gettempdir()) / f"gongkai-test-{os.getpid()}.sqlite3")
        )
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
# Login lockout (django-axes): LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one
# client address, lock further attempts for LOGIN_COOLOFF_MINUTES. Behind a reverse proxy set
# TRUSTED_PROXIES (cms.middleware.TrustedProxyMiddleware), or every client shares the proxy's address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.lockout.lockout_response"
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

LANGUAGE_CODE = "zh-hans"
# The one language: whatever a browser asks for (Accept-Language: en-US …) and whatever a user's
# Wagtail profile says, every page and the admin are Simplified Chinese.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# The project's own catalogue (locale/zh_Hans, compiled by `make setup`) comes first: it adds
# what Wagtail's zh_Hans translation lacks and replaces what names Wagtail instead of the system.
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
# One time zone too, so the account page offers no list of the world's zone names.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    # MEDIA_ROOT, except Wagtail documents, which go to DOCUMENTS_PRIVATE_ROOT (below).
    "default": {"BACKEND": "cms.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
# The system's name in the admin (login, dashboard, window titles) after the body's name
# (the first portal's 机关名称, cms.templatetags.gongkai_admin).
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "政务公开管理系统")
# Offline intranet: the admin never calls out (no update check, no Gravatar, no "what's new"
# banner pointing at Wagtail's guide; the help menu's external links are removed in cms.wagtail_hooks).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_FINDERS = []  # no oEmbed lookups on the internet (the embed button is removed too)
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin_forms.LoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "csv", "ofd", "wps", "txt", "zip", "jpg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents (entry attachments) are stored outside MEDIA_ROOT, with no URL of their own, and are
# downloaded only through Wagtail's view /documents/<id>/<name>, after the visibility check
# (pages.wagtail_hooks: the public gets an attachment only while a public entry carries it).
DOCUMENTS_PRIVATE_ROOT = Path(os.environ.get("DOCUMENTS_PRIVATE_ROOT", BASE_DIR / "var" / "private"))
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# After the check, the file is streamed by Django, or, with DOCUMENTS_ACCEL_REDIRECT set (e.g.
# "/_private/documents/"), handed to nginx by X-Accel-Redirect to that internal location (README).
SENDFILE_BACKEND = "pages.documents"
DOCUMENTS_ACCEL_REDIRECT = os.environ.get("DOCUMENTS_ACCEL_REDIRECT", "")
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The page chooser / explorer should never offer editors a "publish" they lack.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# An approved workflow publishes through the disclosure pipeline (guards, 索引号).
WAGTAIL_FINISH_WORKFLOW_ACTION = "workflows.finish.finish_workflow"
WAGTAIL_MODERATION_ENABLED = True
# No autosave: on the create view an autosave that lands with the editor's 提交审核 made a second
# entry (a stray draft, and the editor left on its edit page), and every autosave is a revision by
# whoever has the form open, so a reviewer's autosave would make them the author the four-eyes rule
# forbids to approve. Entries are saved when the editor says so (保存草稿 / 提交审核).
WAGTAIL_AUTOSAVE_INTERVAL = 0
# Approvers are resolved per entry (workflows.notifications); superusers are not approvers.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# --- Search --- (search app; README "Search")
# Elasticsearch URL, e.g. https://user:pw@es1:9200 ("" = database search only).
SEARCH_URL = os.environ.get("SEARCH_URL", "")
# Alias the public search reads and writes; rebuilds create "<alias>-<timestamp>" and swap it.
SEARCH_INDEX = os.environ.get("SEARCH_INDEX", "gongkai-entries")
SEARCH_SHARDS = int(os.environ.get("SEARCH_SHARDS", "1"))
SEARCH_REPLICAS = int(os.environ.get("SEARCH_REPLICAS", "0"))
SEARCH_CA_CERTS = os.environ.get("SEARCH_CA_CERTS", "")  # CA bundle for https SEARCH_URL
SEARCH_TIMEOUT = float(os.environ.get("SEARCH_TIMEOUT", "5"))  # seconds per engine request
# Synonym groups file ("" = search/dictionaries/synonyms.txt) and extra jieba dictionaries.
SEARCH_SYNONYMS_FILE = os.environ.get("SEARCH_SYNONYMS_FILE", "")
SEARCH_USER_DICTIONARIES = env_list("SEARCH_USER_DICTIONARIES")
SEARCH_HOT_WORDS_MIN_CLIENTS = int(os.environ.get("SEARCH_HOT_WORDS_MIN_CLIENTS", "3"))  # 热词: clients/30 days
# Wagtail's own (admin) search: modelsearch's database backend with the same Chinese analysis.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_search"}}

# --- Disclosure requests --- (依申请公开; README "Disclosure requests")
# Office e-mail addresses for new/overdue requests ("" = the portal's office users: superusers
# and holders of Wagtail's publish permission on the portal).
DISCLOSURE_OFFICE_EMAILS = env_list("DISCLOSURE_OFFICE_EMAILS")
# Local convention, not law: how many working days the applicant gets to return a correction.
DISCLOSURE_CORRECTION_REPLY_WORKING_DAYS = int(os.environ.get("DISCLOSURE_CORRECTION_REPLY_WORKING_DAYS", "15"))
# Reminder to the assigned department when this many working days or fewer are left.
DISCLOSURE_REMINDER_WORKING_DAYS = int(os.environ.get("DISCLOSURE_REMINDER_WORKING_DAYS", "5"))
DISCLOSURE_ATTACHMENT_MAX_SIZE = int(os.environ.get("DISCLOSURE_ATTACHMENT_MAX_SIZE", str(10 * 1024 * 1024)))
DISCLOSURE_ATTACHMENT_MAX_COUNT = 5
DISCLOSURE_ATTACHMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "ofd"]
# The same applicant and description again within this many seconds is the same request.
DISCLOSURE_DUPLICATE_WINDOW = 600
# Public form: at most this many submissions per IP per window (seconds), via Django's cache.
DISCLOSURE_THROTTLE_RATE = (int(os.environ.get("DISCLOSURE_THROTTLE_COUNT", "5")), 3600)
# Applicants' attachments and answer documents: outside MEDIA_ROOT, served only by the admin.
DISCLOSURE_PRIVATE_ROOT = Path(os.environ.get("DISCLOSURE_PRIVATE_ROOT", BASE_DIR / "var" / "private"))

# --- Questions and consultations (interaction/) ---
# Working days the responsible department has to answer a question (local convention, default 5).
QUESTION_ANSWER_WORKING_DAYS = int(os.environ.get("QUESTION_ANSWER_WORKING_DAYS", "5"))
# Public question and opinion forms: at most this many submissions per IP per window (seconds).
INTERACTION_THROTTLE_RATE = (int(os.environ.get("INTERACTION_THROTTLE_COUNT", "5")), 3600)
INTERACTION_OFFICE_EMAILS = env_list("INTERACTION_OFFICE_EMAILS")
# Catalog areas whose entries are policy documents: published without a 解读 they are flagged.
POLICY_AREA_NAMES = env_list("POLICY_AREA_NAMES", "政策文件")
# Remind the department this many working days before a question's answer deadline (and daily after).
QUESTION_REMINDER_WORKING_DAYS = int(os.environ.get("QUESTION_REMINDER_WORKING_DAYS", "1"))

# Celery: eager when no broker is configured, so the embedded default needs no service.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Scheduled publication and expiry, every minute (`celery -A cms beat`, or cron `manage.py publish_scheduled`).
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled": {"task": "workflows.publish_scheduled", "schedule": 60.0},
    # Safety net for search index drains whose message was lost (search/tasks.py).
    "search-outbox-sweep": {"task": "search.tasks.sweep_outbox", "schedule": 60.0},
    # Disclosure requests: daily deadline reminders (and 视为放弃 after a missed correction);
    # DISCLOSURE_REMINDERS_EVERY=<seconds> runs it on that interval instead (demos, the smoke test).
    "disclosure-request-reminders": {
        "task": "disclosure_requests.daily",
        "schedule": float(os.environ.get("DISCLOSURE_REMINDERS_EVERY") or 0) or crontab(hour=7, minute=30),
    },
    # Questions (政务咨询): reminders before and after the answer deadline; the search index merged.
    "interaction-reminders": {"task": "interaction.daily", "schedule": crontab(hour=7, minute=40)},
    "search-index-optimize": {"task": "search.tasks.optimize_index", "schedule": crontab(hour=3, minute=20)},
}

# --- API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # The browsable API for signed-in users only: anonymous responses (the cached ones) are JSON.
    # JSON nested too deep or carrying control characters is a 400 with a Chinese message (issue 12).
    "DEFAULT_PARSER_CLASSES": [
        "cms.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "cms.negotiation.SignedInBrowsableNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "public_read": os.environ.get("API_READ_RATE", "600/min"),
        "writes": os.environ.get("API_WRITE_RATE", "60/min"),
    },
    "EXCEPTION_HANDLER": "cms.api.api_exception_handler",
    # Throttles count REMOTE_ADDR (TrustedProxyMiddleware sets it behind a proxy): DRF's default
    # would key anonymous clients on the X-Forwarded-For they send, a new allowance per forged header.
    "NUM_PROXIES": 0,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "政务公开 API",
    "DESCRIPTION": "公开目录、公开信息、检索与审核流程接口。公开接口无需认证；审核与草稿接口需令牌（Authorization: Token …）。",
    "VERSION": "2.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads ReDoc from drf-spectacular-sidecar's static files: no CDN.
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "60"))
PUBLIC_API_CACHE = env_bool("PUBLIC_API_CACHE", True)
# CACHE_URL=redis://… shares the cache (throttles, public API responses) between workers.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}
        if os.environ.get("CACHE_URL")
        # Per process; Django's default of 300 keys holds fewer responses than a town has entries.
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
    )
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# --- Monitoring --- (README "Production": /health/, /metrics)
# Health details and /metrics: superusers, `Authorization: Bearer MONITORING_TOKEN`, or a direct
# (not proxied) connection from MONITORING_ALLOWED_IPS (comma-separated addresses or networks).
MONITORING_TOKEN = os.environ.get("MONITORING_TOKEN", "")
MONITORING_ALLOWED_IPS = env_list("MONITORING_ALLOWED_IPS")
HEALTH_TIMEOUT = float(os.environ.get("HEALTH_TIMEOUT", "3"))  # seconds per dependency
HEALTH_OUTBOX_MAX_LAG = float(os.environ.get("HEALTH_OUTBOX_MAX_LAG", "300"))  # oldest pending index change
HEALTH_CACHE_SECONDS = float(os.environ.get("HEALTH_CACHE_SECONDS", "5"))  # anonymous answers reused

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")

# Where the import command writes its row-by-row report when not told otherwise.
IMPORT_REPORT_DIR = Path(os.environ.get("IMPORT_REPORT_DIR", BASE_DIR / "var" / "import-reports"))
# Admin batch import (批量导入): largest accepted upload, and where uploads wait for confirmation
# (outside MEDIA_ROOT, which may be served publicly; deleted when the import ends).
IMPORT_UPLOAD_MAX_SIZE = int(os.environ.get("IMPORT_UPLOAD_MAX_SIZE", str(10 * 1024 * 1024)))
IMPORT_PRIVATE_ROOT = Path(os.environ.get("IMPORT_PRIVATE_ROOT", BASE_DIR / "var" / "private"))

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, process, extra fields,
# exception) from Django, Celery (which then leaves the root logger alone) and gunicorn
# (gunicorn.conf.py); "text" (default) is one readable line. LOG_LEVEL: the root logger's level.
from cms.log_format import logging_settings  # noqa: E402

LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT 只能是 text 或 json，而不是 {LOG_FORMAT!r}")
LOGGING = logging_settings(
    LOG_FORMAT, os.environ.get("LOG_LEVEL", "WARNING"), os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")
)
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "SAMEORIGIN"
    SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG and not TESTING:
    # Production (README, Deployment): HTTPS only. The proxy must set X-Forwarded-Proto itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
