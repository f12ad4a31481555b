"""Table (四) (issue 16): a 复议后起诉 case where the body is only co-defendant as 复议机关 is marked
and left to the original body's report."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reports import annual
from reports.models import ReviewLitigationCase

D = datetime.date.fromisoformat
K = ReviewLitigationCase.Kind


def _case(portal, kind, number, co_defendant=False):
    case = ReviewLitigationCase(
        portal=portal, kind=kind, case_number=number, filed_on=D("2025-04-01"), review_body_co_defendant=co_defendant
    )
    case.full_clean()
    case.save()
    return case


def test_a_case_as_co_defendant_review_body_is_not_counted(portal):
    _case(portal, K.LITIGATION_AFTER_REVIEW, "（2025）皖1702行初1号")
    _case(portal, K.LITIGATION_AFTER_REVIEW, "（2025）皖1702行初2号", co_defendant=True)
    rows = annual.build_annual_report(portal, 2025)["table4"]["rows"]
    assert rows["行政诉讼·复议后起诉"] == [0, 0, 0, 1, 1]


def test_only_a_lawsuit_after_review_can_be_marked(portal):
    with pytest.raises(ValidationError) as raised:
        _case(portal, K.REVIEW, "某复字〔2025〕1号", co_defendant=True)
    assert "复议后起诉" in raised.value.message_dict["review_body_co_defendant"][0]
