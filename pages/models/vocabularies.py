"""Vocabularies the office extends in the admin: 主题分类, 体裁分类, 五公开."""

from django.db import models
from wagtail.admin.panels import (
    FieldPanel,
)


class Vocabulary(models.Model):
    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    active = models.BooleanField("启用", default=True)

    panels = [FieldPanel("name"), FieldPanel("sort_order"), FieldPanel("active")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Topic(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "主题分类"


class Genre(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "体裁分类"


class FivePublicType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = verbose_name_plural = "五公开类型"
