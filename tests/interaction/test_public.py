"""The public question and consultation pages: CSRF, throttling, Chinese errors that keep the
input, the receipt, the status page, and nothing personal or unapproved in public output."""

import datetime

import pytest
from django.test import Client

from interaction import services
from interaction.models import Question
from workflows import services as review

from ..factories import open_consultation_on, question_form_data

pytestmark = pytest.mark.django_db
URL = "/hudong/zixun/"


def test_a_citizen_files_a_question_and_follows_it(client, portal, catalog):
    page = client.get(URL)
    assert page.status_code == 200 and "政务咨询" in page.content.decode() and "5个工作日" in page.content.decode()
    response = client.post(URL, question_form_data(idempotency_key="k1"), follow=True)
    question = Question.objects.get()
    body = response.content.decode()
    assert "留言回执" in body and question.tracking_code in body
    assert question.tracking_code not in response.redirect_chain[-1][0]  # never in a URL
    status = client.post("/hudong/zixun/chaxun/", {"code": question.tracking_code}).content.decode()
    assert "待分派" in status and "13912345678" not in status and "asker@example.invalid" not in status


def test_errors_are_chinese_and_keep_what_was_typed(client, portal):
    response = client.post(URL, question_form_data(subject="", phone="", email=""))
    body = response.content.decode()
    assert response.status_code == 200 and not Question.objects.exists()
    assert "请填写主题" in body and "联系电话和电子邮箱至少填写一项" in body
    assert "想了解申请最低生活保障需要准备什么材料" in body


def test_csrf_is_required(portal):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, question_form_data()).status_code == 403
    assert not Question.objects.exists()


def test_submissions_are_throttled_per_address(client, portal, settings):
    settings.INTERACTION_THROTTLE_RATE = (2, 3600)
    for n in range(2):
        client.post(URL, question_form_data(idempotency_key=f"t{n}"))
    response = client.post(URL, question_form_data(idempotency_key="t3"))
    assert response.status_code == 429 and "验证问题" in response.content.decode()
    assert Question.objects.count() == 2


def test_a_double_submission_stores_one_question(client, portal):
    client.post(URL, question_form_data(idempotency_key="same"))
    client.post(URL, question_form_data(idempotency_key="same"))
    assert Question.objects.count() == 1


def test_the_published_answer_page_has_no_personal_data_and_appears_only_after_review(client, ask, roles, catalog):
    question = ask()
    services.assign_question(question, roles["office"], catalog["civil"])
    services.answer_question(question, roles["civil_editor"], "请携带户口簿到民政办办理。")
    entry = services.publish_answer(question, roles["civil_editor"])
    assert client.get(entry.url).status_code == 404
    assert "户口簿" not in client.get(URL).content.decode()
    assert str(entry.pk) not in str(client.get("/api/v2/entries/").json())
    editor = type(roles["civil_editor"]).objects.get(pk=roles["civil_editor"].pk)
    review.submit(entry, editor)
    review.approve(entry, roles["civil_reviewer"])
    review.approve(entry, roles["leader"])
    entry.refresh_from_db()
    page = client.get(entry.url).content.decode()
    assert "请携带户口簿" in page and "留言内容" in page
    for secret in ("张小明", "13912345678", "asker@example.invalid"):
        assert secret not in page
    assert entry.title in client.get(URL).content.decode()
    api = client.get(f"/api/v2/entries/{entry.pk}/").json()
    assert api["title"] == entry.title and "13912345678" not in str(api)


def test_consultation_comments_only_while_open_and_public(client, portal, catalog, roles):
    from tests.factories import new_entry

    draft = new_entry(catalog["dibao"], title="某镇低保审批办法（征求意见稿）", body="<p>起草说明……</p>")
    review.submit(draft, type(roles["civil_editor"]).objects.get(pk=roles["civil_editor"].pk))
    review.force_publish(draft, roles["leader"], "测试发布")
    draft.refresh_from_db()
    today = datetime.date.today()
    consultation = open_consultation_on(draft, portal, roles, catalog, today, today + datetime.timedelta(days=29))
    assert "低保审批办法" in client.get("/hudong/zhengji/").content.decode()
    url = f"/hudong/zhengji/{consultation.pk}/"
    response = client.post(
        url, {"content": "建议缩短审批时限", "name": "李四", "contact": "13812345678", "idempotency_key": "c1"}
    )
    assert "您的意见已提交" in response.content.decode()
    client.post(url, {"content": "建议缩短审批时限", "idempotency_key": "c1"})
    assert consultation.comments.count() == 1
    page = client.get(url).content.decode()
    assert "建议缩短审批时限" not in page and "李四" not in page  # opinions are not shown unmoderated
    assert "请填写意见内容" in client.post(url, {"content": ""}).content.decode()
