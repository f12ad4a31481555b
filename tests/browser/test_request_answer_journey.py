"""Real browser: the office answers a request in the form of Art. 36(5) (不属于本机关负责公开). The
handling page asks for the responsible body's contact before anything is stored, then shows the
答复书 文号 and offers the case file (.zip); the dashboard counts requests whose 补正 notice
deadline is near. Every step is checked by the journey harness and photographed."""

import pytest

from disclosure_requests import services
from disclosure_requests.models import AnswerSettings, DisclosureRequest

from ..factories import PERSON, make_user
from .journey import login


@pytest.mark.django_db(transaction=True)
def test_office_answers_in_the_right_form_with_a_number(journey, seeded, portal):
    AnswerSettings.objects.create(portal=portal, number_prefix="测政公复", review_body="某某县人民政府")
    office = make_user("gk_office", superuser=True)
    disclosure_request, _ = services.submit_request(portal, dict(PERSON))
    walk = journey("journey-request-answer")
    login(walk, office, "政务公开办")
    assert "补正告知期限将届满" in walk.step("工作台-补正告知提醒")
    walk.goto(f"/admin/disclosure-requests/{disclosure_request.pk}/handle/", "办理页面")
    page = walk.page
    page.locator("details.gk-action summary", has_text="拟定答复").click()  # not the suggested next step
    form = page.locator("form:has(input[name=action][value=answer])")
    form.get_by_label("办理结果（年度报告分类）").select_option("unable_1")
    form.get_by_label("答复形式").select_option("not_ours")
    form.get_by_label("负责公开该信息的机关名称").fill("某县自然资源局")
    form.get_by_label("负责公开该信息的机关名称").scroll_into_view_if_needed()
    walk.step("拟定答复-填写")
    form.get_by_role("button", name="拟定答复").click()
    page.wait_for_load_state()
    text = walk.step("拟定答复-缺少联系方式")
    assert "须填写该机关的联系方式" in text
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).answer_type == ""
    form = page.locator("form:has(input[name=action][value=answer])")
    form.get_by_label("办理结果（年度报告分类）").select_option("unable_1")
    form.get_by_label("答复形式").select_option("not_ours")
    form.get_by_label("负责公开该信息的机关名称").fill("某县自然资源局")
    form.get_by_label("该机关的联系方式").fill("0551-1234567")
    form.get_by_role("button", name="拟定答复").click()
    page.wait_for_load_state()
    preview = walk.step("待签发-答复书预览")
    shown = page.locator(".answer-preview").inner_text()  # the template depends on the seeded rows
    assert "某某县人民政府申请行政复议" in shown and "（文号在签发时编定）" in shown and "测政公复〔" not in preview
    page.locator("form:has(input[name=action][value=sign_off])").get_by_role("button", name="签发答复").click()
    page.wait_for_load_state()
    page.evaluate("window.scrollTo(0, 0)")
    text = walk.step("已答复-文号")
    stored = DisclosureRequest.objects.get(pk=disclosure_request.pk)
    assert stored.answer_number.startswith("测政公复〔") and stored.answer_number in text
    assert "不属于本机关负责公开（第三十六条第五项）" in text and "下载案卷（.zip，归档用）" in text
