"""Real browser: file a disclosure request on the public form, read the tracking code from the
receipt, look up its status (已接收 and the due date); a phone-sized screenshot of the receipt."""

import pytest

from disclosure_requests import deadlines, services
from disclosure_requests.models import DisclosureRequest

from .journey import submit_request_form
from .screens import ARTIFACTS, PHONE


@pytest.mark.django_db(transaction=True)
def test_file_request_and_follow_it_by_tracking_code(browser, live_url, seeded, portal):
    from django.core.cache import cache

    cache.clear()  # the form's per-IP throttle lives in the cache
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.goto(live_url + "/yishenqing/")
    assert page.locator("h1").inner_text() == "政府信息公开申请"
    # Art. 43: the assisted route is said before the form, in words a screen reader reaches first.
    assisted = page.locator("#assisted-route")
    assert assisted.is_visible() and "由工作人员代为填写申请" in assisted.inner_text()
    page.screenshot(path=str(ARTIFACTS / "request-form-assisted-route.png"))

    submit_request_form(page)

    code = page.locator("#tracking-code").inner_text().strip()
    stored = DisclosureRequest.objects.get()
    assert code == stored.tracking_code and stored.applicant_name == "赵六"
    expected_due = deadlines.answer_deadline(stored.received_on).due
    assert stored.received_on == services.today() and stored.due_on == expected_due
    assert expected_due.isoformat() in page.locator("table.meta").inner_text()
    # The receipt says which rule of Art. 31 fixed the received date.
    assert page.locator("#received-rule").inner_text().startswith("在线提交：以提交之日为收到申请之日")
    page.screenshot(path=str(ARTIFACTS / "request-receipt.png"), full_page=True)

    page.get_by_role("link", name="查询办理进度").click()
    page.wait_for_url("**/yishenqing/chaxun/")
    page.get_by_label("查询码").fill(code.replace("-", "").lower())
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    table = page.locator("table.meta").inner_text()
    assert "已接收" in table and expected_due.isoformat() in table and code in table
    assert "赵六" not in page.content() and "13800001234" not in page.content()
    context.close()
    assert (ARTIFACTS / "request-receipt.png").stat().st_size > 10_000
