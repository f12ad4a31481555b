"""提交审核 in the admin runs the guards (保密审查) first and tells the editor, in Chinese and on the
form, what to fix: nothing reaches a reviewer that the leader's approval would refuse."""

import datetime

from wagtail.models import WorkflowState

from pages.models import DisclosureEntry

from ..factories import ADD_URL, form_data, make_user, new_entry

ID_NUMBER = "340104199003071235"  # a valid check digit


def body(text):
    return (
        '{"blocks":[{"key":"a","text":"' + text + '","type":"unstyled","depth":0,'
        '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'
    )


def errors_of(response):
    return " ".join(response.context["form"].non_field_errors())


def test_personal_data_stops_a_new_entry_at_submission_with_the_finding(client, catalog, users):
    client.force_login(users["finance_editor"])
    data = {**form_data("低保名单公示"), "body": body(f"张三 身份证号{ID_NUMBER}"), "action-submit": "1"}
    response = client.post(ADD_URL.format(catalog["budget"].pk), data)
    assert response.status_code == 200
    errors = errors_of(response)
    assert "保密审查未通过（个人信息）" in errors and "正文" in errors and "身份证" in errors
    assert ID_NUMBER not in errors  # the finding is shown masked
    assert "一键脱敏" in errors
    assert not DisclosureEntry.objects.filter(title="低保名单公示").exists()
    assert not WorkflowState.objects.exists()

    # The same text saved as a draft is kept (to be masked there), only the submission waits.
    data.pop("action-submit")
    assert client.post(ADD_URL.format(catalog["budget"].pk), data).status_code == 302
    assert DisclosureEntry.objects.filter(title="低保名单公示").exists()


def test_a_binding_classification_stops_an_edit_at_submission(client, catalog, users):
    entry = new_entry(catalog["budget"], title="涉密文件")
    client.force_login(users["finance_editor"])
    data = {
        **form_data("涉密文件"),
        "classification": "秘密",
        "classified_on": datetime.date.today().isoformat(),
        "action-submit": "1",
    }
    response = client.post(f"/admin/pages/{entry.pk}/edit/", data)
    assert response.status_code == 200
    assert "保密审查未通过（密级）" in errors_of(response) and "不得公开" in errors_of(response)
    assert DisclosureEntry.objects.get(pk=entry.pk).current_workflow_state is None


def test_missing_metadata_named_and_a_clean_entry_goes_to_review(client, catalog, users):
    client.force_login(users["finance_editor"])
    data = {**form_data("失效通知"), "validity": "失效", "action-submit": "1"}
    response = client.post(ADD_URL.format(catalog["budget"].pk), data)
    assert response.status_code == 200
    assert "失效" in " ".join(str(e) for e in response.context["form"].errors.values())

    response = client.post(ADD_URL.format(catalog["budget"].pk), {**form_data("合格的信息"), "action-submit": "1"})
    assert response.status_code == 302
    entry = DisclosureEntry.objects.get(title="合格的信息")
    assert entry.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_resubmission_after_return_runs_the_guards_too(client, catalog, users, portal):
    from workflows import services

    editor = users["finance_editor"]
    reviewer = make_user("guard_reviewer", catalog["finance"].reviewers_group)
    entry = new_entry(catalog["budget"], title="退回后重新提交")
    entry.save_revision(user=editor)
    services.submit(entry, editor)
    services.reject(entry, reviewer, "请补充附件")
    client.force_login(editor)
    data = {**form_data("退回后重新提交"), "body": body(f"联系人身份证{ID_NUMBER}"), "action-submit": "1"}
    response = client.post(f"/admin/pages/{entry.pk}/edit/", data)
    assert response.status_code == 200 and "个人信息" in errors_of(response)
    assert DisclosureEntry.objects.get(pk=entry.pk).current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
