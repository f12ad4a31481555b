"""The admin is Chinese whatever the browser asks for, names the system rather than Wagtail, and
never reaches out of the intranet."""

import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from cms.translation_gaps import gaps

from ..factories import new_entry

EN_US = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_string_has_a_chinese_translation(domain):
    # locale/zh_Hans is compiled by `make setup`; a gap means a Wagtail upgrade brought new strings.
    assert gaps(domain) == []


def test_an_english_browser_gets_the_chinese_admin(client, users):
    client.force_login(users["finance_editor"])  # no Wagtail profile, so no preferred language
    html = client.get("/admin/", **EN_US).content.decode()
    assert 'lang="zh-hans"' in html
    assert "搜索所有页面" in html and "Search all pages" not in html
    assert "Wagtail" not in re.sub(r"<script.*?</script>|<[^>]+>", "", html, flags=re.S)


def test_login_names_the_body_and_the_system_and_labels_every_field(client, portal):
    html = client.get("/admin/login/", **EN_US).content.decode()
    assert "测试镇人民政府" in html and "政务公开管理系统" in html
    assert "Wagtail" not in html.replace("wagtail", "")  # static paths are lower case
    assert "密码" in html and "Password" not in html and "cms/logo.svg" in html


def test_dashboard_has_no_editor_guide_gravatar_or_update_check(client, users, settings):
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False and settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    client.force_login(users["admin"])
    html = client.get("/admin/").content.decode()
    assert "政务公开管理系统" in html
    assert "guide.wagtail.org" not in html and "gravatar" not in html and "releases.wagtail.org" not in html
    assert not re.findall(r"""(?:src|href)=["'](?:https?:)?//""", html)


def test_rich_text_has_no_embeds_fetched_from_the_internet(settings):
    from wagtail.rich_text import features

    assert "embed" not in features.get_default_features() and settings.WAGTAILEMBEDS_FINDERS == []


def test_api_docs_load_redoc_from_our_own_static_files(client):
    html = client.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar/redoc" in html
    assert not re.findall(r"""(?:src|href)=["'](?:https?:)?//""", html), "fonts or scripts from outside"


def test_public_error_pages_are_chinese(client, portal):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    html = render_to_string("500.html")
    assert "系统暂时无法处理您的请求" in html and "Server Error" not in html


def test_admin_404_is_chinese(client, users):
    client.force_login(users["admin"])
    response = client.get("/admin/no-such-view/", **EN_US)
    html = response.content.decode()
    assert response.status_code == 404 and "返回管理后台" in html and "Wagtail" not in html.replace("wagtail", "")


OFFICE_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/search/?q=预算",
    "/admin/gongkai/imports/",
    "/admin/snippets/pages/department/",
    "/admin/snippets/pages/genre/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/sites/",
    "/admin/workflows/list/",
    "/admin/reports/aging-pages/",
    "/admin/reports/site-history/",
    "/admin/documents/multiple/add/",
    "/admin/account/",
]


class _Text(HTMLParser):
    """What the server sends for people to read: text outside scripts and templates, placeholders."""

    SKIP = {"script", "style", "template", "noscript", "select"}

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        self.parts.extend(value for name, value in attrs if name == "placeholder" and value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_text(html):
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def test_the_office_pages_answer_in_chinese(client, catalog, users):
    from pages.importing.uploads import COLUMNS
    from tests.browser.journey import english_words

    # Data, not interface: user names and host names; the import file's column keys and date format
    # (the 批量导入 page documents the file format, whose header row is these keys).
    data_words = {"admin", "localhost", "YYYY", "MM", "DD"} | {w for key in COLUMNS for w in key.split("_")}
    new_entry(catalog["budget"], title="预算公开")
    client.force_login(users["admin"])
    for url in OFFICE_PAGES:
        response = client.get(url, **EN_US)
        assert response.status_code == 200, url
        words = set(english_words(page_text(response.content.decode()))) - data_words
        assert not words, (url, sorted(words))
