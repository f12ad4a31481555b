"""Admin: list with urgency and filters, overdue view, handling actions over HTTP, staff intake,
and personal data visible only to the office and the assigned department."""

import datetime

import pytest
from django.urls import reverse

from disclosure_requests import services
from disclosure_requests.models import DisclosureRequest, RequestState

from ..factories import PERSON, make_user, travel

D = datetime.date.fromisoformat
INDEX = "/admin/disclosure-requests/"


@pytest.fixture
def requests_(submit, catalog, users):
    """An overdue request for 民政办, a fresh one for 财政所, an unassigned one."""
    civil = submit(on="2025-01-02", description="低保")
    civil = services.assign(civil, catalog["civil"], users["admin"])
    finance = submit(
        on=str(services.today()), description="预算", applicant_name="李四", id_number="X123", email="li@example.com"
    )
    finance = services.assign(finance, catalog["finance"], users["admin"])
    loose = submit(on=str(services.today()), description="未分派", applicant_name="王五", email="w@example.com")
    return {"civil": civil, "finance": finance, "loose": loose}


def denied(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def login(client, user):
    client.force_login(user)
    return client


def test_office_sees_all_with_urgency_and_overdue_view(client, users, requests_):
    login(client, users["admin"])
    html = client.get(INDEX).content.decode()
    for r in requests_.values():
        assert r.tracking_code in html
    assert "已逾期" in html and "#cd4444" in html  # the overdue one is red
    overdue = client.get(INDEX + "?urgency=overdue").content.decode()
    assert requests_["civil"].tracking_code in overdue
    assert requests_["finance"].tracking_code not in overdue
    by_dept = client.get(INDEX + f"?department={requests_['finance'].department_id}").content.decode()
    assert requests_["finance"].tracking_code in by_dept and requests_["civil"].tracking_code not in by_dept


def test_department_sees_only_its_requests_and_their_personal_data(client, users, requests_):
    login(client, users["civil_editor"])
    html = client.get(INDEX).content.decode()
    assert requests_["civil"].tracking_code in html
    assert requests_["finance"].tracking_code not in html and requests_["loose"].tracking_code not in html
    page = client.get(reverse("disclosure_request_handle", args=[requests_["civil"].pk]))
    assert page.status_code == 200 and PERSON["id_number"] in page.content.decode()
    assert denied(client.get(reverse("disclosure_request_handle", args=[requests_["finance"].pk])))
    # Office decisions are not offered to a department.
    assert 'value="extend"' not in page.content.decode()


def test_staff_without_role_see_nothing(client, requests_, portal):
    from django.contrib.auth.models import Permission

    nobody = make_user("nobody")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login(client, nobody)
    assert denied(client.get(INDEX))
    assert denied(client.get(reverse("disclosure_request_handle", args=[requests_["civil"].pk])))
    file_url = reverse("disclosure_request_file", args=[requests_["civil"].pk, "answer"])
    assert denied(client.get(file_url))


def test_publish_permission_on_portal_makes_the_office(client, portal, requests_):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name="政务公开办")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=portal, permission_type="publish")
    office = make_user("office_clerk", group)
    login(client, office)
    html = client.get(INDEX).content.decode()
    assert all(r.tracking_code in html for r in requests_.values())
    page = client.get(reverse("disclosure_request_handle", args=[requests_["loose"].pk])).content.decode()
    assert "王五" in page


def test_handling_over_http_assign_answer_and_download(client, users, requests_, catalog):
    login(client, users["admin"])
    loose = requests_["loose"]
    url = reverse("disclosure_request_handle", args=[loose.pk])
    client.post(url, {"action": "assign", "assign-department": catalog["civil"].pk})
    loose.refresh_from_db()
    assert loose.department == catalog["civil"] and loose.state == RequestState.PROCESSING
    response = client.post(url, {"action": "answer", "answer-answer_type": "unable_1", "answer-text": "本机关不掌握"})
    assert response.status_code == 302
    loose.refresh_from_db()
    assert loose.state == RequestState.PROCESSING and loose.answer_draft["answer_type"] == "unable_1"
    page = client.get(url).content.decode()
    assert "待签发的答复" in page and "本机关不掌握" in page and "（文号在签发时编定）" in page
    assert client.post(url, {"action": "sign_off", "sign_off-note": ""}).status_code == 302
    loose.refresh_from_db()
    assert loose.state == RequestState.ANSWERED and loose.answer_type == "unable_1"
    download = client.get(reverse("disclosure_request_file", args=[loose.pk, "answer"]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"  # a .docx (zip)
    # A refused step shows the reason and changes nothing.
    client.post(url, {"action": "close", "close-note": ""})
    loose.refresh_from_db()
    assert loose.state == RequestState.CLOSED
    assert denied(client.post(url, {"action": "close"}))


def test_staff_intake_by_post_uses_the_signed_for_date(client, users, portal):
    login(client, users["admin"])
    data = dict(
        PERSON,
        portal=portal.pk,
        channel="post",
        received_on="2025-03-06",
        idempotency_key="desk-1",
        organization_kind="",
    )
    with travel("2025-03-10"):
        response = client.post(reverse("disclosure_request_intake"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = DisclosureRequest.objects.get()
    assert stored.channel == "post" and stored.received_on == D("2025-03-06")
    assert stored.due_on == D("2025-04-03")


def test_due_soon_filter_and_search_by_code(client, users, requests_):
    login(client, users["admin"])
    soon = client.get(INDEX + "?urgency=due_soon").content.decode()
    assert requests_["civil"].tracking_code in soon and requests_["finance"].tracking_code not in soon
    found = client.get(INDEX + "?q=" + requests_["finance"].tracking_code).content.decode()
    assert requests_["finance"].tracking_code in found and requests_["civil"].tracking_code not in found


def test_office_calendar_and_answer_template_snippets_render(client, users):
    login(client, users["admin"])
    for model in ("workcalendaryear", "answertemplate"):
        response = client.get(f"/admin/snippets/disclosure_requests/{model}/add/")
        assert response.status_code == 200, model
        # Bookmarks from when these lived under workflows/ still lead there.
        old = client.get(f"/admin/snippets/workflows/{model}/add/")
        assert old.status_code == 301 and old["Location"] == f"/admin/snippets/disclosure_requests/{model}/add/"
    assert (
        "放假日与调休上班日" in client.get("/admin/snippets/disclosure_requests/workcalendaryear/add/").content.decode()
    )


def test_the_handling_page_masks_a_persons_numbers_until_asked(client, users, requests_):
    login(client, users["civil_editor"])
    html = client.get(reverse("disclosure_request_handle", args=[requests_["civil"].pk])).content.decode()
    id_cell = html.split("data-id-number>", 1)[1].split("</td>", 1)[0]
    phone_cell = html.split("data-phone>", 1)[1].split("</td>", 1)[0]
    # Shown masked; the whole number only inside the closed 显示完整 disclosure.
    visible_id, hidden_id = id_cell.split("<details", 1)
    assert "1101**********002X" in visible_id and PERSON["id_number"] not in visible_id
    assert PERSON["id_number"] in hidden_id
    visible_phone, hidden_phone = phone_cell.split("<details", 1)
    assert "139****5678" in visible_phone and PERSON["phone"] not in visible_phone
    assert PERSON["phone"] in hidden_phone
