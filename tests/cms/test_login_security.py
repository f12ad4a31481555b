"""Login lockout on /admin/login/ (django-axes, per account and per client address, Chinese
message, cool-off) and Django's password validators in Chinese (issue 12, finding 11)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from ..factories import make_user

LOGIN = "/admin/login/"


@pytest.fixture
def editor(db, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    user = make_user("wang_editor")
    user.is_staff = True
    user.set_password("Correct-horse-42")
    user.save()
    return user


def attempt(client, username, password, address="10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_account_locks_after_the_limit_and_unlocks_after_the_cool_off(editor):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client = Client()
        for _ in range(4):
            wrong = attempt(client, "wang_editor", "guess")
            assert wrong.status_code == 200 and "锁定" not in wrong.content.decode()
        fifth = attempt(client, "wang_editor", "guess")
        assert fifth.status_code == 429
        page = fifth.content.decode()
        assert "登录失败次数过多（连续 5 次），该账号或本机地址已被暂时锁定。请 15 分钟后再试" in page
        assert 'value="wang_editor"' in page  # the login form again, username kept
        # Locked: the right password does not get in — from this address or from another one.
        assert attempt(client, "wang_editor", "Correct-horse-42").status_code == 429
        other = Client()
        assert attempt(other, "wang_editor", "Correct-horse-42", address="10.0.0.99").status_code == 429
        assert "_auth_user_id" not in other.session
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        client = Client()
        assert signed_in(attempt(client, "wang_editor", "Correct-horse-42"))


def test_one_address_guessing_many_accounts_is_locked(editor):
    make_user("li_reviewer")
    client = Client()
    for name in ("a", "b", "c", "d", "e"):
        attempt(client, name, "guess", address="10.0.0.66")
    # That address is locked even for a real account with its right password; others are not.
    assert attempt(client, "wang_editor", "Correct-horse-42", address="10.0.0.66").status_code == 429
    assert signed_in(attempt(Client(), "wang_editor", "Correct-horse-42", address="10.0.0.67"))


def test_a_success_resets_the_count(editor):
    client = Client()
    for _ in range(4):
        attempt(client, "wang_editor", "guess")
    assert signed_in(attempt(client, "wang_editor", "Correct-horse-42"))
    client = Client()
    for _ in range(4):
        assert attempt(client, "wang_editor", "guess").status_code == 200


def test_behind_a_trusted_proxy_the_client_address_counts(editor, settings):
    """With TRUSTED_PROXIES every client no longer shares the proxy's address (one lock for all)."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client = Client()
    for name in ("a", "b", "c", "d", "e"):
        client.post(
            LOGIN,
            {"username": name, "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    locked = client.post(
        LOGIN, {"username": "wang_editor", "password": "Correct-horse-42"}, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert locked.status_code == 429
    # A forged left-most hop does not escape the lock: the proxy appended the real address.
    forged = client.post(
        LOGIN,
        {"username": "wang_editor", "password": "Correct-horse-42"},
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",
    )
    assert forged.status_code == 429
    assert signed_in(
        Client().post(
            LOGIN, {"username": "wang_editor", "password": "Correct-horse-42"}, HTTP_X_FORWARDED_FOR="203.0.113.10"
        )
    )


@pytest.mark.parametrize(
    "password, message",
    [
        ("abc12", "密码长度太短。密码必须包含至少 8 个字符。"),
        ("password123", "这个密码太常见了。"),
        ("3141592653589", "密码只包含数字。"),
        ("wang_editor1", "密码跟 用户名 太相似了。"),
    ],
)
def test_password_rules_in_chinese(db, password, message):
    user = make_user("wang_editor")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert message in refused.value.messages


def test_weak_password_refused_in_the_admin_in_chinese(portal, client):
    admin = make_user("root", superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/users/new/",
        {
            "username": "new_clerk",
            "email": "clerk@example.com",
            "first_name": "新",
            "last_name": "员",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "这个密码太常见了。" in page and "密码只包含数字。" in page
