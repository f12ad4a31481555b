"""Force publication only where /workflow/ offers it (issue 12, Low): a leader could publish an
unreviewed edit of a published entry through the API although /workflow/ did not list 强制发布."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from pages.models import DisclosureEntry
from workflows import services

from ..factories import new_entry


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_unreviewed_edit_of_a_published_entry_cannot_be_forced(catalog, roles):  # noqa: F811
    entry = new_entry(catalog["budget"], title="2026年部门预算公开")
    services.force_publish(entry, roles["leader"], "紧急发布")
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    published = entry.live_revision_id
    edit = entry.get_latest_revision_as_object()
    edit.title = "2026年部门预算公开（未经审核的修改）"
    edit.save_revision(user=roles["editor"])

    api = APIClient()
    api.force_authenticate(roles["leader2"])
    offered = api.get(f"/api/v2/entries/{entry.pk}/workflow/").json()["transitions"]
    assert "force_publish" not in [t["name"] for t in offered]
    forced = api.post(f"/api/v2/entries/{entry.pk}/workflow/force_publish/", {"comment": "直接发布"}, format="json")
    assert forced.status_code == 403
    assert forced.json()["message"] == "已发布信息的修改须提交审核，不能强制发布"
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert entry.live_revision_id == published and entry.title == "2026年部门预算公开"
