"""Real browser on a phone: a policy's page lists its 政策解读 (with their form) and the 回应关切;
the 图解 shows its image (served through the visibility check) with the full text alternative,
the 问答解读 its questions and answers, the 回应 the concern and the time it took. Every step is
checked by the journey harness and photographed."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from wagtail.documents.models import Document

from pages.models import (
    DisclosureEntry,
    FivePublicType,
    Genre,
    InterpretationEntry,
    InterpretationQuestion,
    ResponseEntry,
)
from pages.publishing.pipeline import publish_entry

from ..factories import new_entry
from .screens import PHONE

POLICY = "关于调整城乡最低生活保障标准的通知"


def chart():
    image = Image.new("RGB", (600, 340), "#f4f8fb")
    draw = ImageDraw.Draw(image)
    for n, height in enumerate((120, 180, 260)):
        draw.rectangle([80 + n * 170, 320 - height, 180 + n * 170, 320], fill=("#9bb", "#6a9", "#c33")[n])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return Document.objects.create(title="图解", file=ContentFile(buffer.getvalue(), name="tujie.png"))


def published(model, parent, **fields):
    entry = model(
        live=False,
        genre=Genre.objects.get_or_create(name="解读")[0],
        five_public=FivePublicType.objects.get(name="决策公开"),
        **fields,
    )
    parent.add_child(instance=entry)
    if model is InterpretationEntry and fields.get("interpretation_form") == "qa":
        InterpretationQuestion.objects.create(entry=entry, question="标准提高多少？", answer="每人每月提高50元。")
        InterpretationQuestion.objects.create(entry=entry, question="从何时起执行？", answer="自2025年7月1日起执行。")
    assert publish_entry(model.objects.get(pk=entry.pk)).passed
    return model.objects.get(pk=entry.pk)


@pytest.mark.django_db(transaction=True)
def test_interpretations_and_responses_with_their_policy_on_a_phone(journey, seeded, catalog):
    item = catalog["dibao"]
    policy = new_entry(item, title=POLICY, body="<p>经研究决定，自2025年7月1日起调整城乡低保标准。</p>")
    publish_entry(DisclosureEntry.objects.get(pk=policy.pk))
    graphic = published(
        InterpretationEntry,
        item,
        title="一图读懂低保标准调整",
        interprets=policy,
        interpretation_form="graphic",
        media=chart(),
        media_alt="城市低保标准由每人每月780元提高到830元；农村低保标准由620元提高到670元。",
        body="<p>图解说明见下文。</p>",
    )
    qa = published(
        InterpretationEntry,
        item,
        title="低保标准调整问答",
        interprets=policy,
        interpretation_form="qa",
        body="<p>以下为常见问题解答。</p>",
    )
    response = published(
        ResponseEntry,
        item,
        title="关于低保标准调整执行时间的回应",
        concern="网民关注新的低保标准何时开始执行、是否需要重新申请。",
        concern_noticed_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=20),
        responds_to=policy,
        body="<p>新标准自2025年7月1日起执行，已纳入保障的家庭无需重新申请。</p>",
    )

    reader = journey("interpretation-phone", locale="zh-CN", viewport=PHONE)
    reader.goto(DisclosureEntry.objects.get(pk=policy.pk).url)
    text = reader.step("政策文件及其解读和回应")
    assert "一图读懂低保标准调整" in text and "低保标准调整问答" in text and "问答解读" in text
    assert "回应关切" in text and "关于低保标准执行时间的回应" not in text  # the title as published
    assert "关于低保标准调整执行时间的回应" in text
    reader.page.get_by_role("link", name="一图读懂低保标准调整").click()
    text = reader.step("图解")
    assert "城市低保标准由每人每月780元提高到830元" in text and POLICY in text
    width = reader.page.locator("figure.graphic img").evaluate("img => img.naturalWidth")
    assert width == 600  # the image really loaded through /documents/
    reader.page.goto(reader.live_url + qa.url)
    text = reader.step("问答解读")
    assert "问：标准提高多少？" in text and "答：每人每月提高50元。" in text
    reader.page.goto(reader.live_url + response.url)
    text = reader.step("回应关切")
    assert "网民关注新的低保标准何时开始执行" in text and "时限 48 小时" in text and POLICY in text
    assert graphic.url and InterpretationEntry.objects.disclosed().count() == 2
