"""政策文件库 (issue 13): the one rule of pages (disclosed().policy_documents()), filters
(发布机构, 年份 of 成文日期, 有效性, 体裁), search within, 解读 links, nothing non-public."""

import datetime

import pytest

from pages.catalog import ensure_area, ensure_item
from pages.models import DisclosureEntry, Genre, Openness
from workflows import services

from ..factories import make_user, new_entry


@pytest.fixture
def library(portal, catalog):
    leader = make_user("library_leader", portal.leaders_group)
    section = ensure_area(portal, "政策文件", kind="statutory", department=catalog["finance"])
    docs = ensure_item(section, "行政规范性文件", department=catalog["finance"])
    notes = ensure_item(section, "政策解读", department=catalog["finance"])
    measures = Genre.objects.get_or_create(name="办法")[0]
    notice = Genre.objects.get_or_create(name="通知")[0]

    def published(parent, title, written, **fields):
        entry = new_entry(parent, title=title, written_on=written, published_on=written, **fields)
        services.force_publish(entry, leader, "政策文件库测试")
        return DisclosureEntry.objects.get(pk=entry.pk)

    e = {
        "relief": published(
            docs,
            "测试镇临时救助实施办法",
            datetime.date(2024, 3, 1),
            genre=measures,
            doc_number="测政发〔2024〕3号",
            body="<p>对突发困难家庭给予临时救助。</p>",
        ),
        "old": published(
            docs,
            "测试镇农村危房改造补助办法",
            datetime.date(2019, 6, 1),
            genre=measures,
            validity="废止",
            expired_on=datetime.date(2023, 1, 1),
            publisher="测试镇人民政府",
        ),
        "notice": published(docs, "关于做好防汛工作的通知", datetime.date(2025, 5, 1), genre=notice),
        "other": published(catalog["dibao"], "低保名单（不是政策文件）", datetime.date(2025, 1, 1)),
    }
    e["reading"] = published(notes, "《测试镇临时救助实施办法》解读", datetime.date(2024, 3, 2), interprets=e["relief"])
    e["on_request"] = published(docs, "依申请公开的内部办法", datetime.date(2025, 6, 1), openness=Openness.ON_REQUEST)
    e["draft"] = new_entry(docs, title="尚未发布的办法草稿", written_on=datetime.date(2025, 2, 1))
    return e


def listed(client, **params):
    response = client.get("/zhengce/", params)
    assert response.status_code == 200
    html = response.content.decode()
    return html, html.split('class="list policy-list"')[1].split("</ol>")[0] if "policy-list" in html else ""


@pytest.mark.django_db
def test_library_lists_public_policies_newest_written_first_with_their_interpretation(client, library):
    html, items = listed(client)
    titles = [library[k].title for k in ("notice", "relief", "old")]
    assert [items.index(t) for t in titles] == sorted(items.index(t) for t in titles)  # 成文日期, newest first
    for k in ("other", "on_request"):
        assert library[k].title not in items
    assert items.count("<li>") == 3 and items.count(library["reading"].title) == 1  # the 解读 only under its policy
    assert library["draft"].title not in html and library["on_request"].title not in html
    relief = items.split(">" + library["relief"].title + "</a>")[1].split("</li>")[0]
    assert "解读：<a" in relief and library["reading"].title in relief
    assert "测政发〔2024〕3号" in relief and "成文日期 2024-03-01" in relief
    assert "已废止" in items.split(library["old"].title)[1].split("</li>")[0]
    assert "共 <strong>3</strong> 件" in html


@pytest.mark.django_db
def test_filters_and_search_within(client, library):
    _, items = listed(client, validity="废止")
    assert library["old"].title in items and library["relief"].title not in items
    _, items = listed(client, year="2024")
    assert library["relief"].title in items and library["notice"].title not in items
    _, items = listed(client, genre="通知")
    assert items.count("<li>") == 1 and library["notice"].title in items
    _, items = listed(client, publisher="测试镇人民政府")
    assert items.count("<li>") == 1 and library["old"].title in items
    _, items = listed(client, q="临时救助办法")  # unspaced, words apart in the title
    assert items.count("<li>") == 1 and library["relief"].title in items
    _, items = listed(client, q="〔2024〕3号")  # 文号
    assert library["relief"].title in items and items.count("<li>") == 1
    _, items = listed(client, q="突发困难")  # body
    assert library["relief"].title in items
    html, items = listed(client, q="内部办法")  # only a non-public policy holds it
    assert items == "" and 'id="no-policies"' in html
    # Filter values come from the public policies only.
    html, _ = listed(client)
    assert "2025年" in html and ">办法<" in html and "依申请公开的内部办法" not in html
    assert '<option value="2019">' in html and '<option value="2023">' not in html
