"""我的草稿 (issue 14, milestone 2): the editor's own drafts, returned and in-review entries, each
with what to do next, in the editor's menu and on the dashboard; nobody else's drafts."""

from django.urls import reverse

from workflows import services
from workflows.drafts import own_unfinished

from ..factories import new_entry, refreshed


def draft_of(catalog, user, title):
    entry = new_entry(catalog["budget"], title=title)
    entry.save_revision(user=user)
    return refreshed(entry)


def test_drafts_returned_and_in_review_entries_with_the_next_step(client, catalog, roles):
    editor = roles["editor"]
    draft = draft_of(catalog, editor, "尚未提交的草稿")
    returned = draft_of(catalog, editor, "被退回的信息")
    services.submit(returned, editor)
    services.reject(refreshed(returned), roles["reviewer"], "请补充支出明细")
    in_review = draft_of(catalog, editor, "审核中的信息")
    services.submit(in_review, editor)
    published = draft_of(catalog, editor, "已发布的信息")
    services.force_publish(published, roles["leader"], "测试")
    draft_of(catalog, roles["civil_editor"], "别人的草稿")

    assert set(own_unfinished(editor).values_list("title", flat=True)) == {
        "尚未提交的草稿",
        "被退回的信息",
        "审核中的信息",
    }

    client.force_login(editor)
    html = client.get(reverse("gongkai_my_drafts")).content.decode()
    assert "别人的草稿" not in html and "已发布的信息" not in html
    for text in (
        "补全内容后点「提交审核」",
        "已退回",
        "按退回意见修改后点「重新提交」",
        "请补充支出明细",
        "待部门审核",
        "无需操作",
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        reverse("wagtailadmin_pages:delete", args=[draft.pk]),  # an abandoned draft can be deleted
    ):
        assert text in html, text
    assert reverse("wagtailadmin_pages:delete", args=[in_review.pk]) not in html

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gongkai-my-drafts-content" in home and "尚未提交的草稿" in home
    assert reverse("gongkai_my_drafts") in home  # the menu item and the panel's link


def test_an_edited_published_entry_is_a_draft_until_submitted(client, catalog, roles):
    entry = draft_of(catalog, roles["editor"], "已发布后又修改")
    services.force_publish(entry, roles["leader"], "测试")
    assert not own_unfinished(roles["editor"]).exists()
    refreshed(entry).save_revision(user=roles["editor"])
    client.force_login(roles["editor"])
    html = client.get(reverse("gongkai_my_drafts")).content.decode()
    assert "已发布后又修改" in html and "已发布的信息有未提交的修改" in html


def test_the_menu_is_for_editors_and_the_page_is_empty_without_drafts(client, catalog, roles):
    client.force_login(roles["leader"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("gongkai_my_drafts") not in home and "gongkai-my-drafts-content" not in home
    client.force_login(roles["editor"])
    assert "暂无草稿" in client.get(reverse("gongkai_my_drafts")).content.decode()


def test_the_page_and_the_panel_query_the_same_for_one_entry_in_review_as_for_six(
    client, catalog, roles, django_assert_max_num_queries
):
    """The rows' workflow states come in one prefetch and the dashboard's review queue is narrowed in
    bulk: before, each entry in review cost 3 queries here and 8 on the dashboard (admin bench)."""
    editor = roles["editor"]
    client.force_login(editor)
    counts = []
    for title in ("审核中1", "审核中2", "审核中3", "审核中4", "审核中5", "审核中6"):
        services.submit(draft_of(catalog, editor, title), editor)
        if title in ("审核中1", "审核中6"):
            with django_assert_max_num_queries(35) as page:
                assert title in client.get(reverse("gongkai_my_drafts")).content.decode()
            with django_assert_max_num_queries(110) as home:
                client.get(reverse("wagtailadmin_home"))
            counts.append((len(page.captured_queries), len(home.captured_queries)))
    (page_one, home_one), (page_six, home_six) = counts
    assert page_six == page_one and home_six <= home_one


def test_own_means_created_or_last_saved_and_is_read_through_indexes(catalog, roles):
    """The editor's entries: those they own and those whose latest revision is theirs, read through
    the owner index and the user's revisions, not a scan of every page's latest revision (issue 19)."""
    from django.db import connection

    editor, other = roles["editor"], roles["civil_editor"]
    owned_saved_by_other = new_entry(catalog["budget"], title="自己建立、别人最后保存", owner=editor)
    owned_saved_by_other.save_revision(user=other)
    saved_last = new_entry(catalog["budget"], title="别人建立、自己最后保存", owner=other)
    saved_last.save_revision(user=editor)
    saved_before = new_entry(catalog["budget"], title="自己保存过、别人最后保存", owner=other)
    saved_before.save_revision(user=editor)
    refreshed(saved_before).save_revision(user=other)
    assert set(own_unfinished(editor).values_list("title", flat=True)) == {
        "自己建立、别人最后保存",
        "别人建立、自己最后保存",
    }
    if connection.vendor == "sqlite":
        sql, params = own_unfinished(editor).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " / ".join(row[-1] for row in cursor.fetchall())
        assert "SCAN wagtailcore_page" not in plan and "MULTI-INDEX OR" in plan, plan
