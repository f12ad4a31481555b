"""Fixtures of the reports tests: the disclosure office."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission, Page

from ..factories import make_user


@pytest.fixture
def office(portal):
    """A disclosure-office user: publish permission on the portal, no department."""
    user = make_user("office")
    group = user.groups.create(name="政务公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in ("publish", "change"):
        GroupPagePermission.objects.create(
            group=group, page=Page.objects.get(pk=portal.pk), permission_type=permission_type
        )
    return user
