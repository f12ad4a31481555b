"""Editors never see a URL slug: no slug field, no 推广 tab, and no slug error in any language."""

from pages.models import DisclosureEntry
from pages.models.entry_form import new_entry_slug

from ..factories import ADD_URL, form_data, new_entry


def test_the_entry_form_has_no_slug_and_no_promote_tab(client, catalog, users):
    client.force_login(users["finance_editor"])
    html = client.get(ADD_URL.format(catalog["budget"].pk)).content.decode()
    assert 'name="slug"' not in html and "推广" not in html and "保密审查" in html
    entry = new_entry(catalog["budget"], title="已有的信息")
    html = client.get(f"/admin/pages/{entry.pk}/edit/").content.decode()
    assert 'name="slug"' not in html and "推广" not in html


def test_entries_with_the_same_title_get_distinct_slugs_and_keep_them(client, catalog, users):
    client.force_login(users["finance_editor"])
    for _ in range(2):
        response = client.post(ADD_URL.format(catalog["budget"].pk), form_data("同名的信息"))
        assert response.status_code == 302, response.context["form"].errors
    first, second = DisclosureEntry.objects.filter(title="同名的信息").order_by("pk")
    assert first.slug != second.slug and len(first.slug) == 12

    data = form_data("同名的信息（修改）")
    response = client.post(f"/admin/pages/{first.pk}/edit/", data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.get_latest_revision_as_object().title == "同名的信息（修改）"
    assert first.get_latest_revision_as_object().slug == first.slug


def test_a_new_slug_avoids_siblings(catalog, monkeypatch):
    taken = new_entry(catalog["budget"], title="占用", slug="aaaaaaaaaaaa")
    values = iter(["aaaaaaaaaaaa" + "0" * 20, "bbbbbbbbbbbb" + "0" * 20])
    monkeypatch.setattr("pages.models.entry_form.uuid.uuid4", lambda: type("U", (), {"hex": next(values)})())
    assert new_entry_slug(catalog["budget"], None) == "bbbbbbbbbbbb"
    assert taken.slug == "aaaaaaaaaaaa"


def test_the_department_choices_are_the_entrys_own_portals(client, catalog, users):
    """A county database holds every town's 财政所: the form offers this portal's departments
    only, and another portal's department posted anyway is refused, in Chinese."""
    from pages.catalog import create_portal, ensure_department

    other = ensure_department(create_portal("other", "别的镇政务公开", "别的镇人民政府"), "财政所", org_code="99")
    client.force_login(users["finance_editor"])
    form = client.get(ADD_URL.format(catalog["budget"].pk)).context["form"]
    offered = set(form.fields["department"].queryset.values_list("pk", flat=True))
    assert catalog["finance"].pk in offered and other.pk not in offered
    data = {**form_data("别的镇部门的信息"), "department": other.pk}
    response = client.post(ADD_URL.format(catalog["budget"].pk), data)
    assert response.status_code == 200 and "department" in response.context["form"].errors
    assert "选择一个有效的选项" in str(response.context["form"].errors["department"])
    assert not DisclosureEntry.objects.filter(title="别的镇部门的信息").exists()
