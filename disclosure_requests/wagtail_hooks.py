"""Admin of disclosure on request (依申请公开): the request list and handling pages, the office's
holiday calendar and 答复书 templates."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin_views import DisclosureRequestPolicy, DisclosureRequestViewSet
from .admin_views import admin_urls as disclosure_request_admin_urls
from .models import AnswerSettings, AnswerTemplate, DisclosureRequest, WorkCalendarYear

register_permission_policy(DisclosureRequest, DisclosureRequestPolicy(DisclosureRequest))
register_snippet(WorkCalendarYear)  # the office's holiday schedule for years chinesecalendar lacks
register_snippet(AnswerTemplate)  # 答复书 templates
register_snippet(AnswerSettings)  # 答复书 文号 prefix, 复议机关 and court per portal


@hooks.register("register_admin_viewset")
def disclosure_request_viewset():
    return DisclosureRequestViewSet()


@hooks.register("register_admin_urls")
def disclosure_request_urls():
    return disclosure_request_admin_urls()
