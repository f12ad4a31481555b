"""Security headers for the public site and API (the admin keeps Wagtail's own needs)."""

from django.conf import settings
from django.utils.cache import patch_vary_headers

from pages import public_version

PUBLIC_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(("/admin/", "/api/docs/")):
            response.setdefault("Content-Security-Policy", getattr(settings, "CONTENT_SECURITY_POLICY", PUBLIC_CSP))
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class PublicCacheMiddleware:
    """Public, anonymous GETs may be cached briefly; ETags come from ConditionalGetMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not request.user.is_authenticated
            and not request.path.startswith("/admin/")
            and not response.has_header("Cache-Control")
        ):
            response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
            response.setdefault("Vary", "Accept-Encoding")
            if not request.path.startswith("/api/"):
                # Pages follow the reader's 长辈版 and text-size cookies (pages.display).
                patch_vary_headers(response, ["Cookie"])
        return response


class PublicAPICacheMiddleware:
    """Caches anonymous GETs of the public API by host and URL, for at most PUBLIC_CACHE_SECONDS.

    Only JSON is stored: anonymous requests never get the browsable API (cms.negotiation), and a
    response of any other type is passed through, so one ``Accept: text/html`` request cannot
    make the cache serve HTML to JSON clients.

    Every publication, unpublication or deletion of an entry bumps the public content
    version (pages.public_version) that is part of the key, so a cache shared by all workers (Redis,
    CACHE_URL) never serves content older than the last publication; with the
    per-process default cache, staleness is bounded by the same max-age the
    responses already advertise to browsers and proxies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.cache import cache

        usable = (
            settings.PUBLIC_API_CACHE
            and request.method == "GET"
            and request.path.startswith("/api/v2/")
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        )
        if not usable:
            return self.get_response(request)
        # Anonymous callers always negotiate JSON (cms.negotiation): the format is part of the
        # key through the path (?format=) and nothing but JSON is ever stored below. The host is
        # part of it too, since links in the responses are absolute.
        key = f"public-api:{public_version.current()}:{request.get_host()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None:
            from django.http import HttpResponse

            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not getattr(response, "streaming", False)
            and response.get("Content-Type", "").startswith("application/json")
            and "no-store" not in response.get("Cache-Control", "")  # the change feed (pages.change_feed)
        ):
            keep = {
                h: response[h] for h in ("Content-Type", "Last-Modified", "Allow", "Vary") if response.has_header(h)
            }
            cache.set(key, (response.content, keep), settings.PUBLIC_CACHE_SECONDS)
        return response


class TrustedProxyMiddleware:
    """Behind a reverse proxy every request comes from the proxy's address. When REMOTE_ADDR is one
    of TRUSTED_PROXIES, the client is the right-most X-Forwarded-For address that is not a trusted
    proxy (what the proxy itself appended; anything left of it is client-controlled). The login
    lockout, the intake limit and the API throttles all read REMOTE_ADDR."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trusted = settings.TRUSTED_PROXIES
        if trusted and request.META.get("REMOTE_ADDR") in trusted:
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
            client = next((h for h in reversed(hops) if h not in trusted), None)
            if client:
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)


CONFLICT_MESSAGE = "与已有的记录冲突（例如重复），未保存。请检查后重试。"


class IntegrityErrorMiddleware:
    """A database constraint that refuses a write is a Chinese 409, never a 500 naming the
    constraint or its columns (the debug page of `make run` showed them). The API answers the
    same through cms.api.api_exception_handler."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import IntegrityError

        if not isinstance(exception, IntegrityError):
            return None
        import logging

        from django.shortcuts import render

        logging.getLogger("django.request").warning("Refused by a database constraint: %s", request.path, exc_info=True)
        return render(request, "conflict.html", {"message": CONFLICT_MESSAGE}, status=409)
