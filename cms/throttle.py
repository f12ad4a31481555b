"""A fixed-window counter per client address in Django's cache, for public forms, and what the
forms and their JSON APIs do with it: the 429 page and one throttle class per form.

A leaf module: it imports no app, so every layer may use it.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle

RETRY_AFTER_SECONDS = 600


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "unknown")


def throttled(request, scope, limit, window):
    """Count this hit; True when the client exceeded ``limit`` hits in the current window."""
    bucket = int(time.time() // window)
    key = f"gongkai:throttle:{scope}:{client_ip(request)}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count > limit


def too_many(request, template):
    """The public form's 429 page."""
    response = render(request, template, {}, status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class FormThrottle(BaseThrottle):
    """A public form's limit for its JSON API, counted once for the form and the API together:
    ``form_scope`` is the form's counter, ``rate_setting`` names its (limit, window) setting."""

    form_scope = ""
    rate_setting = ""

    def allow_request(self, request, view):
        limit, self.window = getattr(settings, self.rate_setting)
        return not throttled(request, self.form_scope, limit, self.window)

    def wait(self):
        return self.window - time.time() % self.window
