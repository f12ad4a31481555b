"""The 操作手册's screenshots: which browser-journey step (tests/browser) shows which step of the
manual. ``make manual-screenshots`` copies them from ``test-artifacts/`` into ``STATIC_DIR`` (the
images ship in the repository, so the manual works without the tests); the manual shows them.

Plain data, no Django: the copying tool imports it too.
"""

STATIC_DIR = "cms/manual"  # under cms/static/

# (chapter, journey folder in test-artifacts/, step label, image file, caption)
FIGURES = [
    ("editor", "journey-editor", "新建公开信息", "editor-1-new.png", "新建公开信息：按顺序填写，标题、正文在前"),
    ("editor", "journey-editor", "提交被保密审查拦下", "editor-2-blocked.png", "提交审核时保密审查发现个人信息"),
    ("editor", "journey-editor", "退回意见横幅", "editor-3-returned.png", "被退回的信息：顶部横幅显示退回意见"),
    ("reviewer", "journey-reviewer", "审核页", "reviewer-1-review.png", "审核页：公众将看到的信息、保密审查和处理记录"),
    ("leader", "journey-leader", "已发布", "leader-1-published.png", "审批通过即发布，系统提示索引号"),
    (
        "office",
        "journey-office-request",
        "已登记-办理页",
        "office-1-request.png",
        "申请办理页：办理提示和当前可做的操作",
    ),
    ("office", "journey-office-request", "待签发-答复书预览", "office-2-sign.png", "签发前预览答复书全文"),
    (
        "office",
        "journey-office-annual-report",
        "确认发布-可疑数字",
        "office-3-annual-report.png",
        "年度报告发布前核对可疑数字和审批人",
    ),
]


def figures_by_chapter():
    chapters = {}
    for chapter, _journey, _label, image, caption in FIGURES:
        chapters.setdefault(chapter, []).append({"path": f"{STATIC_DIR}/{image}", "caption": caption})
    return chapters
