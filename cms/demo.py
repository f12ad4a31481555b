"""The whole demo installation (``manage.py load_demo``): the town portal with its catalog,
departments, users and archive of entries (pages), what does not arise there marked 未涉及, the
current publications of every column dated relative to today (reports), then the demo
disclosure requests, questions and a consultation with its 反馈情况. Running it again the same
day changes nothing."""

from django.contrib.auth import get_user_model

from disclosure_requests.demo import load_demo_requests
from interaction.demo import load_demo_consultation, load_demo_questions
from pages.demo import load_demo_portal, mark_demo_not_applicable
from reports.demo import top_up_demo_columns


def load_demo(progress=None, say=None):
    say = say or (lambda message: None)
    say("门户、部门、标准目录、演示用户和历年公开信息……")
    portal, catalog, users, report = load_demo_portal(progress=progress)
    marked = mark_demo_not_applicable(portal)
    say(f"标记未涉及的领域事项 {marked} 个；补充各栏目当期公开信息……")
    current = top_up_demo_columns(portal, progress=progress)
    if current is not None:  # one report for both imports
        for field in ("problems", "drafts", "created_catalog"):
            getattr(report, field).extend(getattr(current, field))
        for field in ("rows", "created", "updated", "unchanged", "published"):
            setattr(report, field, getattr(report, field) + getattr(current, field))
    say("演示依申请公开申请、政务咨询和意见征集……")
    admin = get_user_model().objects.get(username="admin")
    load_demo_requests(portal, admin)
    load_demo_questions(portal, admin)
    load_demo_consultation(portal, admin)
    return portal, catalog, users, report
