"""The public portal as a government disclosure site: home blocks, the 政府信息公开 column, the
generated 指南, footer, item and entry pages, paging, and the 长辈版 / text-size preferences (issue 15)."""

import datetime
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from pages.catalog import ensure_area, ensure_item
from pages.models import DisclosureEntry, DisclosurePortal, EntryAttachment
from workflows import services

from ..factories import make_user, new_entry
from .files import pdf


@pytest.fixture
def leader(portal):
    return make_user("site_leader", portal.leaders_group)


def published(parent, leader, title, day=1, **fields):
    entry = new_entry(parent, title=title, published_on=datetime.date(2025, 3, day), **fields)
    services.force_publish(entry, leader, "门户测试数据")
    return DisclosureEntry.objects.get(pk=entry.pk)


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.django_db
def test_home_shows_one_block_per_area_with_public_entries_and_its_count(client, catalog, portal, leader):
    for day in range(1, 6):
        published(catalog["dibao"], leader, f"2025年第{day}批低保名单", day=day)
    draft = new_entry(catalog["budget"], title="尚未发布的预算草稿")
    ensure_area(portal, "户籍管理", kind="basic")  # nothing public: not shown

    html = text(client.get(portal.url))
    block = re.search(r'<section class="block" aria-labelledby="area-\d+">.*?</section>', html, re.S).group(0)
    assert "社会救助" in block and "5条" in block
    assert block.count("低保名单") == 3  # the three newest
    assert "第5批" in block and "第1批" not in block
    assert "户籍管理" not in html and "财政预决算" not in html.split('id="areas"')[1]
    assert draft.title not in html
    # The 政府信息公开 column and the feed are announced on every page.
    assert "政府信息公开指南" in html and 'rel="alternate" type="application/atom+xml"' in html
    assert '<meta name="description"' in html


@pytest.mark.django_db
def test_home_lists_policies_with_their_interpretations(client, portal, catalog, leader):
    section = ensure_area(portal, "政策文件", kind="statutory", department=catalog["finance"])
    docs = ensure_item(section, "行政规范性文件", department=catalog["finance"])
    notes = ensure_item(section, "政策解读", department=catalog["finance"])
    policy = published(docs, leader, "清河镇农村人居环境整治办法")
    published(notes, leader, "《清河镇农村人居环境整治办法》解读", interprets=policy)
    html = text(client.get(portal.url))
    policies = html.split('id="policies"')[1].split("</section>")[0]
    assert "清河镇农村人居环境整治办法</a>" in policies
    assert "解读：<a" in policies and policies.count("<li>") == 1  # the 解读 hangs under its policy
    assert list(DisclosureEntry.objects.disclosed().policy_documents()) == [policy]


@pytest.mark.django_db
def test_guide_is_generated_from_the_portal_settings_and_dated(client, catalog, portal, leader):
    published(catalog["dibao"], leader, "低保名单")
    with time_machine.travel(datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC)):
        portal.office_name = "测试镇政务公开办公室"
        portal.office_address = "测试镇人民路1号"
        portal.phone = "0551-12345678"
        portal.email = "gk@example.gov.cn"
        portal.supervisor = "测试县政务公开办公室，0551-87654321"
        portal.save()
    html = text(client.get(portal.guide_url()))
    assert "测试镇人民政府政府信息公开指南" in html
    assert "测试镇政务公开办公室负责受理" in html
    assert "测试镇人民路1号" in html and "0551-12345678" in html and "gk@example.gov.cn" in html
    assert "测试县政务公开办公室，0551-87654321" in html
    assert 'datetime="2026-01-05"' in html
    sections = html.split('id="guide-sections"')[1].split("</ul>")[0]
    assert "社会救助</a>（1条）：最低生活保障" in sections and "财政预决算</a>（0条）" in sections
    assert "/yishenqing/town/" in html  # how to apply links the form

    # A change the guide prints dates it anew; a change it does not print leaves the date.
    with time_machine.travel(datetime.datetime(2026, 2, 1, 10, tzinfo=datetime.UTC)):
        portal = DisclosurePortal.objects.get(pk=portal.pk)
        portal.icp_number = "皖ICP备00000001号"
        portal.save()
        assert DisclosurePortal.objects.get(pk=portal.pk).guide_updated_on == datetime.date(2026, 1, 5)
        portal.phone = "0551-11112222"
        portal.save()
        assert DisclosurePortal.objects.get(pk=portal.pk).guide_updated_on == datetime.date(2026, 2, 1)


@pytest.mark.django_db
def test_footer_shows_the_site_identification_from_settings(client, catalog, portal):
    portal.host_name = "测试镇人民政府"
    portal.operator_name = "测试镇党政综合办公室"
    portal.site_code = "3415000001"
    portal.icp_number = "皖ICP备00000001号"
    portal.police_number = "皖公网安备34150002000001号"
    portal.save()
    for url in (portal.url, catalog["dibao"].url, "/search/?q=低保", "/yishenqing/"):
        footer = text(client.get(url)).split('<footer class="site">')[1]
        for value in ("主办单位：测试镇人民政府", "承办单位：测试镇党政综合办公室", "网站标识码：3415000001"):
            assert value in footer, (url, value)
        assert "皖ICP备00000001号" in footer and "皖公网安备34150002000001号" in footer and "网站地图" in footer


@pytest.mark.django_db
def test_column_and_site_map_list_the_catalog(client, catalog, portal, leader):
    published(catalog["budget"], leader, "部门预算")
    column = text(client.get(portal.column_url()))
    assert "法定主动公开内容" in column and "部门预算</a>" in column and "最低生活保障</a>" in column
    site_map = text(client.get(portal.site_map_url()))
    assert '财政预决算</a> <span class="count">（1条）' in site_map


@pytest.mark.django_db
def test_item_page_shows_the_standard_table_and_pages_its_entries(client, catalog, leader):
    for day in range(1, 24):
        published(catalog["dibao"], leader, f"低保名单第{day:02d}期", day=day)
    item = catalog["dibao"]
    html = text(client.get(item.url))
    table = html.split('id="item-standard"')[1].split("</table>")[0]
    for label in (
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
        "公开层级",
    ):
        assert f'<th scope="row">{label}</th>' in table
    assert "民政办" in table  # 公开主体: the responsible department
    assert "低保名单第23期" in html and "低保名单第03期" not in html and "第 1 / 2 页" in html
    second = text(client.get(item.url, {"page": 2}))
    assert "低保名单第03期" in second and "低保名单第23期" not in second
    assert "低保名单第23期" in text(client.get(item.url, {"page": "abc"}))  # a bad number gives page 1
    assert "低保名单第01期" in text(client.get(item.url, {"page": 99}))  # past the end: the last page


@pytest.mark.django_db
def test_entry_page_breadcrumb_interpretation_and_attachment_size(client, catalog, portal, leader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    policy = published(catalog["dibao"], leader, "低保实施办法")
    document = Document.objects.create(
        title="名单", file=ContentFile(pdf("附件正文") + b" " * 1_300_000, name="list.pdf")
    )
    note = new_entry(catalog["dibao"], title="低保实施办法解读", interprets=policy)
    EntryAttachment.objects.create(entry=note, document=document, title="名单附件")
    DisclosureEntry.objects.get(pk=note.pk).save_revision()
    services.force_publish(DisclosureEntry.objects.get(pk=note.pk), leader, "门户测试数据")
    note = DisclosureEntry.objects.get(pk=note.pk)
    html = text(client.get(note.url))
    crumbs = html.split('class="crumbs"')[1].split("</nav>")[0]
    assert ["首页", "社会救助", "最低生活保障"] == re.findall(r"<a [^>]*>([^<]+)</a>", crumbs)
    # The 解读 link comes before the metadata table, the attachment says its type and size.
    assert html.index('id="interprets"') < html.index('class="meta"')
    assert "（PDF，1.2 MB）" in html
    assert "data-print" in html
    assert 'id="interpretations"' in text(client.get(policy.url))


@pytest.mark.django_db
def test_elder_mode_is_remembered_by_cookie_without_javascript(client, catalog, portal):
    html = text(client.get(portal.url))
    assert 'class="size-m"' in html and 'id="elder-on"' in html
    response = client.get("/zhangbei/", {"on": "1", "next": catalog["dibao"].url})
    assert response.status_code == 302 and response["Location"] == catalog["dibao"].url
    assert response.cookies["gk_elder"].value == "1" and response.cookies["gk_elder"]["max-age"] > 0
    page = client.get(catalog["dibao"].url)
    assert 'class="elder size-m"' in text(page) and 'id="elder-off"' in text(page)
    assert "Cookie" in page["Vary"]
    client.get("/zihao/xl/", {"next": "/"})
    assert 'class="elder size-xl"' in text(client.get(portal.url))
    client.get("/zhangbei/", {"on": "0", "next": "/"})
    assert 'class="size-xl"' in text(client.get(portal.url))


@pytest.mark.django_db
def test_preference_links_never_redirect_to_another_site(client, portal):
    for url in ("/zhangbei/?on=1&next=https://evil.example/", "/zihao/l/?next=//evil.example/x"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/"
    client.get("/zihao/l/?next=/")
    assert client.get("/zihao/huge/?next=/").cookies["gk_size"].value == ""  # unknown size: back to 标准
    assert ' size-m">' in text(client.get(portal.url))
