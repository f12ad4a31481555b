"""Real browser: 当场答复 (条例 Art. 33, issue 17). The office registers a request made at the counter,
answers it on the spot on its handling page (the answer form asks for what the form of answer needs),
and sees it recorded as such — 答复书文号, 0 working days — and counted on the dashboard. Every step is
checked by the journey harness and photographed."""

import pytest

from disclosure_requests import services
from disclosure_requests.models import AnswerSettings, DisclosureRequest

from ..factories import make_user
from .journey import login


@pytest.mark.django_db(transaction=True)
def test_office_answers_at_the_counter(journey, seeded, portal):
    AnswerSettings.objects.create(portal=portal, number_prefix="测政公复", review_body="某某县人民政府")
    office = make_user("gk_counter", superuser=True)
    walk = journey("journey-on-the-spot")
    login(walk, office, "政务公开办")
    page = walk.page

    walk.goto("/admin/disclosure-requests/intake/", "登记申请")
    page.get_by_label("受理机关").select_option(str(portal.pk))
    page.get_by_label("申请渠道").select_option("in_person")
    # The received date defaults to today, shown in the date field (ISO, whatever the language).
    assert page.get_by_label("收到申请日期").input_value() == str(services.today())
    page.get_by_label("自然人", exact=True).check()
    page.get_by_label("申请人姓名或名称").fill("李四")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("所需政府信息的内容描述").fill("本镇2025年城乡居民最低生活保障标准")
    page.get_by_label("获取信息的方式").select_option("pickup")
    walk.step("登记申请-当面提出")
    page.get_by_role("button", name="登记").click()
    page.wait_for_load_state()
    text = walk.step("已登记-办理页面")
    assert "已登记申请" in text and "当场答复" in text
    stored = DisclosureRequest.objects.get(applicant_name="李四")
    assert stored.channel == "in_person" and stored.state == "received"

    form = page.locator("form:has(input[name=action][value=answer_on_the_spot])")
    form.scroll_into_view_if_needed()
    form.get_by_label("办理结果（年度报告分类）").select_option("disclose")
    form.get_by_label("答复形式").select_option("proactive")
    walk.step("当场答复-填写")
    form.get_by_role("button", name="当场答复").click()
    page.wait_for_load_state()
    text = walk.step("当场答复-缺少获取途径")
    assert (
        "已主动公开（第三十六条第一项）的答复须填写获取途径" in text
        and DisclosureRequest.objects.get(pk=stored.pk).answer_type == ""
    )

    form = page.locator("form:has(input[name=action][value=answer_on_the_spot])")
    form.get_by_label("办理结果（年度报告分类）").select_option("disclose")
    form.get_by_label("答复形式").select_option("proactive")
    form.get_by_label("获取途径（网址、栏目、公开栏位置或出版物名称）").fill(
        "本镇政府网站“社会救助”栏目，2025年1月公开"
    )
    form.get_by_role("button", name="当场答复").click()
    page.wait_for_load_state()
    page.evaluate("window.scrollTo(0, 0)")
    text = walk.step("已当场答复")
    stored.refresh_from_db()
    assert stored.answered_on_the_spot and stored.answered_on == stored.received_on
    assert stored.answer_number.startswith("测政公复〔") and stored.answer_number in text
    assert "0 个工作日（当场答复）" in text and "已当场答复：予以公开" in text
    assert page.locator("form:has(input[name=action][value=answer_on_the_spot])").count() == 0

    walk.goto("/admin/", None)
    walk.step("工作台-本年累计")
    assert page.locator("[data-total=answered]").inner_text() == "1 件（其中当场答复 1 件）"
