"""Issue 14, milestone 2: the entry form in the order a 信息员 fills it, a Chinese help text under
every field, the classifications as dropdowns and 相关信息 as a search, not a list of every entry."""

import re

from pages.models import DisclosureEntry, Genre
from pages.related_chooser import LIMIT, search_related
from workflows import services

from ..factories import ADD_URL, form_data, make_user, new_entry

ORDER = [
    "title",
    "publisher",
    "doc_number",
    "written_on",
    "genre",
    "topic",
    "five_public",
    "openness",
    "disclosure_scope",
    "classification",
    "body",
    "attachments-TOTAL_FORMS",
]


def test_fields_come_in_the_editors_order_with_chinese_help_and_dropdowns(client, catalog, users):
    client.force_login(users["finance_editor"])
    response = client.get(ADD_URL.format(catalog["budget"].pk))
    html = response.content.decode()
    positions = [html.index(f'name="{name}"') for name in ORDER]
    assert positions == sorted(positions), dict(zip(ORDER, positions, strict=True))

    form = response.context["form"]
    for name in ORDER[:-1]:
        help_text = str(form.fields[name].help_text)
        assert re.search(r"[\u4e00-\u9fff]", help_text) and not re.search(r"[A-Za-z]{3,}", help_text), name
        assert help_text in html, name
    for name in ("genre", "topic", "five_public"):
        assert re.search(rf'<select name="{name}"', html), name  # a dropdown, not a paged modal chooser
    assert re.search(r"<option value=\"\"( selected)?>请选择</option>", html)
    assert "选择 体裁分类" not in html


def test_inactive_vocabulary_is_not_offered_but_kept_on_an_entry_that_has_it(client, catalog, users):
    retired = Genre.objects.create(name="已停用文种", active=False)
    client.force_login(users["finance_editor"])
    html = client.get(ADD_URL.format(catalog["budget"].pk)).content.decode()
    assert "已停用文种" not in html
    entry = new_entry(catalog["budget"], title="用旧文种的信息", genre=retired)
    html = client.get(f"/admin/pages/{entry.pk}/edit/").content.decode()
    assert re.search(rf'<option value="{retired.pk}" selected>已停用文种</option>', html)


def test_related_entries_render_only_the_chosen_ones_and_save_from_hidden_inputs(client, catalog, users, portal):
    leader = make_user("fl_leader", portal.leaders_group)
    linked = new_entry(catalog["budget"], title="被关联的预算说明")
    services.force_publish(linked, leader, "测试")
    new_entry(catalog["budget"], title="未被关联的另一条信息")
    client.force_login(users["finance_editor"])
    data = form_data("关联了一条的信息")
    data["related_entries"] = [str(linked.pk)]
    response = client.post(ADD_URL.format(catalog["budget"].pk), data)
    assert response.status_code == 302, response.context["form"].errors
    entry = DisclosureEntry.objects.get(title="关联了一条的信息")
    assert list(entry.get_latest_revision_as_object().related_entries.all()) == [linked.specific]

    html = client.get(f"/admin/pages/{entry.pk}/edit/").content.decode()
    assert f'<input type="hidden" name="related_entries" value="{linked.pk}">' in html
    assert "被关联的预算说明" in html and "未被关联的另一条信息" not in html  # no listing of every entry
    assert 'class="gk-related-query"' in html and "related_chooser.js" in html


def test_the_search_offers_public_and_own_entries_only_and_at_most_a_page(client, catalog, users):
    own = new_entry(catalog["budget"], title="财政所预算草稿")
    other = new_entry(catalog["dibao"], title="民政办预算草稿")
    found = {row["id"] for row in search_related(users["finance_editor"], "预算草稿")}
    assert own.pk in found and other.pk not in found
    assert search_related(users["finance_editor"], "   ") == []
    assert search_related(users["finance_editor"], "预算草稿", exclude=own.pk) == []

    for number in range(LIMIT + 5):
        new_entry(catalog["budget"], title=f"批量预算{number}", doc_number=f"财发〔2026〕{number}号")
    assert len(search_related(users["finance_editor"], "批量预算")) == LIMIT
    assert [r["title"] for r in search_related(users["finance_editor"], "财发〔2026〕7号")] == ["批量预算7"]

    client.force_login(users["finance_editor"])
    body = client.get("/admin/gongkai/related-entries/", {"q": "预算草稿"}).json()
    assert [row["title"] for row in body["results"]] == ["财政所预算草稿"]
    client.logout()
    assert client.get("/admin/gongkai/related-entries/", {"q": "预算草稿"}).status_code == 302
