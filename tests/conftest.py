import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from pages.catalog import create_portal, ensure_area, ensure_department, ensure_item
from pages.models import DisclosureEntry, FivePublicType, Genre

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def _no_public_api_cache(settings):
    """Tests roll the database back; a response cache would outlive it (tested on its own)."""
    settings.PUBLIC_API_CACHE = False


@pytest.fixture
def portal(db):
    portal = create_portal("town", "测试镇政务公开", "测试镇人民政府", org_code="000014349", make_site_root=True)
    ensure_department(portal, "财政所", "财政", org_code="000014349")
    ensure_department(portal, "民政办", "民政", org_code="000014350")
    return portal


@pytest.fixture
def catalog(portal):
    finance = portal.departments.get(name="财政所")
    civil = portal.departments.get(name="民政办")
    budget_area = ensure_area(portal, "财政预决算", kind="basic")
    relief_area = ensure_area(portal, "社会救助", kind="basic")
    return {
        "budget": ensure_item(budget_area, "部门预算", department=finance),
        "dibao": ensure_item(relief_area, "最低生活保障", department=civil),
        "finance": finance,
        "civil": civil,
    }


def make_user(username, *groups, superuser=False):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    if superuser:
        user.is_superuser = user.is_staff = True
        user.save()
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def users(catalog, portal):
    return {
        "finance_editor": make_user("finance_editor", catalog["finance"].editors_group),
        "finance_reviewer": make_user("finance_reviewer", catalog["finance"].reviewers_group),
        "civil_editor": make_user("civil_editor", catalog["civil"].editors_group),
        "admin": make_user("admin", superuser=True),
    }


def new_entry(parent, title="2025年部门预算公开", body="<p>本年度预算收入合计128.5万元。</p>", **fields):
    """A draft entry under ``parent`` with complete metadata."""
    defaults = {
        "genre": Genre.objects.get(name="预算"),
        "five_public": FivePublicType.objects.get(name="结果公开"),
        "published_on": datetime.date(2025, 3, 1),
    }
    defaults.update(fields)
    entry = DisclosureEntry(title=title, body=body, live=False, **defaults)
    parent.add_child(instance=entry)
    entry.save_revision()
    return DisclosureEntry.objects.get(pk=entry.pk)



def pytest_collection_modifyitems(items):
    """Browser tests last: the live server's own connections leave rows behind after the
    test's flush, which a later serialized-rollback test would load on top of."""
    items.sort(key=lambda item: "live_url" in getattr(item, "fixturenames", ()))
