"""Real browser, English-speaking, with the demo's accounts: the disclosure office registers a
request brought in person, assigns it to 民政办; the department's 信息员 (who is offered no
登记申请) prepares the 答复; the office reads the preview of the 答复书, returns it once with a
comment, signs off the corrected draft (numbered, 答复书 generated), records the delivery and
closes the request. Every screen says what to do next; every step is checked by the journey
harness (Chinese only, no other host, no error page) and photographed under test-artifacts/."""

import pytest

from disclosure_requests.models import AnswerSettings, DisclosureRequest, RequestState
from pages.demo import create_demo_users


@pytest.fixture
def demo(seeded, catalog, portal, settings, tmp_path):
    settings.DISCLOSURE_PRIVATE_ROOT = tmp_path / "private"
    create_demo_users(portal)  # admin 公开办管理员 (office), minzheng_editor 孙干事 (民政办) …
    AnswerSettings.objects.create(portal=portal, number_prefix="测政公复", review_body="某某县人民政府")
    return portal


def action_form(page, name):
    """The action's form, unfolded: only the suggested next action is open by default."""
    details = page.locator(f"details.gk-action:has(input[name=action][value={name}])")
    if details.count() and details.get_attribute("open") is None:
        details.locator("summary").click()
    return page.locator(f"form:has(input[name=action][value={name}])")


def submit_action(journey, name, button, label):
    action_form(journey.page, name).get_by_role("button", name=button).click()
    journey.page.wait_for_load_state()
    journey.page.evaluate("window.scrollTo(0, 0)")
    return journey.step(label)


def next_step(page):
    return page.locator("[data-next-step]").inner_text()


@pytest.mark.django_db(transaction=True)
def test_office_request_from_intake_to_signed_answer(journey, demo, catalog):
    office = journey("journey-office-request")
    office.login("admin", "gongkai-admin", "政务公开办")
    office.page.get_by_role("link", name="依申请公开").first.click()
    office.page.wait_for_load_state()
    office.step("申请列表")
    office.page.get_by_role("link", name="登记申请（当面/信函/传真）").click()
    office.page.wait_for_url("**/intake/")
    page = office.page
    page.get_by_label("申请渠道").select_option("in_person")
    page.get_by_label("自然人").check()
    page.get_by_label("申请人姓名或名称").fill("王某某")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill("110105199001011234")
    page.get_by_label("联系电话").fill("13800001234")
    page.get_by_label("所需政府信息的内容描述").fill("2025年本镇临时救助资金发放名单")
    page.get_by_label("获取信息的载体形式").select_option("paper")
    page.get_by_label("获取信息的方式").select_option("pickup")
    office.step("登记申请-填写")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url("**/handle/")
    text = office.step("已登记-办理页")
    stored = DisclosureRequest.objects.get()
    assert f"已登记申请，查询码 {stored.tracking_code}" in text
    # In person on the day: 当场答复 is suggested first (Art. 33); this list can't be given at once.
    assert "当场答复" in next_step(page) and "分派承办部门" in next_step(page)
    # The applicant's numbers are masked until the office asks for them (checking identity).
    id_cell = page.locator("td[data-id-number]")
    assert "1101**********1234" in id_cell.inner_text() and "110105199001011234" not in id_cell.inner_text()
    id_cell.get_by_text("显示完整号码").click()
    assert "110105199001011234" in id_cell.inner_text()
    office.step("核验身份-完整证件号码")

    action_form(page, "assign").get_by_label("承办部门").select_option(label="民政办")
    text = submit_action(office, "assign", "分派承办部门", "已分派")
    assert "民政办正在办理" in next_step(page) and "签发" in next_step(page)

    clerk = journey("journey-department-answer")
    clerk.login("minzheng_editor", "gongkai-demo", "民政办信息员")
    clerk.goto("/admin/disclosure-requests/", "部门的申请列表")
    assert "登记申请" not in clerk.page.locator("main").inner_text()  # not offered to the department
    clerk.goto(f"/admin/disclosure-requests/{stored.pk}/handle/", "部门办理页")
    assert "拟定答复" in next_step(clerk.page)
    assert not action_form(clerk.page, "sign_off").count()
    form = action_form(clerk.page, "answer")
    form.get_by_label("办理结果（年度报告分类）").select_option("unable_1")
    form.get_by_label("答复内容（补充说明）").fill("经查，本机关未制作该信息。")
    text = submit_action(clerk, "answer", "拟定答复", "已拟定答复")
    assert "已拟定答复，已提交政务公开办签发" in text and "等待政务公开办签发" in next_step(clerk.page)
    assert DisclosureRequest.objects.get(pk=stored.pk).state == RequestState.PROCESSING

    office.goto(f"/admin/disclosure-requests/{stored.pk}/handle/")
    text = office.step("待签发-答复书预览")
    assert "待您签发" in next_step(office.page) and "经查，本机关未制作该信息。" in text
    assert "某某县人民政府" in office.page.locator(".answer-preview").inner_text()  # the remedy wording
    action_form(office.page, "return_answer").get_by_label("修改意见（必填）").fill("请写明查找的范围和方式")
    text = submit_action(office, "return_answer", "退回拟定的答复", "已退回拟定的答复")
    assert "已退回拟定的答复" in text and "拟定答复" in next_step(office.page)

    clerk.goto(f"/admin/disclosure-requests/{stored.pk}/handle/", "部门看到退回意见")
    assert "请写明查找的范围和方式" in clerk.page.locator("main").inner_text()
    form = action_form(clerk.page, "answer")
    form.get_by_label("办理结果（年度报告分类）").select_option("unable_1")
    form.get_by_label("答复内容（补充说明）").fill("经查阅本机关2025年发文和档案，本机关未制作该信息。")
    submit_action(clerk, "answer", "拟定答复", "重新拟定答复")

    office.goto(f"/admin/disclosure-requests/{stored.pk}/handle/", "重新拟定后的预览")
    action_form(office.page, "sign_off").get_by_label("签发意见（选填）").fill("同意")
    text = submit_action(office, "sign_off", "签发答复", "已签发")
    stored.refresh_from_db()
    assert stored.state == RequestState.ANSWERED and stored.answer_number.startswith("测政公复〔")
    assert f"答复已签发：文号 {stored.answer_number}" in text and "登记送达" in next_step(office.page)
    assert "下载答复书（.docx）" in text

    action_form(office.page, "deliver").get_by_label("送达方式").select_option(index=1)
    submit_action(office, "deliver", "登记送达", "已送达")
    assert "结案" in next_step(office.page)
    text = submit_action(office, "close", "结案", "已结案")
    assert "本申请已办结" in next_step(office.page) and "下载案卷" in text
    assert DisclosureRequest.objects.get(pk=stored.pk).state == RequestState.CLOSED
