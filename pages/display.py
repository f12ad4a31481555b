"""Display preferences of the public site, kept per browser in cookies and set by plain links
(no JavaScript): 长辈版 (elder mode, 适老化) and the text size. Pages that read them vary on Cookie."""

from django.http import HttpResponseRedirect
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

ELDER_COOKIE = "gk_elder"
SIZE_COOKIE = "gk_size"
SIZES = {"m": "标准", "l": "大", "xl": "特大"}
COOKIE_AGE = 365 * 24 * 3600


def elder_mode(request):
    return request.COOKIES.get(ELDER_COOKIE) == "1"


def text_size(request):
    size = request.COOKIES.get(SIZE_COOKIE, "m")
    return size if size in SIZES else "m"


def _back(request):
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)


def _remember(response, name, value, request):
    response.set_cookie(name, value, max_age=COOKIE_AGE, samesite="Lax", httponly=True, secure=request.is_secure())
    return response


def switch_elder_mode(request):
    """``/zhangbei/?on=1&next=…`` turns 长辈版 on, ``on=0`` off, then goes back where the reader was."""
    response = _back(request)
    if request.GET.get("on") == "0":
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
        return response
    return _remember(response, ELDER_COOKIE, "1", request)


def switch_text_size(request, size):
    """``/zihao/<m|l|xl>/?next=…``: the text size, on top of 长辈版 or the standard layout."""
    response = _back(request)
    if size not in SIZES or size == "m":
        response.delete_cookie(SIZE_COOKIE, samesite="Lax")
        return response
    return _remember(response, SIZE_COOKIE, size, request)


def display_preferences(request):
    """Template context: the reader's preferences and the site's default portal (footer, header on
    pages outside any portal, such as search and 依申请公开)."""

    def default_portal():
        from pages.models import DisclosurePortal

        return DisclosurePortal.objects.live().public().order_by("path").first()

    return {
        "elder_mode": elder_mode(request),
        "text_size": text_size(request),
        "text_sizes": SIZES,
        "site_portal": SimpleLazyObject(default_portal),
        "here": request.get_full_path(),
    }
