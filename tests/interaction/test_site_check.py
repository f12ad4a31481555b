"""网站自查 (reports) sees the interaction app's veto item through the register_site_checks hook."""

import datetime

from reports.site_check import run_site_check

D = datetime.date.fromisoformat


def finding(portal, on):
    return next(f for f in run_site_check(portal, on, keys={"unanswered_questions"}).findings)


def test_a_question_open_for_three_months_vetoes_the_site(ask, portal):
    old = ask(on="2025-01-06", subject="三个月前的留言")
    ask(on="2025-04-28", subject="新近的留言")

    before = finding(portal, D("2025-04-05"))  # not yet 3 months
    assert (before.status, before.count) == ("ok", 0)

    after = finding(portal, D("2025-05-08"))
    assert after.status == "veto" and after.count == 1
    assert [row["text"] for row in after.rows] == [old.subject]
    assert after.rows[0]["url"] == f"/admin/interaction/questions/{old.pk}/"


def test_the_indicator_is_checked_once_the_app_is_installed(portal):
    result = finding(portal, D("2025-05-08"))
    assert not result.skipped and result.status == "ok"
