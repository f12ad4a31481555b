"""Security headers for the public site and API (the admin keeps Wagtail's own needs)."""

from django.conf import settings

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
        return response
