from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from pages.models import DisclosureEntry
from pages.publishing.guards import check_publication

from ..factories import ADD_URL, form_data, new_entry


def test_department_groups_and_collection_are_created(catalog):
    finance = catalog["finance"]
    assert finance.editors_group.name == "测试镇人民政府·财政所·信息员"
    assert finance.reviewers_group.name == "测试镇人民政府·财政所·负责人"
    assert finance.editors_group.permissions.filter(codename="access_admin").exists()
    assert finance.collection.name.endswith("财政所")
    finance.name = "财政分局"
    finance.save()
    finance.refresh_from_db()
    assert finance.editors_group.name == "测试镇人民政府·财政分局·信息员"
    assert Group.objects.filter(name__contains="财政所").count() == 0


def test_owner_groups_get_add_and_change_but_never_publish(catalog):
    finance = catalog["finance"]
    perms = set(
        GroupPagePermission.objects.filter(page=catalog["budget"]).values_list("group__name", "permission__codename")
    )
    assert perms == {
        (finance.editors_group.name, "add_page"),
        (finance.editors_group.name, "change_page"),
        (finance.reviewers_group.name, "change_page"),
    }
    from pages.permissions import department_group_ids

    assert not GroupPagePermission.objects.filter(
        permission__codename="publish_page", group_id__in=department_group_ids()
    ).exists()


def test_editor_cannot_touch_other_departments_items_over_http(client, catalog, users):
    client.force_login(users["finance_editor"])
    assert client.get(ADD_URL.format(catalog["budget"].pk)).status_code == 200
    assert client.get(ADD_URL.format(catalog["dibao"].pk)).status_code in (302, 403)

    response = client.post(ADD_URL.format(catalog["dibao"].pk), form_data("越权录入"))
    assert response.status_code in (302, 403)
    assert not DisclosureEntry.objects.filter(title="越权录入").exists()

    civil_entry = new_entry(catalog["dibao"], title="民政办的信息")
    assert client.get(f"/admin/pages/{civil_entry.pk}/edit/").status_code in (302, 403)
    response = client.post(f"/admin/pages/{civil_entry.pk}/edit/", form_data("被篡改"))
    assert DisclosureEntry.objects.get(pk=civil_entry.pk).get_latest_revision_as_object().title == "民政办的信息"

    own = new_entry(catalog["budget"], title="财政所的信息")
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200


def test_editor_publish_attempt_only_saves_a_draft(client, catalog, users):
    client.force_login(users["finance_editor"])
    data = form_data("信息员尝试直接发布")
    data["action-publish"] = "action-publish"
    response = client.post(ADD_URL.format(catalog["budget"].pk), data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["form"].formsets and {k: v.errors for k, v in response.context["form"].formsets.items()},
    )
    entry = DisclosureEntry.objects.get(title="信息员尝试直接发布")
    assert not entry.live and entry.index_number is None
    assert not entry.permissions_for_user(users["finance_editor"]).can_publish()
    assert entry.department.name == "财政所"  # derived from the catalog item
    assert check_publication(entry.get_latest_revision_as_object()).passed  # the guards had no objection

    # Even an editors group granted publish_page by mistake only saves a draft: the approval
    # layer (EntryPermissionTester, approved_for) stops it, not the missing grant.
    GroupPagePermission.objects.create(
        group=catalog["finance"].editors_group, page=catalog["budget"], permission_type="publish"
    )
    data = form_data("误授发布权后尝试直接发布")
    data["action-publish"] = "action-publish"
    assert client.post(ADD_URL.format(catalog["budget"].pk), data).status_code == 302
    granted = DisclosureEntry.objects.get(title="误授发布权后尝试直接发布")
    assert not granted.live and granted.index_number is None
    assert check_publication(granted.get_latest_revision_as_object()).passed
    for attempt in (entry, granted):
        client.post(
            f"/admin/pages/{attempt.pk}/edit/", {**form_data(attempt.title), "action-publish": "action-publish"}
        )
        assert not DisclosureEntry.objects.get(pk=attempt.pk).live


def test_changing_responsible_department_moves_permissions(client, catalog, users):
    item = catalog["dibao"]
    item.department = catalog["finance"]
    item.save_revision().publish()
    client.force_login(users["finance_editor"])
    assert client.get(ADD_URL.format(item.pk)).status_code == 200
    client.force_login(users["civil_editor"])
    assert client.get(ADD_URL.format(item.pk)).status_code in (302, 403)


def test_inactive_department_loses_access(client, catalog, users):
    finance = catalog["finance"]
    finance.active = False
    finance.save()
    client.force_login(users["finance_editor"])
    assert client.get(ADD_URL.format(catalog["budget"].pk)).status_code in (302, 403)


def test_admin_views_respond_for_superuser(client, catalog, users):
    client.force_login(users["admin"])
    for url in ["/admin/", f"/admin/pages/{catalog['budget'].pk}/", "/admin/snippets/pages/department/"]:
        assert client.get(url).status_code == 200, url


def test_sync_permissions_command_restores_grants(catalog):
    from django.core.management import call_command

    GroupPagePermission.objects.filter(page=catalog["budget"]).delete()
    call_command("sync_permissions", "--portal", "town", stdout=open("/dev/null", "w"))
    assert (
        GroupPagePermission.objects.filter(page=catalog["budget"], group=catalog["finance"].editors_group).count() == 2
    )
