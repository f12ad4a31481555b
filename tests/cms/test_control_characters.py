"""Control characters (issue 12, finding 10): the API refuses them with a Chinese message, every
other input stores text without them, and every output survives old data that has them — the
答复书 (.docx), the Atom feed, the sitemap, the API, the entry page, the annual report and the
statistics export."""

import io
import json
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIClient

from disclosure_requests import services
from disclosure_requests.models import DisclosureRequest
from pages.models import Department, DisclosureEntry
from reports import annual, statistics
from reports.annual.docx import render_docx
from reports.dashboard import user_scope
from workflows import services as publishing

from ..factories import PERSON, make_user, new_entry, travel
from ..factories import api_client_for as client_for
from ..factories import staff_action as action

CONTROL = "\x01\x0b\x1f"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def docx_text(content):
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_answer_survives_control_characters_in_stored_request(submit, catalog, users):  # noqa: F811
    """The applicant's \\x01 broke 作出答复 with a 500: the 答复书 could not be written."""
    office, civil = users["admin"], users["civil_editor"]
    request = submit(on="2025-03-03")
    # Stored before inputs were cleaned: written past the model's save().
    DisclosureRequest.objects.filter(pk=request.pk).update(
        applicant_name=f"张{CONTROL}三", description=f"低保{CONTROL}资金"
    )
    with travel("2025-03-04"):
        assert action(client_for(office), request, "assign", department=catalog["civil"].pk).status_code == 200
    with travel("2025-03-25"):
        prepared = action(client_for(civil), request, "answer", answer_type="unable_1", text="经核查")
        assert prepared.status_code == 200, prepared.content
        _, lines = services.draft_preview(DisclosureRequest.objects.get(pk=request.pk))  # the office's preview
        assert not any(c in "".join(lines) for c in CONTROL)
        answered = action(client_for(office), request, "sign_off")
    assert answered.status_code == 200, answered.content
    stored = DisclosureRequest.objects.get(pk=request.pk)
    text = docx_text(stored.answer_document.read())
    assert "张三" in text and not any(c in text for c in CONTROL)


def test_api_refuses_control_characters_in_chinese(portal):
    api = APIClient()
    bad = api.post("/api/v2/requests/", dict(PERSON, portal=portal.slug, applicant_name="张\x01三"), format="json")
    assert bad.status_code == 400
    assert bad.json()["message"] == "提交的内容「applicant_name」含有控制字符（\\x01），请删除后重新提交"
    # A lone surrogate can only come as a JSON escape.
    body = json.dumps(dict(PERSON, portal=portal.slug), ensure_ascii=False).replace("张三丰", "张\\ud800三")
    assert "\\ud800" in body
    surrogate = api.post("/api/v2/requests/", body.encode(), content_type="application/json")
    assert surrogate.status_code == 400 and "\\ud800" in surrogate.json()["message"]
    assert not DisclosureRequest.objects.exists()
    # Tab and line breaks are text.
    ok = api.post(
        "/api/v2/requests/",
        dict(PERSON, portal=portal.slug, description="第一行\r\n第二行\t附注"),
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert DisclosureRequest.objects.get().description == "第一行\r\n第二行\t附注"


def test_staff_api_answer_text_with_control_characters_is_refused(submit, catalog, users):  # noqa: F811
    request = services.assign(submit(on="2025-03-03"), catalog["civil"], users["admin"])
    refused = action(client_for(users["civil_editor"]), request, "answer", answer_type="unable_1", text="答复\x0b内容")
    assert refused.status_code == 400 and "控制字符" in refused.json()["message"]
    assert DisclosureRequest.objects.get(pk=request.pk).answer_type == ""


def test_every_other_input_is_stored_without_control_characters(portal, catalog):
    """Forms, the admin, imports and services all save through the models."""
    request, _ = services.submit_request(portal, dict(PERSON, applicant_name=f"李{CONTROL}四", address="幸福路\x008号"))
    request.refresh_from_db()
    assert (request.applicant_name, request.address) == ("李四", "幸福路8号")
    entry = new_entry(catalog["dibao"], title=f"低保{CONTROL}名单", summary="概述\x7f")
    entry.refresh_from_db()
    assert (entry.title, entry.summary) == ("低保名单", "概述")
    department = Department.objects.get(pk=catalog["civil"].pk)
    department.name = "民政\x02办"
    department.save()
    assert Department.objects.get(pk=department.pk).name == "民政办"


@pytest.fixture
def old_dirty_entry(catalog, portal):
    entry = new_entry(catalog["dibao"], title="2025年低保名单")
    publishing.force_publish(entry, make_user("leader_cc", portal.leaders_group), "测试数据")
    DisclosureEntry.objects.filter(pk=entry.pk).update(
        title=f"低保{CONTROL}名单", summary=f"概述{CONTROL}", publisher=f"民政{CONTROL}办"
    )
    return DisclosureEntry.objects.get(pk=entry.pk)


def test_public_outputs_survive_control_characters_in_stored_entries(client, old_dirty_entry, portal):
    feed = client.get(f"/feeds/{portal.slug}.atom")
    assert feed.status_code == 200
    titles = [e.text for e in ElementTree.fromstring(feed.content).iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t.startswith("低保名单") for t in titles)
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    ElementTree.fromstring(sitemap.content)
    detail = client.get(f"/api/v2/entries/{old_dirty_entry.pk}/")
    assert detail.status_code == 200 and detail.json()["title"] == f"低保{CONTROL}名单"
    assert client.get("/api/v2/entries/").status_code == 200
    assert client.get(old_dirty_entry.url).status_code == 200


def test_reports_survive_control_characters_in_stored_names(old_dirty_entry, catalog, portal, users):
    Department.objects.filter(pk=catalog["civil"].pk).update(name=f"民政{CONTROL}办")
    data = annual.build_annual_report(portal, 2025, validate=False)
    data["sections"] = {heading: f"正文{CONTROL}" for heading in data["sections"]}
    assert "正文" in docx_text(render_docx(data, f"年度报告{CONTROL}"))
    published = old_dirty_entry.published_on
    stats = statistics.build_statistics(user_scope(users["admin"]), published.replace(day=1), published)
    book = load_workbook(io.BytesIO(statistics.export_xlsx(stats)))
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "民政办" in cells
