"""Fixtures for questions and consultations: roles and time travel."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission, Page

from interaction import services

from ..conftest import make_user

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

ASKER = {
    "category": "consult",
    "subject": "低保申请需要哪些材料",
    "content": "我是张小明，电话13912345678，想了解申请最低生活保障需要准备什么材料？",
    "asker_name": "张小明",
    "phone": "13912345678",
    "email": "asker@example.invalid",
    "consent_to_publish": True,
}


def travel(day, hour=10):
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def roles(catalog, portal):
    office = make_user("ia_office")
    group = office.groups.create(name="政务公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for kind in ("publish", "change", "add"):
        GroupPagePermission.objects.create(group=group, page=Page.objects.get(pk=portal.pk), permission_type=kind)
    users = {
        "office": office,
        "civil_editor": make_user("ia_civil_editor", catalog["civil"].editors_group),
        "civil_reviewer": make_user("ia_civil_reviewer", catalog["civil"].reviewers_group),
        "finance_editor": make_user("ia_finance_editor", catalog["finance"].editors_group),
        "leader": make_user("ia_leader", portal.leaders_group),
    }
    for user in users.values():
        user.email = f"{user.username}@example.invalid"
        user.save()
    return users


@pytest.fixture
def ask(portal):
    """ask(on="YYYY-MM-DD", **overrides) → a stored question received that day."""

    def _ask(on="2025-03-03", key=None, **overrides):
        with travel(on):
            question, _ = services.submit_question(portal, dict(ASKER, **overrides), idempotency_key=key)
        return question

    return _ask
