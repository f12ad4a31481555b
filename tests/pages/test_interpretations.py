"""发布、解读、回应 (issue 18, milestone 3): 政策解读 in its four forms and 回应关切 are entry types that
go through the ordinary review, link to their policy, and show on the policy's page once public;
their media are served only through the visibility check, videos with range requests."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document

from pages.catalog import ensure_area, ensure_item
from pages.models import (
    DisclosureEntry,
    FivePublicType,
    Genre,
    InterpretationEntry,
    InterpretationQuestion,
    ResponseEntry,
    policies_without_interpretation,
)
from pages.publishing.guards import check_publication
from workflows import services as review

from ..factories import make_user, new_entry, travel

pytestmark = pytest.mark.django_db
VIDEO = bytes(range(256)) * 40  # 10,240 bytes standing in for an MP4


@pytest.fixture
def cast(catalog, portal):
    return {
        "editor": make_user("jd_editor", catalog["finance"].editors_group),
        "reviewer": make_user("jd_reviewer", catalog["finance"].reviewers_group),
        "leader": make_user("jd_leader", portal.leaders_group),
    }


def publish(entry, cast):
    fresh = lambda: DisclosureEntry.objects.get(pk=entry.pk).specific  # noqa: E731
    review.submit(fresh(), cast["editor"])
    review.approve(fresh(), cast["reviewer"])
    assert not DisclosureEntry.objects.disclosed().filter(pk=entry.pk).exists()  # 部门审核 alone is not enough
    review.approve(fresh(), cast["leader"])
    assert DisclosureEntry.objects.disclosed().filter(pk=entry.pk).exists()
    return fresh()


@pytest.fixture
def policy(catalog, cast):
    entry = new_entry(catalog["budget"], title="关于调整最低生活保障标准的通知")
    return publish(entry, cast)


def add(model, parent, **fields):
    defaults = {
        "body": "<p>解读正文。</p>",
        "genre": Genre.objects.get_or_create(name="解读")[0],
        "five_public": FivePublicType.objects.get(name="决策公开"),
    }
    entry = model(live=False, **dict(defaults, **fields))
    parent.add_child(instance=entry)
    entry.save_revision()
    return model.objects.get(pk=entry.pk)


def document(name, content=b"\x89PNG\r\n\x1a\n image"):
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"interprets": None}, "interprets", "须选择被解读的政策文件"),
        ({"interpretation_form": "graphic", "media_alt": "说明"}, "media", "图解须上传图片文件"),
        ({"interpretation_form": "graphic", "media": "chart.png"}, "media_alt", "图解须填写文字说明"),
        ({"interpretation_form": "video", "media": "chart.png"}, "media", "视频解读须上传视频文件"),
    ],
)
def test_an_interpretation_is_refused_without_its_policy_or_its_media(catalog, policy, fields, field, message):
    entry = InterpretationEntry(title="图解", interprets=policy, interpretation_form="text")
    for name, value in fields.items():
        setattr(entry, name, document(value) if name == "media" else value)
    catalog["budget"].add_child(instance=entry)  # a draft: Wagtail checks only title and slug
    with pytest.raises(ValidationError) as exc:
        entry.full_clean()  # what the admin's form and every publication run
    assert message in "".join(exc.value.message_dict[field])


def test_a_graphic_interpretation_is_public_with_its_policy_only_after_review(catalog, policy, cast):
    chart = document("chart.png")
    graphic = add(
        InterpretationEntry,
        catalog["budget"],
        title="一图读懂低保标准调整",
        interprets=policy,
        interpretation_form="graphic",
        media=chart,
        media_alt="城乡低保标准每人每月提高50元。",
    )
    client = Client()
    assert client.get(chart.url).status_code == 404  # the 图解 of a draft stays with the staff
    assert "一图读懂" not in client.get(policy.url).content.decode()
    publish(graphic, cast)
    page = client.get(policy.url).content.decode()
    assert "政策解读" in page and "一图读懂低保标准调整" in page and "图解" in page
    own = client.get(graphic.url).content.decode()
    assert chart.url in own and "城乡低保标准每人每月提高50元" in own and "关于调整最低生活保障标准的通知" in own
    assert client.get(chart.url).status_code == 200
    assert not policies_without_interpretation().exists()  # not under 政策文件: never flagged


def test_a_video_is_served_with_range_requests(catalog, policy, cast):
    video = document("jiedu.mp4", VIDEO)
    entry = add(
        InterpretationEntry,
        catalog["budget"],
        title="视频解读",
        interprets=policy,
        interpretation_form="video",
        media=video,
    )
    assert Client().get(video.url, HTTP_RANGE="bytes=0-99").status_code == 404
    publish(entry, cast)
    assert '<video controls preload="metadata"' in Client().get(entry.url).content.decode()
    part = Client().get(video.url, HTTP_RANGE="bytes=100-1123")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-1123/{len(VIDEO)}"
    assert int(part["Content-Length"]) == 1024 and b"".join(part.streaming_content) == VIDEO[100:1124]
    tail = Client().get(video.url, HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == VIDEO[-10:]
    whole = Client().get(video.url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert Client().get(video.url, HTTP_RANGE=f"bytes={len(VIDEO)}-").status_code == 416


def test_personal_data_in_qa_and_in_a_concern_stops_publication(catalog, policy):
    qa = add(InterpretationEntry, catalog["budget"], title="问答解读", interprets=policy, interpretation_form="qa")
    InterpretationQuestion.objects.create(entry=qa, question="怎么申请？", answer="联系张三，电话13912345678。")
    verdict = check_publication(InterpretationEntry.objects.get(pk=qa.pk))
    assert not verdict.passed and "个人信息" in verdict.summary()
    response = add(
        ResponseEntry,
        catalog["budget"],
        title="关于低保发放的回应",
        concern="网民反映身份证号11010519491231002X的人没领到",
        concern_noticed_at=datetime.datetime(2025, 3, 1, 8, tzinfo=datetime.UTC),
        responds_to=policy,
    )
    assert not check_publication(response).passed


def test_a_response_records_the_time_from_the_concern_and_shows_on_the_policy(catalog, policy, cast):
    noticed = datetime.datetime(2025, 3, 3, 2, tzinfo=datetime.UTC)  # 10:00 Beijing, 3 March
    fields = {"concern": "公众关注低保标准何时执行", "concern_noticed_at": noticed, "responds_to": policy}
    ordinary = add(ResponseEntry, catalog["budget"], title="关于低保标准执行时间的回应", **fields)
    major = add(ResponseEntry, catalog["budget"], title="关于突发事件的回应", major_incident=True, **fields)
    with travel("2025-03-05", hour=9):  # 47 hours after: in time for an ordinary concern only
        ordinary, major = publish(ordinary, cast), publish(major, cast)
    assert ordinary.response_hours() == 47.0 and ordinary.responded_in_time()
    assert major.limit_hours == 24 and not major.responded_in_time()
    assert set(ResponseEntry.objects.late()) == {major} and set(ResponseEntry.objects.in_time()) == {ordinary}
    page = Client().get(policy.url).content.decode()
    assert "回应关切" in page and "关于低保标准执行时间的回应" in page
    own = Client().get(ordinary.url).content.decode()
    assert "47.0 小时（时限 48 小时）" in own and "公众关注低保标准何时执行" in own


def test_a_policy_published_without_its_interpretation_is_flagged(portal, cast):
    area = ensure_area(portal, "政策文件", kind="statutory")
    item = ensure_item(area, "规范性文件", department=portal.departments.get(name="财政所"))
    policy = publish(new_entry(item, title="某镇农村宅基地管理办法"), cast)
    assert list(policies_without_interpretation(portal)) == [DisclosureEntry.objects.get(pk=policy.pk)]
    text = add(InterpretationEntry, item, title="《某镇农村宅基地管理办法》解读", interprets=policy)
    assert policies_without_interpretation(portal).count() == 1  # a draft 解读 does not count
    publish(text, cast)
    assert not policies_without_interpretation(portal).exists()


def test_the_admin_forms_offer_only_entries_the_editor_may_see(catalog, policy, cast):
    from django.test import Client

    other = new_entry(catalog["dibao"], title="民政办尚未发布的草稿")  # another department's draft
    client = Client()
    client.force_login(cast["editor"])
    for model in ("interpretationentry", "responseentry"):
        response = client.get(f"/admin/pages/add/pages/{model}/{catalog['budget'].pk}/")
        assert response.status_code == 200
        form = response.context["form"]
        field = form.fields["interprets" if model == "interpretationentry" else "responds_to"]
        assert policy.pk in {e.pk for e in field.queryset} and other.pk not in {e.pk for e in field.queryset}
