"""The journey harness itself: what it calls an English word, and that it fails a step for one, for
a request to another host and for an error text."""

import pytest

from .journey import Journey, english_words
from .screens import ARTIFACTS, DESKTOP


def test_english_words_skip_codes_addresses_and_allowed_abbreviations():
    assert english_words("搜索 Search all pages… LIVE") == ["LIVE", "Search", "all", "pages"]
    assert english_words("附件（PDF、DOCX、Excel）下载 URL 与 ID，接口 API") == []
    assert english_words("索引号 000014349/2026-00001 查询码 ABCD-EFGH-JKLM-NPQR 1.5MB") == []
    # A question's code may hold no digit (ZX + 10 of its alphabet); a longer word is still English.
    assert english_words("您的查询码 ZXZCPSHKXTLS") == [] and english_words("ZXZCPSHKXTLSX") == ["ZXZCPSHKXTLSX"]
    assert english_words("caizheng_editor zhao@example.com 预算.xlsx /admin/pages/") == []
    assert english_words("Sent to 部门审核 3 分钟前") == ["Sent", "to"]


@pytest.mark.parametrize(
    "html, problem",
    [
        ("<p>已发布</p><img src='http://127.0.0.2:9/logo.png'>", "requests to other hosts"),
        ("<p>页面 Autosave is paused</p>", "English words: ['Autosave', 'is', 'paused']"),
        ("<input placeholder='Search all pages…'>", "English words: ['Search', 'all', 'pages']"),
        ("<h1>对不起，你没有权限访问</h1>", "error texts: ['没有权限']"),
    ],
)
def test_a_step_fails_on_english_outside_requests_and_error_texts(browser, html, problem):
    journey = Journey(browser.new_context(viewport=DESKTOP), "http://127.0.0.1:1", "journey-harness", ARTIFACTS)
    try:
        journey.page.set_content(f"<html lang='zh-CN'><title>测试</title><body>{html}</body></html>")
        with pytest.raises(AssertionError, match=problem.replace("[", r"\[").replace("]", r"\]")):
            journey.step("检查")
    finally:
        journey.close()
