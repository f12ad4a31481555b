"""Intake: stored before anything else, one request per submission, received-date rules,
attachments checked, the table (三) column recorded."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure_requests import services
from disclosure_requests.models import DisclosureRequest, RequestState

from ..factories import PERSON, travel

D = datetime.date.fromisoformat


def test_online_request_is_received_today_with_deadline_and_event(submit):
    disclosure_request = submit(on="2025-09-26")
    assert disclosure_request.state == RequestState.RECEIVED
    assert disclosure_request.received_on == D("2025-09-26")
    assert disclosure_request.due_on == D("2025-10-30") and not disclosure_request.due_provisional
    assert disclosure_request.correction_notice_due_on == D("2025-10-13")
    assert list(disclosure_request.events.values_list("action", flat=True)) == ["received"]
    assert disclosure_request.report_column == "自然人"


def test_tracking_codes_are_long_random_and_distinct(submit):
    codes = {submit(description=f"信息{i}").tracking_code for i in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code.replace("-", "")) == 16
        assert not set(code) & set("01IO")


def test_same_idempotency_key_makes_one_request(submit):
    first = submit(key="form-123")
    second = submit(key="form-123")
    assert first.pk == second.pk
    # The same key with other contents is not a retry: refused, and nobody gets the first code.
    with pytest.raises(services.IdempotencyConflict):
        submit(key="form-123", description="另一段描述")
    assert DisclosureRequest.objects.count() == 1


def test_double_submit_without_key_makes_one_request(submit):
    first = submit(on="2025-03-03")
    with pytest.raises(services.DuplicateSubmission) as duplicate:
        submit(on="2025-03-03")
    assert duplicate.value.existing.pk == first.pk  # for the form's own session; never shown to others
    # Another request by the same person about something else is a new request.
    third = submit(on="2025-03-03", description="2025年危房改造补助名单")
    assert third.pk != first.pk


def test_concurrent_same_key_race_returns_the_winner_or_a_conflict(portal, submit):
    winner = submit(key="race-1")
    # The loser passed the pre-check before the winner committed.
    missed = DisclosureRequest.objects.none()
    with mock.patch.object(services.DisclosureRequest.objects, "filter", wraps=DisclosureRequest.objects.filter) as f:
        f.side_effect = [missed, DisclosureRequest.objects.filter(idempotency_key="race-1")]
        with travel("2025-03-03"):
            disclosure_request, created = services.submit_request(portal, dict(PERSON), idempotency_key="race-1")
    assert not created and disclosure_request.pk == winner.pk
    with mock.patch.object(services.DisclosureRequest.objects, "filter", wraps=DisclosureRequest.objects.filter) as f:
        f.side_effect = [missed, DisclosureRequest.objects.filter(idempotency_key="race-1")]
        with travel("2025-03-03"), pytest.raises(services.IdempotencyConflict):
            services.submit_request(portal, dict(PERSON, description="x"), idempotency_key="race-1")
    assert DisclosureRequest.objects.count() == 1


def test_notification_failure_never_loses_the_request(portal, django_capture_on_commit_callbacks):
    with mock.patch("cms.mail.get_connection", side_effect=ConnectionError("smtp down")) as send:
        with travel("2025-03-03"), django_capture_on_commit_callbacks(execute=True):
            disclosure_request, created = services.submit_request(portal, dict(PERSON))
    assert send.called  # the mail was attempted after the commit, and failed
    assert created and DisclosureRequest.objects.filter(pk=disclosure_request.pk).exists()
    assert disclosure_request.events.count() == 1


def test_applicant_gets_a_receipt_with_the_tracking_code(portal, django_capture_on_commit_callbacks):
    with travel("2025-03-03"), django_capture_on_commit_callbacks(execute=True):
        disclosure_request, _ = services.submit_request(portal, dict(PERSON))
    receipts = [m for m in mail.outbox if m.to == [PERSON["email"]]]
    assert len(receipts) == 1
    # Only the code and the status link (issue 12): nothing else goes to an unconfirmed address.
    assert disclosure_request.tracking_code in receipts[0].body and "/yishenqing/chaxun/" in receipts[0].body


def test_received_date_rules(submit):
    # By post: the day signed for, given by staff, required.
    post = submit(on="2025-03-10", channel="post", received_on=D("2025-03-06"), description="信函")
    assert post.received_on == D("2025-03-06")
    with pytest.raises(ValidationError):
        submit(on="2025-03-10", channel="post", description="信函2")
    # In person: the day handed in (today by default).
    assert submit(on="2025-03-10", channel="in_person", description="当面").received_on == D("2025-03-10")
    # Online: the submission day whatever is claimed.
    assert submit(on="2025-03-10", received_on=D("2025-01-01"), description="在线").received_on == D("2025-03-10")
    with pytest.raises(ValidationError):
        submit(on="2025-03-10", channel="fax", received_on=D("2025-03-11"), description="传真")


def test_organization_needs_its_kind_and_lands_in_its_column(submit):
    with pytest.raises(ValidationError) as exc:
        submit(applicant_type="organization", id_type="credit_code", description="企业申请")
    assert "organization_kind" in exc.value.message_dict
    disclosure_request = submit(
        applicant_type="organization",
        organization_kind="legal",
        id_type="credit_code",
        applicant_name="某律师事务所",
        description="企业申请",
    )
    assert disclosure_request.report_column == "法律服务机构"


def test_contact_required_for_the_chosen_delivery(submit):
    with pytest.raises(ValidationError) as exc:
        submit(email="", delivery="email")
    assert "email" in exc.value.message_dict
    with pytest.raises(ValidationError):
        submit(phone="", email="", address="", delivery="pickup")


def test_attachments_checked_for_type_content_and_size(submit, settings):
    pdf = SimpleUploadedFile("身份证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    disclosure_request = submit(files=[pdf])
    assert disclosure_request.attachments.get().original_name == "身份证明.pdf"
    with pytest.raises(ValidationError, match="类型不允许"):
        submit(files=[SimpleUploadedFile("x.exe", b"MZ....")], description="exe")
    with pytest.raises(ValidationError, match="不符"):
        submit(files=[SimpleUploadedFile("fake.pdf", b"MZ not a pdf")], description="fake")
    settings.DISCLOSURE_ATTACHMENT_MAX_SIZE = 10
    with pytest.raises(ValidationError, match="大小"):
        submit(files=[SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 20)], description="big")
    assert DisclosureRequest.objects.count() == 1


def test_applicant_files_are_stored_outside_media_root_without_url(submit, private_files, settings):
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4 private")
    disclosure_request = submit(files=[pdf])
    stored = disclosure_request.attachments.get().file
    assert stored.path.startswith(str(private_files))
    assert not stored.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        stored.url
