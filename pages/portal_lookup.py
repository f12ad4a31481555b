"""Which portal (受理机关) a public form or intake API is for: shared by the middle layer's
public intakes (依申请公开, 政务咨询)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import exceptions
from wagtail.models import Site

from .models import DisclosurePortal


def portal_for(request, slug=None):
    """The portal named by ``slug``, else the one the site's root is, else the only live one."""
    if slug:
        return get_object_or_404(DisclosurePortal, slug=slug, live=True)
    site = Site.find_for_request(request)
    if site is not None:
        root = site.root_page.specific
        if isinstance(root, DisclosurePortal):
            return root
    portals = DisclosurePortal.objects.live()
    if portals.count() == 1:
        return portals.get()
    raise Http404("请选择受理机关")


def intake_data(serializer):
    """(portal, data) of an intake API's submission: the live portal its slug names and the
    validated fields without it. Invalid data or an unknown portal is the API's 400."""
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    portal = DisclosurePortal.objects.live().filter(slug=data.pop("portal")).first()
    if portal is None:
        raise exceptions.ValidationError({"portal": "受理机关不存在"})
    return portal, data
