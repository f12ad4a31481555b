"""The 109号 fee standard: the calculator, its command (the measurement contract), the same
applicant counted per calendar month, and the notice only within the answer period."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from disclosure_requests import services
from disclosure_requests.fee_schedule import fee_by_item, fee_by_page

from ..factories import make_user, travel

D = datetime.date.fromisoformat


@pytest.mark.parametrize(
    "nth, fee",
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (35, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_fee_by_item(nth, fee):
    assert fee_by_item(nth) == Decimal(fee)


def test_the_calculator_refuses_a_count_below_one_and_negative_pages():
    with pytest.raises(ValueError, match="^申请序号须为正整数$"):
        fee_by_item(0)
    with pytest.raises(ValueError, match="^页数不能为负数$"):
        fee_by_page(-1)


@pytest.mark.parametrize(
    "pages, fee",
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (150, 1700), (200, 2700), (201, 2740), (250, 4700)],
)
def test_fee_by_page_charges_each_band_on_its_own_part(pages, fee):
    assert fee_by_page(pages) == Decimal(fee)


@pytest.mark.parametrize(
    "args, printed",
    [
        (["--by", "item", "--nth", "11"], "100"),
        (["--by", "item", "--nth", "35"], "200"),
        (["--by", "page", "--pages", "31"], "10"),
        (["--by", "page", "--pages", "150"], "1700"),
        (["--by", "page", "--pages", "250"], "4700"),
        (["--by", "page", "--pages", "3"], "0"),
    ],
)
def test_command_prints_one_number(args, printed):
    out = StringIO()
    call_command("disclosure_fee", *args, stdout=out)
    assert out.getvalue() == printed + "\n"


def test_command_needs_its_quantity():
    with pytest.raises(CommandError, match="--nth"):
        call_command("disclosure_fee", "--by", "item")
    with pytest.raises(CommandError, match="--pages"):
        call_command("disclosure_fee", "--by", "page", "--pages", "-1")


def test_per_item_counts_the_applicants_requests_of_the_month_by_id_number(submit, portal):
    office = make_user("fee_schedule_office", superuser=True)
    submit(on="2025-02-27", description="二月")  # another month
    submit(on="2025-03-03", description="别人", id_number="110105199001010011")  # another applicant
    mine = [submit(on=f"2025-03-{day:02d}", description=f"第{i}件") for i, day in enumerate(range(3, 14))]
    # The same person, the ID typed with a space and lower case: still the 11th of March.
    assert [services.applicant_month_number(r) for r in mine] == list(range(1, 12))
    with travel("2025-03-14"):
        with pytest.raises(services.RequestError, match="第10件申请，按国办函〔2020〕109号标准不收费"):
            services.issue_fee_notice(mine[9], office, method="per_request")
        charged = services.issue_fee_notice(mine[10], office, method="per_request")
    assert charged.fee == Decimal("100.00") and charged.fee_method == "per_request" and charged.fee_pages is None


def test_the_same_applicant_is_found_whatever_the_id_formatting(submit):
    first = submit(on="2025-03-03", description="一", id_number="11010519491231002x")
    second = submit(on="2025-03-04", description="二", id_number="110105 19491231002X")
    assert services.applicant_month_number(first) == 1 and services.applicant_month_number(second) == 2


def test_payment_period_runs_from_the_day_after_the_applicant_receives_the_notice(submit):
    office = make_user("fee_schedule_office2", superuser=True)
    with travel("2025-03-10"):
        stored = services.issue_fee_notice(
            submit(on="2025-03-03"),
            office,
            method="per_volume",
            pages=31,
            notified_on=D("2025-03-05"),
            received_on=D("2025-03-07"),
        )
    # 20 working days from 10 March (the day after Friday 7 March) → 4 April is 清明 (holiday) → 7 April.
    assert stored.fee_notice_received_on == D("2025-03-07") and stored.fee_due_on == D("2025-04-07")


def test_fee_notice_and_extension_only_before_the_deadline_has_passed(submit):
    office = make_user("fee_schedule_office3", superuser=True)
    stored = submit(on="2025-03-03")  # due 31 March
    with travel("2025-04-01"):
        with pytest.raises(services.RequestError, match="答复期限（2025-03-31）已过，不能发出收费通知"):
            services.issue_fee_notice(stored, office, method="per_volume", pages=45)
        with pytest.raises(services.RequestError, match="答复期限（2025-03-31）已过，不能延期"):
            services.extend(stored, office, 10, "量大", D("2025-04-01"))
    with travel("2025-03-31"):  # the last day still counts
        assert services.extend(stored, office, 10, "量大", D("2025-03-31")).extension_days == 10
    # A notice dated after the deadline is refused even when entered in time.
    late = submit(on="2025-03-03", description="另一件")
    with travel("2025-03-31"):
        late.due_on = D("2025-03-28")
        late.save(update_fields=["due_on"])
        with pytest.raises(services.RequestError, match="答复期限（2025-03-28）已过，不能发出收费通知"):
            services.issue_fee_notice(late, office, method="per_volume", pages=45)
