"""A fixed-window counter per client address in Django's cache, for public forms.

A leaf module: it imports no app, so every layer may use it.
"""

import time

from django.core.cache import cache


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
