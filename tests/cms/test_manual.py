"""帮助 › 操作手册: shipped with the project (no link out of the intranet), one chapter per
role, the reader's own chapter first, naming the buttons the screens really have."""

import json

from django.urls import reverse

from ..factories import make_user


def test_the_manual_is_in_the_help_menu_and_puts_the_readers_role_first(client, catalog, portal):
    editor = make_user("m_editor", catalog["civil"].editors_group)
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    # The sidebar is JSON for its script: the label is \u-escaped.
    assert '"name": "gongkai-manual"' in dashboard and json.dumps("操作手册")[1:-1] in dashboard
    page = client.get(reverse("gongkai_manual")).content.decode()
    chapters = [page.index(f'<section id="{key}"') for key in ("editor", "reviewer", "leader", "office")]
    assert chapters == sorted(chapters) and '<section id="editor" class="mine">' in page
    assert "「提交审核」" in page and "「签发答复」" in page and "「确认发布」" in page
    assert "http://" not in page.split('<div class="nice-padding gk-manual">')[1]

    leader = make_user("m_leader", portal.leaders_group)
    client.force_login(leader)
    page = client.get(reverse("gongkai_manual")).content.decode()
    assert page.index('<section id="leader" class="mine">') < page.index('<section id="editor"')


def test_the_manual_shows_the_journeys_screenshots_shipped_in_the_repository(client, catalog):
    from pathlib import Path

    from cms.manual_figures import FIGURES, STATIC_DIR

    static = Path(__file__).resolve().parents[2] / "cms" / "static" / STATIC_DIR
    client.force_login(make_user("m_admin", superuser=True))
    page = client.get(reverse("gongkai_manual")).content.decode()
    assert page.count("data-manual-figure") == len(FIGURES) >= 5
    for chapter, _journey, _label, image, caption in FIGURES:
        assert (static / image).stat().st_size > 10_000, image  # a real screenshot, committed
        section = page.split(f'<section id="{chapter}"')[1].split("</section>")[0]
        assert f"/static/{STATIC_DIR}/{image}" in section and caption in section
