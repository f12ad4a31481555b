"""帮助 › 操作手册: a short Chinese manual of this system shipped with it (no link out of the
intranet), one chapter per role; the chapter of the reader's role comes first."""

from django.template.response import TemplateResponse

from pages.models import DisclosurePortal
from pages.permissions import office_portals, staff_departments

from .manual_figures import figures_by_chapter

# (key, title) in the order of the work: write → review → approve → requests → annual report.
CHAPTERS = [
    ("editor", "信息员：新建、提交、修改退回的信息"),
    ("reviewer", "部门负责人：审核本部门的信息"),
    ("leader", "领导：审批和查看审批记录"),
    ("office", "政务公开办：依申请公开、答复签发、年度报告"),
]


def roles(user):
    """The reader's roles, as CHAPTERS keys."""
    found = []
    departments = staff_departments(user)
    if departments.filter(editors_group__in=user.groups.all()).exists():
        found.append("editor")
    if departments.filter(reviewers_group__in=user.groups.all()).exists():
        found.append("reviewer")
    if DisclosurePortal.objects.filter(leaders_group__in=user.groups.all()).exists():
        found.append("leader")
    if office_portals(user):
        found.append("office")
    return found


def manual_view(request):
    mine = roles(request.user)
    figures = figures_by_chapter()  # screenshots from the browser journeys (manual_figures.py)
    chapters = [(key, title, figures.get(key, [])) for key, title in sorted(CHAPTERS, key=lambda c: c[0] not in mine)]
    return TemplateResponse(
        request,
        "cms/admin/manual.html",
        {"title": "操作手册", "chapters": chapters, "mine": mine},
    )


__all__ = ["manual_view", "roles"]
