"""What the public sees of questions and consultations (``interaction/``): each is a disclosure
entry of its own type, so the one public rule (``disclosed()``), the guards, the 部门审核 →
领导审批 review, search, the feed and the API apply to them unchanged.

Created only by the interaction services (never from the admin's 添加子页面): the question's
text is stored de-identified in 内容概述 (``summary``, read by the personal-data guard like any
entry's), the answer or the 反馈情况 in 正文.
"""

from django.db import models

from .entries import DisclosureEntry


class QuestionAnswerEntry(DisclosureEntry):
    """咨询答复: a citizen's question (without the asker's personal data) and the answer."""

    template = "pages/public/question_answer_entry.html"

    asked_on = models.DateField("来信日期", null=True, blank=True)
    question_category = models.CharField("留言类型", max_length=20, blank=True)

    parent_page_types = ["pages.CatalogItem", "pages.CatalogArea"]
    subpage_types = []
    is_creatable = False

    class Meta:
        verbose_name = verbose_name_plural = "咨询答复"


class ConsultationFeedbackEntry(DisclosureEntry):
    """意见征集反馈情况: what the public said on a draft decision and what became of it."""

    template = "pages/public/consultation_feedback_entry.html"

    opinions_received = models.PositiveIntegerField("收到意见（条）", default=0)
    opinions_adopted = models.PositiveIntegerField("采纳（条）", default=0)
    opinions_partly_adopted = models.PositiveIntegerField("部分采纳（条）", default=0)
    opinions_not_adopted = models.PositiveIntegerField("未采纳（条）", default=0)

    parent_page_types = ["pages.CatalogItem", "pages.CatalogArea"]
    subpage_types = []
    is_creatable = False

    class Meta:
        verbose_name = verbose_name_plural = "意见征集反馈"
