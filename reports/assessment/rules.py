"""The 考核 scoring rules in one place: the indicators, what each counts and its weight.

Each indicator gives a department a rate (达标数 ÷ 考核数) for the period; its score is the rate
× 100. The department's total is the weighted mean of the indicators that had something to
count — an indicator with nothing to count (no request assigned, say) is left out and its weight
shared by the others in proportion — so the total is also 0–100. Weights in force, per portal:
the office's (``reports.AssessmentWeights``, set on the 考核 page), else ``ASSESSMENT_WEIGHTS`` in
the settings (``{"timeliness": 40, …}``), else the defaults below.
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


# 五公开 types that disclose what was done and what came of it (the report's 避实就虚 is an item
# that only ever shows 决策/依据 or 程序 — 管理、服务 — or no type at all).
SUBSTANTIVE_FIVE_PUBLIC = ("执行公开", "结果公开")
# Guards whose refusal lowers the score (content safety and metadata are matters of form).
REFUSING_GUARDS = ("密级", "个人信息")

INDICATORS = (
    Indicator(
        "timeliness",
        "发布及时性",
        20,
        "期内发布、填写了成文日期的本部门信息（发布机构为本部门）",
        "在所属事项的公开时限内发布（成文日期起计工作日，未规定的按20个工作日）",
    ),
    Indicator(
        "completeness",
        "栏目完整性",
        20,
        "本部门负责的应公开栏目（适用本级、主动公开、未标“未涉及”）",
        "期末既非空白栏目，也未超过栏目更新要求（与网站自查同一口径）",
    ),
    Indicator(
        "substance",
        "公开实质性",
        15,
        "截至期末本部门发布过信息的事项（目录末级事项）",
        "该事项下本部门至少有一条“执行公开”或“结果公开”的信息；只有决策、管理、服务公开或未标类型的，视为避实就虚",
    ),
    Indicator(
        "requests",
        "依申请公开按时答复",
        15,
        "期内答复的、以及答复期限在期内且期末仍未答复的本部门依申请公开申请",
        "在答复期限内答复",
    ),
    Indicator(
        "questions",
        "政务咨询按时答复",
        10,
        "期内答复的、以及答复期限在期内且期末仍未答复的本部门政务咨询",
        "在答复期限内答复",
    ),
    Indicator(
        "refusals",
        "保密与个人信息审查",
        10,
        "期内有发布审查记录（通过或被拒绝）的本部门信息，每条信息计一次",
        "期内未因密级或个人信息被拒绝发布",
    ),
    Indicator(
        "interpretation",
        "政策解读率",
        10,
        "期内发布的本部门政策文件（政策文件栏目下的文件，与政策文件库同一规则）",
        "已有公开的政策解读关联该文件",
    ),
)
KEYS = tuple(i.key for i in INDICATORS)


def default_weights():
    """The weights from the rules, replaced by ``ASSESSMENT_WEIGHTS`` in the settings."""
    overrides = getattr(settings, "ASSESSMENT_WEIGHTS", {}) or {}
    return {i.key: int(overrides.get(i.key, i.weight)) for i in INDICATORS}


def weights_for(portal):
    """The weights in force for ``portal``: the office's, else the defaults (key by key)."""
    weights = default_weights()
    if portal is not None:
        from ..models import AssessmentWeights

        stored = AssessmentWeights.objects.filter(portal=portal).values_list("weights", flat=True).first() or {}
        weights.update({k: int(v) for k, v in stored.items() if k in weights})
    return weights


def indicators(portal=None):
    """The indicators with the weights in force (for ``portal``, or the defaults)."""
    weights = weights_for(portal)
    return [Indicator(i.key, i.name, weights[i.key], i.counts, i.meets) for i in INDICATORS]


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
