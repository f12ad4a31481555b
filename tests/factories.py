"""Shared test factories: users, entries, the admin's entry form, applicants, the requests a 2025
table (三) starts from, time travel and concurrent runs.

Test modules import these from here, never from a conftest or from another test module."""

import datetime
import zoneinfo
from pathlib import Path

import time_machine
from django.contrib.auth import get_user_model

from pages.models import DisclosureEntry, FivePublicType, Genre

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def make_user(username, *groups, superuser=False):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    if superuser:
        user.is_superuser = user.is_staff = True
        user.save()
    for group in groups:
        user.groups.add(group)
    return user


def new_entry(parent, title="2025年部门预算公开", body="<p>本年度预算收入合计128.5万元。</p>", **fields):
    """A draft entry under ``parent`` with complete metadata."""
    defaults = {
        "genre": Genre.objects.get(name="预算"),
        "five_public": FivePublicType.objects.get(name="结果公开"),
        "published_on": datetime.date(2025, 3, 1),
    }
    defaults.update(fields)
    entry = DisclosureEntry(title=title, body=body, live=False, **defaults)
    parent.add_child(instance=entry)
    entry.save_revision()
    return DisclosureEntry.objects.get(pk=entry.pk)


ADD_URL = "/admin/pages/add/pages/disclosureentry/{}/"


def form_data(title):
    """Everything the admin's form and the publication guards require (体裁分类 and 五公开 too), so
    that whatever stops a publication attempt made with it is the approval layer, not the guards."""
    return {
        "title": title,
        "genre": Genre.objects.get(name="预算").pk,
        "five_public": FivePublicType.objects.get(name="结果公开").pk,
        "slug": "",
        "body": '{"blocks":[{"key":"a","text":"正文内容","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "openness": "主动公开",
        "validity": "有效",
        "classification": "非涉密",
        "disclosure_scope": "面向社会",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

PERSON = {
    "applicant_type": "person",
    "applicant_name": "张三丰",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13912345678",
    "email": "zhang@example.com",
    "address": "测试镇幸福路8号",
    "description": "2025年本镇最低生活保障资金发放情况",
    "purpose": "了解政策",
    "preferred_form": "electronic",
    "delivery": "email",
}


def travel(day, hour=10):
    """Freeze "now" at ``day`` (a date or ISO string) in Beijing time."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


# A citizen's question (interaction/), with a name and phone number the published answer must hide.
ASKER = {
    "category": "consult",
    "subject": "低保申请需要哪些材料",
    "content": "我是张小明，电话13912345678，想了解申请最低生活保障需要准备什么材料？",
    "asker_name": "张小明",
    "phone": "13912345678",
    "email": "asker@example.invalid",
    "consent_to_publish": True,
}


def question_form_data(**overrides):
    """ASKER as the public question form posts it (unticked boxes left out)."""
    data = {k: v for k, v in dict(ASKER, **overrides).items() if v is not False}
    data["consent_to_publish"] = "on" if data.get("consent_to_publish") else ""
    return data


def published(parent, title, published_on, written_on=None, **fields):
    entry = new_entry(parent, title=title, published_on=published_on, written_on=written_on, **fields)
    from pages.publishing.pipeline import publish_entry

    assert publish_entry(entry).passed
    return DisclosureEntry.objects.get(pk=entry.pk)


def refreshed(entry):
    return DisclosureEntry.objects.get(pk=entry.pk)


def submit_over_http(client, user, parent, title="2026年部门预算公开"):
    """An entry created and sent to 部门审核 through the admin's form, as an editor does."""
    client.force_login(user)
    data = form_data(title)
    data["action-submit"] = "1"
    response = client.post(ADD_URL.format(parent.pk), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return DisclosureEntry.objects.get(title=title)


def api_client_for(user):
    """A DRF client authenticated with ``user``'s API token, as the staff apps call the API."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def staff_action(api, disclosure_request, name, **body):
    """POST an action of the staff request API (``/api/v2/staff/requests/{id}/actions/{name}/``)."""
    return api.post(f"/api/v2/staff/requests/{disclosure_request.pk}/actions/{name}/", body, format="json")


def organization_request(submit, on, kind, description):
    """A request by an organization of ``kind`` (``submit`` is the conftest fixture)."""
    return submit(
        on=on, applicant_type="organization", organization_kind=kind, id_type="credit_code", description=description
    )


def requests_around_2025(submit, answerer, carried_answer, carried_reasons):
    """What a 2025 table (三) starts from: a request received in December 2024 and answered
    ``carried_answer`` in January 2025 (carried in), one concluded within 2024 (not part of 2025),
    and a business's of March 2025, partly disclosed. Returns the three."""
    from disclosure_requests import services

    carried = submit(on="2024-12-20", description="上年结转")
    with travel("2025-01-10"):
        services.answer(carried, answerer, carried_answer, details={"reasons": carried_reasons})
    concluded = submit(on="2024-11-01", description="上年办结")
    with travel("2024-11-05"):
        services.answer(concluded, answerer, "disclose")
    firm = organization_request(submit, "2025-03-03", "business", "企业")
    with travel("2025-03-10"):
        services.answer(firm, answerer, "partial", details={"reasons": "含商业秘密", "legal_basis": "条例第十五条"})
    return carried, concluded, firm


def run_concurrently(count, work):
    """``work(i)`` in ``count`` threads released together: (results, [(exception, traceback)]).
    Each thread closes its database connections (tests on committed data, transaction=True)."""
    import threading
    import traceback

    from django.db import connections

    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=20)
            results.append(work(i))
        except Exception as exc:
            errors.append((exc, "".join(traceback.format_exception(exc))))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    return results, errors


def open_consultation_on(draft, portal, roles, catalog, opens_on, closes_on, reason=""):
    """The office's 意见征集 「低保审批办法」 on the published ``draft``, for the civil department."""
    from interaction import services

    return services.open_consultation(
        portal,
        roles["office"],
        title="低保审批办法",
        draft_entry=draft,
        department=catalog["civil"],
        opens_on=opens_on,
        closes_on=closes_on,
        short_period_reason=reason,
    )


def budget_row(n, **changes):
    """One valid import row under 财政预决算 › 部门预算 (财政所)."""
    values = {
        "source_id": f"fin-{n}",
        "title": f"2025年部门预算公开{n}",
        "body": "一、收支预算总体情况。",
        "department": "财政所",
        "area": "财政预决算",
        "item": "部门预算",
        "published": "2025-03-06",
        "genre": "预算",
        "five_public": "结果公开",
    }
    values.update(changes)
    return values
