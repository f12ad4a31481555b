"""The honeypot and the arithmetic question on the public question and opinion forms: a person who
trips either keeps what they typed and gets through by answering; a program gets a polite refusal."""

import re

import pytest

from cms import antispam
from interaction.models import ConsultationComment, Question

from ..factories import ASKER, question_form_data

pytestmark = pytest.mark.django_db
URL = "/hudong/zixun/"


def challenge(response):
    """(token, right answer) from a page that asks the question."""
    body = response.content.decode()
    token = re.search(r'name="check_token" value="([^"]+)"', body).group(1)
    a, b = re.search(r"验证问题：(\d) 加 (\d) 等于几", body).groups()
    return token, int(a) + int(b)


def test_the_form_carries_a_hidden_honeypot_and_asks_nothing_of_people(client, portal):
    body = client.get(URL).content.decode()
    assert 'aria-hidden="true"><label for="id_homepage">' in body and 'tabindex="-1"' in body
    assert "验证问题" not in body
    assert client.post(URL, question_form_data(idempotency_key="p1")).status_code == 302
    assert Question.objects.count() == 1


def test_a_filled_honeypot_asks_a_question_keeps_the_text_and_a_right_answer_stores_it(client, portal):
    refused = client.post(URL, question_form_data(idempotency_key="h1", homepage="http://spam.example"))
    body = refused.content.decode()
    assert refused.status_code == 400 and not Question.objects.exists()
    assert "为确认是本人提交，请回答下面的问题" in body and "想了解申请最低生活保障需要准备什么材料" in body
    assert "http://spam.example" not in body  # the trap is never filled back in
    token, answer = challenge(refused)
    trap = {"idempotency_key": "h1", "homepage": "http://spam.example"}
    wrong = client.post(URL, question_form_data(**trap, check_token=token, check_answer=str(answer + 1)))
    assert wrong.status_code == 400 and "答案不正确" in wrong.content.decode() and not Question.objects.exists()
    token, answer = challenge(wrong)
    accepted = client.post(URL, question_form_data(**trap, check_token=token, check_answer=str(answer)))
    assert accepted.status_code == 302 and Question.objects.get().subject == ASKER["subject"]


def test_a_question_is_answered_once(client, portal):
    token, answer = challenge(client.post(URL, question_form_data(homepage="x")))
    first = client.post(URL, question_form_data(homepage="x", check_token=token, check_answer="999"))
    replay = client.post(URL, question_form_data(homepage="x", check_token=token, check_answer=str(answer)))
    assert "答案不正确" in first.content.decode()
    assert replay.status_code == 400 and "该验证问题已使用" in replay.content.decode()
    assert not Question.objects.exists()


def test_a_forged_or_other_forms_token_is_not_an_answer(client, portal, settings):
    other = antispam.ask("consultation-comment")
    answer = antispam.signing.loads(other.token, salt=antispam.SALT)["a"]
    response = client.post(URL, question_form_data(homepage="x", check_token=other.token, check_answer=str(answer)))
    forged = client.post(URL, question_form_data(homepage="x", check_token=other.token[:-2] + "zz", check_answer="3"))
    assert response.status_code == forged.status_code == 400 and not Question.objects.exists()


def test_over_the_limit_a_person_answers_and_past_the_hard_limit_it_refuses(client, portal, settings):
    settings.INTERACTION_THROTTLE_RATE = (2, 3600)
    for n in range(2):
        assert client.post(URL, question_form_data(idempotency_key=f"t{n}")).status_code == 302
    over = client.post(URL, question_form_data(idempotency_key="t2"))
    assert over.status_code == 429 and "您的提交次数较多" in over.content.decode()
    assert Question.objects.count() == 2
    token, answer = challenge(over)
    assert (
        client.post(
            URL, question_form_data(idempotency_key="t2", check_token=token, check_answer=f"{answer}")
        ).status_code
        == 302
    )
    assert Question.objects.count() == 3
    codes = [client.post(URL, question_form_data(idempotency_key=f"x{n}")).status_code for n in range(5)]
    assert codes == [429] * 5
    refused = client.post(URL, question_form_data(idempotency_key="x9"))
    assert refused.status_code == 429 and "请求过于频繁" in refused.content.decode()
    assert "验证问题" not in refused.content.decode() and Question.objects.count() == 3


def test_the_opinion_form_has_the_same_guard(client, consultation):
    url = f"/hudong/zhengji/{consultation.pk}/"
    assert 'name="homepage"' in client.get(url).content.decode()
    trapped = client.post(url, {"content": "建议缩短审批时限", "homepage": "x", "idempotency_key": "o1"})
    assert trapped.status_code == 400 and "建议缩短审批时限" in trapped.content.decode()
    assert not ConsultationComment.objects.exists()
    token, answer = challenge(trapped)
    again = {"content": "建议缩短审批时限", "homepage": "x", "idempotency_key": "o1", "check_token": token}
    solved = client.post(url, {**again, "check_answer": str(answer)})
    assert "您的意见已提交" in solved.content.decode() and ConsultationComment.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "number"),
    [("7", 7), (" １２ ", 12), ("七", 7), ("十", 10), ("十二", 12), ("一十五", 15), ("十七。", 17), ("零", 0)],
)
def test_answers_are_read_as_people_type_them(typed, number):
    assert antispam.parse_number(typed) == number


@pytest.mark.parametrize("typed", ["", "七七", "十十", "二十二十", "seven", "3.5", "百"])
def test_what_is_not_a_number_is_not_an_answer(typed):
    assert antispam.parse_number(typed) is None
