"""Fixtures for questions and consultations: roles and time travel."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from wagtail.models import GroupPagePermission, Page

from interaction import services

from ..factories import ASKER, make_user, travel


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The public forms' per-address counters live in the cache: every test starts with none."""
    cache.clear()


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


@pytest.fixture
def consultation(portal, catalog, roles):
    """An open consultation on a published draft, today within its 30-day period."""
    import datetime

    from pages.models import DisclosureEntry
    from workflows import services as review

    from ..factories import new_entry

    draft = new_entry(catalog["dibao"], title="某镇低保审批办法（征求意见稿）", body="<p>起草说明：规范审批。</p>")
    review.force_publish(draft, roles["leader"], "测试发布")
    today = datetime.date.today()
    return services.open_consultation(
        portal,
        roles["office"],
        title="低保审批办法",
        draft_entry=DisclosureEntry.objects.get(pk=draft.pk),
        department=catalog["civil"],
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=26),
    )
