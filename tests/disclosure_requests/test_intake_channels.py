"""Channels and received dates (条例 Arts. 29, 31, 43): every channel, the rule each applies,
the receipt that quotes it, and the assisted route."""

import datetime
import re
import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from disclosure_requests import services
from disclosure_requests.models import RECEIVED_RULES, Channel

from ..factories import PERSON, make_user, travel

D = datetime.date.fromisoformat


@pytest.fixture
def clerk(portal):
    return make_user("channel_clerk", superuser=True)


def staff_submit(portal, clerk, channel, received_on=None, on="2025-03-10", **kwargs):
    with travel(on):
        return services.submit_request(
            portal,
            dict(PERSON, description=f"渠道{channel}{received_on}"),
            channel=channel,
            received_on=received_on,
            user=clerk,
            **kwargs,
        )[0]


def test_every_channel_of_the_regulation_exists():
    assert {c.label for c in Channel} >= {
        "在线",
        "当面",
        "挂号信/特快专递",
        "平常信函",
        "传真",
        "电子邮件",
        "口头（工作人员代为填写）",
    }
    assert set(RECEIVED_RULES) == set(Channel)


@pytest.mark.parametrize(
    "channel, given, received",
    [
        ("post", "2025-03-06", "2025-03-06"),  # 挂号信/EMS: the day signed for
        ("plain_post", "2025-03-07", "2025-03-07"),  # 平常信函: the day the office confirmed
        ("fax", "2025-03-05", "2025-03-05"),  # both sides confirmed
        ("email", None, "2025-03-10"),  # confirmed today
        ("email", "2025-03-07", "2025-03-07"),
        ("in_person", None, "2025-03-10"),
        ("oral", None, "2025-03-10"),
    ],
)
def test_received_date_by_channel(portal, clerk, channel, given, received):
    stored = staff_submit(portal, clerk, channel, D(given) if given else None)
    assert stored.received_on == D(received) == stored.clock_start_on
    assert stored.received_rule == RECEIVED_RULES[channel]
    assert stored.received_rule in stored.events.get(action="received").public_text


@pytest.mark.parametrize(
    "channel, message",
    [("plain_post", "平常信函申请须填写与申请人确认的日期"), ("post", "挂号信/特快专递申请须填写签收日期")],
)
def test_letters_need_their_date(portal, clerk, channel, message):
    with pytest.raises(ValidationError) as exc:
        staff_submit(portal, clerk, channel, None)
    assert exc.value.message_dict["received_on"] == [message]


def test_an_unknown_channel_is_refused(portal, clerk):
    with pytest.raises(ValidationError) as exc:
        staff_submit(portal, clerk, "pigeon", D("2025-03-10"))
    assert exc.value.message_dict["channel"] == ["申请渠道无效"]


def test_oral_request_is_written_by_staff_and_recorded(portal, clerk):
    stored = staff_submit(portal, clerk, "oral")
    assert stored.assisted
    event = stored.events.get(action="received")
    assert event.user == clerk and "工作人员代为填写" in event.public_text and "channel_clerk" in event.note
    # Nobody files an oral request without staff: the public routes cannot.
    with travel("2025-03-10"), pytest.raises(ValidationError) as exc:
        services.submit_request(portal, dict(PERSON, description="口头"), channel="oral")
    assert exc.value.message_dict["channel"] == ["口头申请或代为填写的申请须由工作人员登记"]


def test_assisted_written_request_for_an_applicant_with_sight_difficulties(portal, clerk):
    stored = staff_submit(portal, clerk, "in_person", assisted=True)
    assert stored.assisted and "工作人员代为填写" in stored.events.get(action="received").public_text


def test_receipt_page_and_mail_say_which_rule_applied(portal, client, submit, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stored = submit(on="2025-03-10")
    [receipt] = [m for m in mail.outbox if m.to == [PERSON["email"]]]
    assert "收到申请日期：2025-03-10（在线提交：以提交之日为收到申请之日" in receipt.body
    session = client.session
    session["disclosure_request_receipt"] = {"pk": stored.pk, "at": time.time()}
    session.save()
    page = client.get("/yishenqing/huizhi/").content.decode()
    assert RECEIVED_RULES["online"] in page


def test_staff_intake_form_offers_the_new_channels(client, clerk, portal):
    client.force_login(clerk)
    page = client.get("/admin/disclosure-requests/intake/").content.decode()
    for label in ("平常信函", "电子邮件", "口头（工作人员代为填写）", "工作人员代为填写"):
        assert label in page
    response = client.post(
        "/admin/disclosure-requests/intake/",
        dict(
            PERSON,
            portal=portal.pk,
            channel="oral",
            received_on="2025-03-10",
            organization_kind="",
            id_type="resident_id",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from disclosure_requests.models import DisclosureRequest

    stored = DisclosureRequest.objects.get(channel="oral")
    assert stored.assisted and stored.events.get(action="received").user == clerk


def test_public_form_offers_the_assisted_route_and_describes_its_fields(portal, client):
    html = client.get("/yishenqing/").content.decode()
    assert 'id="assisted-route"' in html and "由工作人员代为填写申请" in html and "第四十三条" in html
    assert "平常信函为本机关与您确认之日" in html
    # Help texts are tied to their inputs for screen readers; required fields say so.
    assert 'aria-describedby="id_description_helptext"' in html
    assert re.search(r'<textarea[^>]*name="description"[^>]*required', html)
