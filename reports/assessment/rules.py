"""The 考核 scoring rules in one place: the indicators, what each counts and its weight.

Each indicator gives a department a rate (达标数 ÷ 考核数) for the period; its score is the rate
× 100. The department's total is the weighted mean of the indicators that had something to
count — an indicator with nothing to count (no request assigned, say) is left out and its weight
shared by the others in proportion — so the total is also 0–100. ``ASSESSMENT_WEIGHTS`` in the
settings (``{"timeliness": 40, …}``) replaces weights without touching the rules.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    weight: int
    counts: str  # what the denominator counts (shown on the page and in the export)
    meets: str  # what counts as 达标


INDICATORS = (
    Indicator(
        "timeliness",
        "发布及时性",
        30,
        "期内发布、填写了成文日期的本部门信息（发布机构为本部门）",
        "在所属事项的公开时限内发布（成文日期起计工作日，未规定的按20个工作日）",
    ),
    Indicator(
        "completeness",
        "栏目完整性",
        30,
        "本部门负责的应公开栏目（适用本级、主动公开、未标“未涉及”）",
        "期末既非空白栏目，也未超过栏目更新要求（与网站自查同一口径）",
    ),
    Indicator(
        "requests",
        "依申请公开按时答复",
        20,
        "期内答复的、以及答复期限在期内且期末仍未答复的本部门依申请公开申请",
        "在答复期限内答复",
    ),
    Indicator(
        "questions",
        "政务咨询按时答复",
        20,
        "期内答复的、以及答复期限在期内且期末仍未答复的本部门政务咨询",
        "在答复期限内答复",
    ),
)


def indicators():
    """The indicators with the weights in force (settings may override them)."""
    overrides = getattr(settings, "ASSESSMENT_WEIGHTS", {}) or {}
    return [Indicator(i.key, i.name, int(overrides.get(i.key, i.weight)), i.counts, i.meets) for i in INDICATORS]


def indicator_score(met, counted):
    """Rate × 100, one decimal; ``None`` when there was nothing to count."""
    if not counted:
        return None
    return round(100 * met / counted, 1)


def total_score(scores, weights):
    """Weighted mean of the indicators that were scored; ``None`` if none was."""
    scored = [(scores[key], weights[key]) for key in weights if scores.get(key) is not None and weights[key]]
    if not scored:
        return None
    return round(sum(score * weight for score, weight in scored) / sum(weight for _, weight in scored), 1)
