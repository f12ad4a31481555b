"""Issue 12, finding 9: every moderation transition happens once. Parallel approvals, force
publications, confirmations and retractions leave one audit trail and one set of e-mails; the
other requests are told «已处理» (SQLite and PostgreSQL, threads on committed data)."""

from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from rest_framework.test import APIClient
from wagtail.models import PageLogEntry

from pages.models import DisclosureEntry, ForcedPublication
from workflows import services

from ..factories import make_user, new_entry, run_concurrently

LEADERS = 10


@pytest.fixture
def people(catalog, portal):
    users = {
        "editor": make_user("wf_editor", catalog["finance"].editors_group),
        "reviewer": make_user("wf_reviewer", catalog["finance"].reviewers_group),
        "leaders": [make_user(f"wf_leader{i}", portal.leaders_group) for i in range(LEADERS)],
    }
    for user in [users["editor"], users["reviewer"], *users["leaders"]]:
        user.email = f"{user.username}@example.invalid"
        user.save()
    return users


def at_leader_step(catalog, people, title="并发审批测试"):
    entry = new_entry(catalog["budget"], title=title)
    services.submit(entry, people["editor"])
    services.approve(DisclosureEntry.objects.get(pk=entry.pk), people["reviewer"], "部门同意")
    return DisclosureEntry.objects.get(pk=entry.pk)


def only_already_handled(errors):
    unexpected = [trace for exc, trace in errors if not isinstance(exc, services.AlreadyHandled)]
    assert not unexpected, unexpected
    for exc, _ in errors:
        assert "已处理" in str(exc)


def log_counts(entry):
    return Counter(PageLogEntry.objects.filter(page=entry).values_list("action", flat=True))


def duplicated_mails(messages):
    return [key for key, n in Counter((m.subject, tuple(m.to)) for m in messages).items() if n > 1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_leader_approvals_publish_once(catalog, people):
    entry = at_leader_step(catalog, people)
    before = len(mail.outbox)
    results, errors = run_concurrently(
        LEADERS, lambda i: services.approve(DisclosureEntry.objects.get(pk=entry.pk), people["leaders"][i], "同意")
    )
    only_already_handled(errors)
    assert len(results) == 1 and len(errors) == LEADERS - 1, connection.vendor
    entry = DisclosureEntry.objects.get(pk=entry.pk)
    assert entry.live and entry.index_number
    counts = log_counts(entry)
    assert counts["wagtail.workflow.approve"] == 2  # 部门审核 and 领导审批, once each
    assert counts["wagtail.publish"] == 1
    assert not duplicated_mails(mail.outbox[before:])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_force_publications_leave_one_record(catalog, people):
    entry = new_entry(catalog["budget"], title="并发强制发布测试")
    before = len(mail.outbox)
    results, errors = run_concurrently(
        LEADERS,
        lambda i: services.force_publish(DisclosureEntry.objects.get(pk=entry.pk), people["leaders"][i], "紧急"),
    )
    only_already_handled(errors)
    assert len(results) == 1, connection.vendor
    assert ForcedPublication.objects.filter(entry=entry).count() == 1
    counts = log_counts(entry)
    assert counts[services.FORCE_LOG_ACTION] == 1 and counts["wagtail.publish"] == 1
    assert not duplicated_mails(mail.outbox[before:])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_confirmations_and_retractions_happen_once(catalog, people):
    entry = new_entry(catalog["budget"], title="并发复核撤回测试")
    record = services.force_publish(entry, people["leaders"][0], "紧急")
    results, errors = run_concurrently(
        LEADERS - 1,
        lambda i: services.confirm_forced_publication(
            ForcedPublication.objects.get(pk=record.pk), people["leaders"][i + 1]
        ),
    )
    only_already_handled(errors)
    assert len(results) == 1
    assert log_counts(entry)[services.CONFIRM_LOG_ACTION] == 1

    results, errors = run_concurrently(
        LEADERS, lambda i: services.retract(DisclosureEntry.objects.get(pk=entry.pk), people["leaders"][i], "有误")
    )
    only_already_handled(errors)
    assert len(results) == 1
    counts = log_counts(entry)
    assert counts[services.RETRACT_LOG_ACTION] == 1 and counts["wagtail.unpublish"] == 1


# -- the same answer for requests that come one after another with what they saw before ---------


def test_a_stale_approval_is_told_already_handled(catalog, people):
    entry = at_leader_step(catalog, people, title="过时审批")
    stale = DisclosureEntry.objects.get(pk=entry.pk)
    task_state = stale.current_workflow_task_state  # what the second leader's page showed
    services.approve(entry, people["leaders"][0], "同意")
    with pytest.raises(services.AlreadyHandled, match="已处理"):
        task_state.task.specific.on_action(task_state, people["leaders"][1], "approve", comment="同意")
    with pytest.raises(services.AlreadyHandled, match="已处理"):
        services.approve(stale, people["leaders"][1], "同意")
    assert log_counts(entry)["wagtail.publish"] == 1


def test_stale_force_publication_confirmation_and_retraction(catalog, people):
    leaders = people["leaders"]
    entry = new_entry(catalog["budget"], title="过时操作")
    stale_entry = DisclosureEntry.objects.get(pk=entry.pk)
    record = services.force_publish(entry, leaders[0], "紧急")
    with pytest.raises(services.AlreadyHandled, match="已处理"):
        services.force_publish(stale_entry, leaders[1], "紧急")
    stale_record = ForcedPublication.objects.get(pk=record.pk)
    services.confirm_forced_publication(ForcedPublication.objects.get(pk=record.pk), leaders[1])
    with pytest.raises(services.AlreadyHandled, match="已处理"):
        services.confirm_forced_publication(stale_record, leaders[2])
    live = DisclosureEntry.objects.get(pk=entry.pk)
    services.retract(DisclosureEntry.objects.get(pk=entry.pk), leaders[1], "有误")
    with pytest.raises(services.AlreadyHandled, match="已处理"):
        services.retract(live, leaders[2], "有误")
    counts = log_counts(entry)
    assert counts[services.FORCE_LOG_ACTION] == counts[services.CONFIRM_LOG_ACTION] == 1
    assert counts[services.RETRACT_LOG_ACTION] == 1
    assert ForcedPublication.objects.filter(entry=entry).count() == 1


def test_already_handled_is_a_permission_refusal_for_existing_callers(catalog, people):
    assert issubclass(services.AlreadyHandled, PermissionDenied)


def test_the_api_answers_409_already_handled(catalog, people):
    entry = at_leader_step(catalog, people, title="接口重复审批")
    first, second = APIClient(), APIClient()
    first.force_authenticate(people["leaders"][0])
    second.force_authenticate(people["leaders"][1])
    url = f"/api/v2/entries/{entry.pk}/workflow/approve/"
    assert first.post(url, {"comment": "同意"}, format="json").status_code == 200
    again = second.post(url, {"comment": "同意"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_handled"
    assert "已处理" in again.json()["message"]
    forced = second.post(f"/api/v2/entries/{entry.pk}/workflow/force_publish/", {"comment": "再发"}, format="json")
    assert forced.status_code == 409 and "已处理" in forced.json()["message"]
    assert log_counts(entry)["wagtail.publish"] == 1
