"""Choices fixed by law (公开方式, 有效性, 密级 …): kept as choices, not data."""

from django.db import models


class Openness(models.TextChoices):
    """公开方式 (条例 第十九条、第二十七条)."""

    PROACTIVE = "主动公开", "主动公开"
    ON_REQUEST = "依申请公开", "依申请公开"


class Validity(models.TextChoices):
    VALID = "有效", "有效"
    LAPSED = "失效", "失效"
    REPEALED = "废止", "废止"


class Classification(models.TextChoices):
    """密级 (保守国家秘密法)."""

    NONE = "非涉密", "非涉密"
    SECRET = "秘密", "秘密"
    CONFIDENTIAL = "机密", "机密"
    TOP_SECRET = "绝密", "绝密"


# 保守国家秘密法: default maximum secrecy periods when no other period is marked.
DEFAULT_SECRECY_YEARS = {
    Classification.SECRET: 10,
    Classification.CONFIDENTIAL: 20,
    Classification.TOP_SECRET: 30,
}


class Audience(models.TextChoices):
    PUBLIC = "全社会", "全社会"
    SPECIFIC = "特定群体", "特定群体"


class CatalogMethod(models.TextChoices):
    PROACTIVE = "主动", "主动"
    ON_REQUEST = "依申请", "依申请"


class UpdateRhythm(models.TextChoices):
    REALTIME = "实时", "实时"
    MONTHLY = "每月", "每月"
    QUARTERLY = "每季度", "每季度"
    HALF_YEARLY = "每半年", "每半年"
    YEARLY = "每年", "每年"
    IRREGULAR = "不定期", "不定期"


# Calendar days after which an item with this rhythm counts as overdue.
UPDATE_RHYTHM_DAYS = {
    UpdateRhythm.REALTIME: 31,
    UpdateRhythm.MONTHLY: 31,
    UpdateRhythm.QUARTERLY: 92,
    UpdateRhythm.HALF_YEARLY: 183,
    UpdateRhythm.YEARLY: 366,
    UpdateRhythm.IRREGULAR: None,
}
