"""Fixtures of the moderation tests: a portal's office, leaders, and each department's staff."""

import pytest
from wagtail.models import GroupPagePermission, Page

from ..factories import make_user


@pytest.fixture
def roles(catalog, portal):
    finance, civil = catalog["finance"], catalog["civil"]
    office = make_user("office")
    office_group = office.groups.create(name="政务公开办")
    from django.contrib.auth.models import Permission

    office_group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=office_group, page=Page.objects.get(pk=portal.pk), permission_type="publish"
    )
    GroupPagePermission.objects.create(
        group=office_group, page=Page.objects.get(pk=portal.pk), permission_type="change"
    )
    users = {
        "editor": make_user("editor", finance.editors_group),
        "civil_editor": make_user("civil_editor", civil.editors_group),
        "reviewer": make_user("reviewer", finance.reviewers_group),
        "other_reviewer": make_user("other_reviewer", civil.reviewers_group),
        "leader": make_user("leader", portal.leaders_group),
        "leader2": make_user("leader2", portal.leaders_group),
        "admin": office,
        "superuser": make_user("root", superuser=True),
    }
    for user in users.values():
        user.email = f"{user.username}@example.invalid"
        user.save()
    return users
