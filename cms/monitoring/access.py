"""Who may read the health details and the metrics: superusers, a bearer token
(MONITORING_TOKEN) or an allowed address (MONITORING_ALLOWED_IPS, addresses or networks).

An address counts only for a direct connection: a request relayed by a proxy (it carries
X-Forwarded-For or X-Real-IP) comes from the proxy's address, which would let anyone in."""

import hmac
import ipaddress

from django.conf import settings


def allowed_networks():
    networks = []
    for value in getattr(settings, "MONITORING_ALLOWED_IPS", []):
        networks.append(ipaddress.ip_network(value, strict=False))
    return networks


def _address_allowed(request):
    if request.META.get("HTTP_X_FORWARDED_FOR") or request.META.get("HTTP_X_REAL_IP"):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in allowed_networks())


def _token_matches(request):
    token = getattr(settings, "MONITORING_TOKEN", "")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return bool(token) and hmac.compare_digest(header.encode(), f"Bearer {token}".encode())


def is_monitoring_client(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    return _token_matches(request) or _address_allowed(request)
