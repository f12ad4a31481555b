"""批量提交 / 批量审核 / 批量审批 (issue 19): the same rules as one entry at a time, per entry —
four-eyes, the step's approvers (department isolation), the guards — each refusal reported in
Chinese without holding up the others, nothing partly done for a refused entry, and a batch
run twice does nothing twice."""

from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from pages.models import ContentSafetyTerm, DisclosureEntry
from workflows.services import approve_many, submit_many

from ..factories import make_user, new_entry, refreshed

ID_NUMBER = "340104199003071235"


def drafts(parent, count, prefix="批量"):
    return [new_entry(parent, title=f"{prefix}信息{n}") for n in range(count)]


def reasons(result):
    return [reason for _, reason in result.refused]


def test_a_batch_goes_through_both_steps_and_publishes_each_entry(catalog, roles):
    entries = drafts(catalog["budget"], 3)
    assert len(submit_many(entries, roles["editor"]).passed) == 3
    department = approve_many([refreshed(e) for e in entries], roles["reviewer"])
    assert len(department.passed) == 3 and not department.refused
    assert all(refreshed(e).current_workflow_task.name == "领导审批" for e in entries)
    leader = approve_many([refreshed(e) for e in entries], roles["leader"])
    assert len(leader.passed) == 3 and leader.summary() == "3条已处理成功"
    published = [refreshed(e) for e in entries]
    assert all(e.live and e.index_number for e in published)
    assert len({e.index_number for e in published}) == 3
    for entry in published:  # the audit trail of each entry, as one at a time
        actions = set(PageLogEntry.objects.filter(page=entry).values_list("action", flat=True))
        assert {"wagtail.workflow.start", "wagtail.workflow.approve", "gongkai.publication_check"} <= actions


def test_four_eyes_is_refused_per_entry_in_a_batch(catalog, roles):
    # An editor who is also a reviewer of the department submits two entries; a colleague one.
    both = make_user("editor_reviewer", catalog["finance"].editors_group, catalog["finance"].reviewers_group)
    own = drafts(catalog["budget"], 2, "本人提交")
    submit_many(own, both)
    other = drafts(catalog["budget"], 1, "他人提交")
    submit_many(other, roles["editor"])
    result = approve_many([refreshed(e) for e in own + other], both)
    assert [e.pk for e in result.passed] == [other[0].pk]
    assert [e.pk for e, _ in result.refused] == [e.pk for e in own]
    assert reasons(result) == ["无权执行此审核操作", "无权执行此审核操作"]
    assert all(refreshed(e).current_workflow_task.name == "部门审核" for e in own)


def test_department_isolation_in_a_batch(catalog, roles):
    finance = drafts(catalog["budget"], 2, "财政")
    civil = drafts(catalog["dibao"], 1, "民政")
    submit_many(finance, roles["editor"])
    submit_many(civil, roles["civil_editor"])
    result = approve_many([refreshed(e) for e in finance + civil], roles["reviewer"])
    assert sorted(e.pk for e in result.passed) == sorted(e.pk for e in finance)
    assert [e.pk for e, _ in result.refused] == [civil[0].pk] and reasons(result) == ["无权执行此审核操作"]
    assert refreshed(civil[0]).current_workflow_task.name == "部门审核"


def test_a_guard_refusal_stops_that_entry_only_and_is_reported(catalog, roles):
    entries = drafts(catalog["budget"], 3)
    leaky = refreshed(entries[1])
    leaky.body = f"<p>联系人身份证{ID_NUMBER}</p>"
    leaky.save_revision(user=roles["editor"])
    submitted = submit_many([refreshed(e) for e in entries], roles["editor"])
    assert sorted(e.pk for e in submitted.passed) == [entries[0].pk, entries[2].pk]
    assert [e.pk for e, _ in submitted.refused] == [entries[1].pk]
    assert reasons(submitted)[0].startswith("保密审查未通过，不能提交：") and "个人信息" in reasons(submitted)[0]
    assert refreshed(entries[1]).current_workflow_state is None

    # At the last step: a 敏感词 added by the office after the department's approval.
    approve_many([refreshed(entries[0]), refreshed(entries[2])], roles["reviewer"])
    ContentSafetyTerm.objects.create(term="批量信息2", kind="sensitive")  # the third entry's title
    result = approve_many([refreshed(entries[0]), refreshed(entries[2])], roles["leader"])
    assert [e.pk for e in result.passed] == [entries[0].pk]
    assert refreshed(entries[0]).live
    refused = refreshed(entries[2])
    assert not refused.live and refused.index_number is None
    assert [e.pk for e, _ in result.refused] == [entries[2].pk]
    assert reasons(result)[0].startswith("未发布，已退回信息员修改：") and "批量信息2" in reasons(result)[0]
    last = WorkflowState.objects.for_instance(refused).order_by("-pk").first()
    assert last.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_the_same_batch_twice_does_nothing_twice(catalog, roles):
    entries = drafts(catalog["budget"], 2)
    submit_many(entries, roles["editor"])
    again = submit_many([refreshed(e) for e in entries], roles["editor"])
    assert not again.passed and not again.refused and len(again.already) == 2
    assert all(reason.startswith("已处理：") for _, reason in again.already)
    assert WorkflowState.objects.filter(object_id__in=[str(e.pk) for e in entries]).count() == 2
    approve_many([refreshed(e) for e in entries], roles["reviewer"])
    approve_many([refreshed(e) for e in entries], roles["leader"])
    logs = PageLogEntry.objects.filter(page__in=entries).count()
    numbers = sorted(
        DisclosureEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list("index_number", flat=True)
    )
    twice = approve_many([refreshed(e) for e in entries], roles["leader"])
    assert not twice.passed and len(twice.already) == 2 and twice.summary() == "0条已处理成功，2条此前已处理"
    assert PageLogEntry.objects.filter(page__in=entries).count() == logs
    assert (
        sorted(DisclosureEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list("index_number", flat=True))
        == numbers
    )


def test_the_queue_screen_approves_the_ticked_entries_and_says_what_was_refused(client, catalog, roles):
    finance = drafts(catalog["budget"], 2, "财政")
    civil = drafts(catalog["dibao"], 1, "民政")
    submit_many(finance, roles["editor"])
    submit_many(civil, roles["civil_editor"])
    client.force_login(roles["reviewer"])
    queue = client.get(reverse("gongkai_review_queue")).content.decode()
    assert f'name="entry" value="{finance[0].pk}"' in queue and "批量审批（审核通过所选信息）" in queue
    assert f'value="{civil[0].pk}"' not in queue  # not this reviewer's department
    # A forged form with the other department's entry too: refused for that entry only.
    response = client.post(reverse("gongkai_review_queue"), {"entry": [e.pk for e in finance + civil]}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["批量审批：2条审核通过：财政信息0、财政信息1", "未通过：民政信息0：无权执行此审核操作"]
    assert all(refreshed(e).current_workflow_task.name == "领导审批" for e in finance)
    assert refreshed(civil[0]).current_workflow_task.name == "部门审核"
    nothing = client.post(reverse("gongkai_review_queue"), {}, follow=True)
    assert [str(m) for m in nothing.context["messages"]] == ["请先勾选要审批的信息"]


def test_approvers_get_one_message_per_batch_listing_its_entries(
    catalog, roles, mailoutbox, django_capture_on_commit_callbacks
):
    entries = drafts(catalog["budget"], 3)
    leaky = refreshed(entries[2])
    leaky.body = f"<p>联系人身份证{ID_NUMBER}</p>"
    leaky.save_revision(user=roles["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        submit_many([refreshed(e) for e in entries], roles["editor"])
    to_reviewer = [m for m in mailoutbox if m.to == [roles["reviewer"].email]]
    assert [m.subject for m in to_reviewer] == ["【部门审核】待您处理：2条信息"]
    assert "批量信息0（提交人：editor）" in to_reviewer[0].body and "批量信息1" in to_reviewer[0].body
    assert "批量信息2" not in to_reviewer[0].body  # refused by the guards: nobody is asked to review it
    assert all(len(m.to) == 1 for m in mailoutbox)
