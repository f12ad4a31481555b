"""The public form, receipt and status page: accessible, CSRF-protected, throttled, one request
per submission, and never any personal data in public output."""

import re
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from disclosure_requests import services
from disclosure_requests.models import DisclosureRequest

from ..factories import PERSON, make_user, new_entry, travel

FORM_URL = "/yishenqing/"
STATUS_URL = "/yishenqing/chaxun/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):
    data = dict(PERSON, confirm="on", organization_kind="")
    data.update(overrides)
    return data


def personal_values():
    return [PERSON[k] for k in ("applicant_name", "id_number", "phone", "email", "address", "purpose")]


def test_form_renders_with_labels_and_csrf(portal, client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "政府信息公开申请" in html and 'name="csrfmiddlewaretoken"' in html
    # Every visible input has a label pointing at it.
    tags = re.findall(r"<(?:input|select|textarea)[^>]*>", html)
    ids = [re.search(r'\bid="(id_[a-z_0-9]+)"', t).group(1) for t in tags if 'type="hidden"' not in t and ' id="' in t]
    assert len(ids) > 10
    for field_id in ids:
        if field_id.startswith("id_applicant_type_"):
            continue  # radios inside a fieldset with legend
        assert f'for="{field_id}"' in html, field_id
    assert "no-store" in response["Cache-Control"]
    # The guide states the statutory rules the office will apply.
    for text in ("申请指南", "7个工作日内一次性告知", "20个工作日内答复", "不超过20个工作日", "国办函〔2020〕109号"):
        assert text in html, text


def test_csrf_is_enforced(portal):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(FORM_URL, form_data())
    assert response.status_code == 403
    assert DisclosureRequest.objects.count() == 0


def test_submit_shows_receipt_with_tracking_code_then_status(portal, client):
    with travel("2025-03-03"):
        response = client.post(FORM_URL, form_data(idempotency_key="k1"), follow=True)
    assert response.status_code == 200
    stored = DisclosureRequest.objects.get()
    html = response.content.decode()
    assert stored.tracking_code in html and "2025-03-31" in html
    assert stored.tracking_code not in response.redirect_chain[-1][0]  # never in a URL
    status = client.post(STATUS_URL, {"code": stored.tracking_code.replace("-", "").lower()})
    assert "已接收" in status.content.decode() and "2025-03-31" in status.content.decode()


def test_double_submit_of_one_form_makes_one_request(portal, client):
    with travel("2025-03-03"):
        client.post(FORM_URL, form_data(idempotency_key="same-form"))
        client.post(FORM_URL, form_data(idempotency_key="same-form"))
    assert DisclosureRequest.objects.count() == 1


def test_invalid_submission_shows_errors_in_chinese(portal, client):
    response = client.post(
        FORM_URL, form_data(applicant_type="organization", organization_kind="", email="", idempotency_key="k2")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "法人或其他组织须选择组织类型" in html and "须填写电子邮箱" in html
    assert DisclosureRequest.objects.count() == 0


def test_bad_attachment_is_refused(portal, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form_data(idempotency_key="k3")
    data["attachments"] = [SimpleUploadedFile("x.exe", b"MZ")]
    response = client.post(FORM_URL, data)
    assert "类型不允许" in response.content.decode()
    assert DisclosureRequest.objects.count() == 0


def test_form_is_throttled_per_ip(portal, client, settings):
    settings.DISCLOSURE_THROTTLE_RATE = (2, 3600)
    codes = [
        client.post(FORM_URL, form_data(description=f"第{i}件", idempotency_key=f"t{i}")).status_code for i in range(3)
    ]
    assert codes == [302, 302, 429]
    assert DisclosureRequest.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(FORM_URL, form_data(description="另一IP", idempotency_key="t9")).status_code == 302


def test_unknown_code(portal, client):
    response = client.post(STATUS_URL, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert "未找到" in response.content.decode()


def test_personal_data_never_in_public_output(portal, catalog, client):
    office = make_user("office", superuser=True)
    entry = new_entry(catalog["dibao"])
    with travel("2025-03-03"):
        disclosure_request, _ = services.submit_request(portal, dict(PERSON))
        disclosure_request = services.assign(disclosure_request, catalog["civil"], office)
    consultation = services.start_consultation(disclosure_request, office, "third_party", PERSON["applicant_name"])
    services.end_consultation(consultation, office)
    disclosure_request.refresh_from_db()
    services.answer(disclosure_request, office, "disclose", f"已向{PERSON['applicant_name']}提供", entries=[entry])
    pages = [
        client.post(STATUS_URL, {"code": disclosure_request.tracking_code}).content.decode(),
        client.get(FORM_URL).content.decode(),
    ]
    session = client.session
    session["disclosure_request_receipt"] = {"pk": disclosure_request.pk, "at": time.time()}
    session.save()
    pages.append(client.get(reverse("disclosure_request_receipt")).content.decode())
    assert disclosure_request.tracking_code in pages[0] and "予以公开" in pages[0]
    for html in pages:
        for value in personal_values():
            assert value not in html
    for text in disclosure_request.events.values_list("public_text", flat=True):
        for value in personal_values():
            assert value not in text


def test_provisional_deadline_is_marked_on_receipt_and_status(portal, client):
    with travel("2026-12-10"):
        response = client.post(FORM_URL, form_data(idempotency_key="p1"), follow=True)
    assert "2027-01-07（暂定）" in response.content.decode()
    code = DisclosureRequest.objects.get().tracking_code
    status = client.post(STATUS_URL, {"code": code}).content.decode()
    assert "2027-01-07（暂定）" in status and "尚未公布" in status


def test_receipt_expires(portal, client):
    receipt_url = reverse("disclosure_request_receipt")
    with travel("2025-03-03", hour=10):
        client.post(FORM_URL, form_data(idempotency_key="r1"))
        code = DisclosureRequest.objects.get().tracking_code
        assert code in client.get(receipt_url).content.decode()
    with travel("2025-03-03", hour=12):  # two hours later, on the same browser
        response = client.get(receipt_url)
    assert response.status_code == 302 and code not in response.content.decode()
