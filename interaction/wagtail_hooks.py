"""Admin menu, URLs and the dashboard panel of 互动交流."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.admin_panels import DashboardPanel
from pages.permissions import office_portals

from . import services
from .admin_views import admin_urls


@hooks.register("register_admin_urls")
def interaction_urls():
    return admin_urls()


class QuestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return services.has_interaction_access(request.user)


class ConsultationsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(office_portals(request.user))


@hooks.register("register_admin_menu_item")
def questions_menu_item():
    return QuestionsMenuItem("政务咨询", reverse("interaction_questions"), icon_name="help", order=310)


@hooks.register("register_admin_menu_item")
def consultations_menu_item():
    return ConsultationsMenuItem("意见征集", reverse("interaction_consultations"), icon_name="comment", order=320)


class QuestionDeadlinesPanel(DashboardPanel):
    """Overdue questions, and the inspection's veto item: unanswered for more than 3 months."""

    name = "gongkai_question_deadlines"
    template_name = "interaction/admin/dashboard_questions.html"
    order = 75

    def get_panel_context(self, request):
        questions = services.visible_questions(request.user)
        index = reverse("interaction_questions")
        return {
            "overdue": questions.overdue().select_related("department")[:10],
            "overdue_count": questions.overdue().count(),
            "veto_count": questions.veto_items().count(),
            "overdue_url": index + "?view=overdue",
            "veto_url": index + "?view=veto",
        }


@hooks.register("construct_homepage_panels")
def question_panel(request, panels):
    if services.has_interaction_access(request.user):
        panels.append(QuestionDeadlinesPanel())


@hooks.register("register_site_checks")
def site_checks():
    """网站自查 (reports): a question unanswered for more than 3 months in the past year vetoes the site."""
    return [("unanswered_questions", "互动交流：超过3个月未答复的留言", unanswered_questions_check)]


def unanswered_questions_check(portal, on):
    return unanswered_questions_for([portal], on)[portal.pk]


def unanswered_questions_for(portals, on):
    """{portal pk: the finding}, in one query for all ``portals`` (the self-check's grouped run)."""
    from .models import Question

    late = {p.pk: [] for p in portals}
    for question in Question.objects.filter(portal__in=late).veto_items(today=on).order_by("received_on", "pk"):
        late[question.portal_id].append(question)
    return {
        pk: {
            "count": len(questions),
            "veto_at": 1,
            "advice": "尽快答复这些留言并公开答复；今后在答复期限内办结（超过3个月未答复即单项否决）。",
            "rows": [
                {
                    "text": question.subject,
                    "detail": f"{question.received_on:%Y-%m-%d} 收到，{question.get_state_display()}",
                    "url": reverse("interaction_question", args=[question.pk]),
                }
                for question in questions[:50]
            ],
        }
        for pk, questions in late.items()
    }


unanswered_questions_check.for_portals = unanswered_questions_for
