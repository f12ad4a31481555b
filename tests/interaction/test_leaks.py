"""Leak test of 互动交流: an unapproved answer, an unpublished opinion or 反馈情况, a consultation on
a draft under review, and an asker's or commenter's contact data never appear in a public output
(the pages and API of questions and consultations, the entries API, the feed and the sitemap)."""

import datetime
import json

import pytest
from django.core.cache import cache

from interaction import services
from interaction.models import Moderation
from pages.models import DisclosureEntry
from workflows import services as review

from ..factories import ASKER, new_entry

pytestmark = pytest.mark.django_db
COMMENTER = {"name": "王五", "contact": "wangwu@example.invalid"}
ANSWER = "请携带户口簿到民政办办理低保申请。"


def public_text(client, portal, consultations, entries=()):
    cache.clear()  # the pages' cache and the form limits
    urls = [
        "/hudong/zixun/",
        "/hudong/zixun/changjian/",
        "/hudong/zhengji/",
        "/api/v2/consultations/",
        "/api/v2/entries/?page_size=100",
    ]
    urls += [f"/feeds/{portal.slug}.atom", "/sitemap.xml", portal.url]
    for consultation in consultations:
        urls += [f"/hudong/zhengji/{consultation.pk}/", f"/api/v2/consultations/{consultation.pk}/"]
    for entry in entries:  # the entry pages of answers and 反馈情况 (404 while under review)
        urls += [f"/api/v2/entries/{entry.pk}/", DisclosureEntry.objects.get(pk=entry.pk).get_url() or "/"]
    texts = []
    for url in urls:
        response = client.get(url)
        body = response.content.decode()
        texts.append(json.dumps(response.json(), ensure_ascii=False) if url.startswith("/api/") else body)
    return "\n".join(texts)


def published_now(entry, roles):
    review.force_publish(DisclosureEntry.objects.get(pk=entry.pk), roles["leader"], "测试发布")


def test_nothing_unapproved_or_personal_in_public_output(client, portal, catalog, roles, ask, consultation):
    question = ask(on=str(datetime.date.today()))
    services.assign_question(question, roles["office"], catalog["civil"])
    services.answer_question(question, roles["civil_editor"], ANSWER)
    answer_entry = services.publish_answer(question, roles["civil_editor"])  # a draft, not approved
    question.refresh_from_db()
    services.mark_frequently_asked(question, roles["office"])  # collected for 常见问题 while in review

    # A consultation whose draft was withdrawn after it opened: gone from every output.
    today = datetime.date.today()
    hidden_draft = new_entry(catalog["dibao"], title="已撤回的征求意见稿", body="<p>撤回的草案正文</p>")
    published_now(hidden_draft, roles)
    hidden = services.open_consultation(
        portal,
        roles["office"],
        title="撤回草案的征集",
        draft_entry=DisclosureEntry.objects.get(pk=hidden_draft.pk),
        department=catalog["civil"],
        opens_on=today,
        closes_on=today + datetime.timedelta(days=29),
    )
    review.retract(DisclosureEntry.objects.get(pk=hidden_draft.pk), roles["leader"], "草案撤回")
    pending, _ = services.submit_comment(consultation, {"content": "尚未审核的意见甲", **COMMENTER})
    rejected, _ = services.submit_comment(consultation, {"content": "被驳回的广告乙", **COMMENTER})
    accepted, _ = services.submit_comment(consultation, {"content": "应当公开办理时限丙", **COMMENTER})
    services.moderate_comment(rejected, roles["office"], Moderation.REJECTED)
    services.moderate_comment(accepted, roles["office"], Moderation.ACCEPTED, adoption="adopted")

    text = public_text(client, portal, [consultation, hidden], [answer_entry])
    assert "某镇低保审批办法（征求意见稿）" in text and "起草说明：规范审批。" in text  # the check can see
    never = [ASKER["asker_name"], ASKER["phone"], ASKER["email"], *COMMENTER.values(), "被驳回的广告乙"]
    unapproved = [
        ANSWER,
        answer_entry.title,
        "尚未审核的意见甲",
        "应当公开办理时限丙",
        hidden.title,
        hidden_draft.title,
        "撤回的草案正文",
    ]
    for secret in never + unapproved:
        assert secret not in text, secret

    # After the period: the 反馈情况 under review shows nothing, published shows the accepted opinion only.
    consultation.opens_on, consultation.closes_on = (
        today - datetime.timedelta(days=40),
        today - datetime.timedelta(days=1),
    )
    consultation.save()
    services.moderate_comment(pending, roles["office"], Moderation.REJECTED)
    feedback = services.prepare_feedback(consultation, roles["office"])
    text = public_text(client, portal, [consultation, hidden], [answer_entry, feedback])
    assert feedback.title not in text and "应当公开办理时限丙" not in text
    # Neither accepting nor with public feedback: not listed, not shown.
    assert client.get("/api/v2/consultations/").json()["results"] == []
    assert client.get(f"/hudong/zhengji/{consultation.pk}/").status_code == 404
    published_now(feedback, roles)
    published_now(answer_entry, roles)
    text = public_text(client, portal, [consultation, hidden], [answer_entry, feedback])
    assert feedback.title in text and "应当公开办理时限丙" in text and ANSWER in text
    for secret in never + ["尚未审核的意见甲", hidden.title, hidden_draft.title, "撤回的草案正文"]:
        assert secret not in text, secret
