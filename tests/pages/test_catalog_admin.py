"""Catalog areas and items are the office's: department staff add entries beneath them but never
edit them, and nothing offers 提交审核 on a page without a workflow (it was a 500)."""

import json

from wagtail.models import WorkflowState

from pages.models import CatalogItem

from ..factories import make_user


def item_form_data(title, **extra):
    data = {
        "title": title,
        "slug": "",
        "level1_name": "",
        "content_elements": "公开内容",
        "basis": "",
        "time_limit_days": "20",
        "time_limit_text": "信息形成或者变更之日起20个工作日内",
        "subject": "",
        "channels": "政府网站",
        "audience": "全社会",
        "method": "主动",
        "level": "乡级",
        "update_rhythm": "不定期",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_department_staff_cannot_edit_catalog_items_or_areas(client, catalog, users):
    item = catalog["budget"]
    reviewer = make_user("budget_reviewer", catalog["finance"].reviewers_group)
    for user in (users["finance_editor"], reviewer):
        perms = item.permissions_for_user(user)
        assert not perms.can_edit() and not perms.can_delete() and not perms.can_move() and not perms.can_copy()
        assert not item.get_parent().specific.permissions_for_user(user).can_edit()
    assert item.permissions_for_user(users["finance_editor"]).can_add_subpage()  # entries, still

    client.force_login(users["finance_editor"])
    assert client.get(f"/admin/pages/{item.pk}/edit/").status_code in (302, 403)
    response = client.post(
        f"/admin/pages/{item.pk}/edit/", item_form_data("被信息员改名", **{"action-submit": "提交审核"})
    )
    assert response.status_code in (302, 403)
    assert CatalogItem.objects.get(pk=item.pk).get_latest_revision_as_object().title == "部门预算"
    assert not WorkflowState.objects.filter(object_id=str(item.pk)).exists()
    assert client.get(f"/admin/pages/add/pages/disclosureentry/{item.pk}/").status_code == 200


def test_the_office_edits_catalog_items_without_submit_for_moderation(client, catalog, users):
    item = catalog["budget"]
    admin = users["admin"]
    assert item.permissions_for_user(admin).can_edit()
    assert not item.permissions_for_user(admin).can_submit_for_moderation()
    client.force_login(admin)
    html = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert "部门预算" in html and 'name="action-submit"' not in html

    response = client.post(
        f"/admin/pages/{item.pk}/edit/",
        item_form_data("部门预算", slug=item.slug, department=catalog["finance"].pk, **{"action-submit": "1"}),
    )
    assert response.status_code == 302  # saved, not a 500
    assert not WorkflowState.objects.filter(object_id=str(item.pk)).exists()


def test_creating_a_catalog_item_offers_no_submit_and_a_forged_one_saves_a_draft(client, catalog, users):
    area = catalog["budget"].get_parent()
    client.force_login(users["admin"])
    url = f"/admin/pages/add/pages/catalogitem/{area.pk}/"
    html = client.get(url).content.decode()
    assert 'name="action-submit"' not in html and 'name="action-publish"' in html

    response = client.post(url, item_form_data("政府采购意向", slug="caigou-yixiang", **{"action-submit": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    item = CatalogItem.objects.get(title="政府采购意向")
    assert not item.live and not WorkflowState.objects.filter(object_id=str(item.pk)).exists()


def test_entries_under_an_item_still_offer_submit(client, catalog, users):
    client.force_login(users["finance_editor"])
    html = client.get(f"/admin/pages/add/pages/disclosureentry/{catalog['budget'].pk}/").content.decode()
    assert 'name="action-submit"' in html


def test_a_new_entry_starts_from_the_items_model_entry(client, catalog, users):
    """范文: the office writes a model entry on the item; 新建 under it starts from it, and an
    entry already written is never overwritten by it."""
    item = catalog["dibao"]
    add_url = f"/admin/pages/add/pages/disclosureentry/{item.pk}/"
    client.force_login(users["civil_editor"])
    assert "低保名单公示" not in client.get(add_url).content.decode()
    item.model_title = "清河镇2026年第X季度低保名单公示"
    item.model_body = "<p>公示栏目：姓名、家庭人口、保障金额（元）</p>"
    item.save_revision().publish()
    html = client.get(add_url).content.decode()
    # The rich text editor's input holds JSON: the 正文 is \u-escaped there.
    assert 'value="清河镇2026年第X季度低保名单公示"' in html and json.dumps("家庭人口")[1:-1] in html
    budget = client.get(f"/admin/pages/add/pages/disclosureentry/{catalog['budget'].pk}/").content.decode()
    assert json.dumps("家庭人口")[1:-1] not in budget  # another item has no 范文
    dashboard = client.get("/admin/").content.decode()  # 新建公开信息: the editor's own items only
    assert "新建公开信息" in dashboard and "有范文" in dashboard and add_url in dashboard
    assert f"/admin/pages/add/pages/disclosureentry/{catalog['budget'].pk}/" not in dashboard
