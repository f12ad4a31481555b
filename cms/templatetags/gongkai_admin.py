"""The system's name in the admin: the body's name (机关名称) and 政务公开管理系统."""

from django import template
from django.conf import settings

register = template.Library()


def body_name():
    """The 机关名称 of the first portal in the tree (a county above its towns), "" before any exists."""
    from pages.models import DisclosurePortal

    portal = DisclosurePortal.objects.order_by("path").only("body_name", "title").first()
    return (portal.body_name or portal.title) if portal else ""


@register.simple_tag
def gongkai_body_name():
    return body_name()


@register.simple_tag
def gongkai_system_name():
    return settings.WAGTAIL_SITE_NAME
