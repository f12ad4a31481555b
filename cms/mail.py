"""The one way the project sends e-mail (console backend unless EMAIL_BACKEND says otherwise).

A leaf module: it imports no app, so every layer may use it. Mail is a side effect of work
that has already happened: a failure is logged and never undoes that work.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

logger = logging.getLogger(__name__)


def send_now(messages, what="通知邮件"):
    """Send ``[(subject, body, recipients), …]`` at once, skipping empty recipient lists.

    Returns how many messages went out; 0 when the mail server refused (logged as ``what``).
    """
    emails = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, list(recipients))
        for subject, body, recipients in messages
        if recipients
    ]
    if not emails:
        return 0
    try:
        return get_connection().send_messages(emails) or 0
    except Exception:
        logger.exception("%s发送失败：%s", what, "；".join(e.subject for e in emails))
        return 0


def send_after_commit(messages, what="通知邮件"):
    """Send once the current transaction commits (at once outside one): a rolled-back change
    mails nobody, and a submission is stored before anyone is told about it."""
    messages = list(messages)
    transaction.on_commit(lambda: send_now(messages, what))
