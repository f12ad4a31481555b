"""Fixtures for disclosure on request: a portal with departments, applicants' data, time travel."""

import datetime
import zoneinfo

import pytest
import time_machine

from disclosure_requests import services

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

PERSON = {
    "applicant_type": "person",
    "applicant_name": "张三丰",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13912345678",
    "email": "zhang@example.com",
    "address": "测试镇幸福路8号",
    "description": "2025年本镇最低生活保障资金发放情况",
    "purpose": "了解政策",
    "preferred_form": "electronic",
    "delivery": "email",
}


def travel(day, hour=10):
    """Freeze "now" at ``day`` (a date or ISO string) in Beijing time."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def applicant():
    return dict(PERSON)


@pytest.fixture
def submit(portal):
    """submit(on="YYYY-MM-DD", **overrides) → a stored online request received that day."""

    def _submit(on="2025-03-03", channel="online", received_on=None, key=None, files=(), **overrides):
        data = dict(PERSON, **overrides)
        with travel(on):
            disclosure_request, created = services.submit_request(
                portal, data, attachments=files, channel=channel, received_on=received_on, idempotency_key=key
            )
        return disclosure_request

    return _submit


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Applicants' files go to a throw-away directory."""
    settings.DISCLOSURE_PRIVATE_ROOT = tmp_path / "private"
    return settings.DISCLOSURE_PRIVATE_ROOT
