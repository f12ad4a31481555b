"""The answer forms of 条例 Arts. 30, 35–39 (答复形式): which report categories each may be counted
in, the details each needs, the wording of its 答复书, and the 复议/诉讼 remedy wording.

The report category (answers.ANSWER_TYPES) says how table (三) counts an answer; the form says what
the 答复书 must tell the applicant. Several forms share a category (已主动公开 and 予以公开 are both
予以公开; 经检索没有 and 非本机关负责公开 are both 无法提供 1)."""

from dataclasses import dataclass

from .answers import ANSWER_TYPE_CODES

REGULATION = "《中华人民共和国政府信息公开条例》"

# Detail fields an answer form may need: key → label (the admin's field, the error message).
DETAIL_LABELS = {
    "where": "获取途径（网址、栏目、公开栏位置或出版物名称）",
    "reasons": "理由",
    "legal_basis": "法律依据",
    "responsible_body": "负责公开该信息的机关名称",
    "responsible_contact": "该机关的联系方式",
    "channel": "应当通过的渠道或程序",
    "previous_answer": "此前答复（文号或日期）",
    # Art. 32: disclosing over a third party's objection — what is disclosed and why (public interest).
    "disclosed_content": "决定公开的政府信息内容（告知第三方）",
    "public_interest": "不公开可能对公共利益造成重大影响的理由（告知第三方）",
}
OVERRIDE_FIELDS = ("disclosed_content", "public_interest")

# The usual legal basis of each 不予公开 reason; the office may write a more precise one.
WITHHOLD_BASIS = {
    "withhold_1": f"{REGULATION}第十四条",
    "withhold_2": f"{REGULATION}第十四条",
    "withhold_3": f"{REGULATION}第十四条",
    "withhold_4": f"{REGULATION}第十五条",
    "withhold_5": f"{REGULATION}第十六条第一款",
    "withhold_6": f"{REGULATION}第十六条第二款",
    "withhold_7": f"{REGULATION}第十六条第二款",
}

_WITHHOLD = tuple(WITHHOLD_BASIS)


@dataclass(frozen=True)
class AnswerKind:
    code: str
    label: str
    answer_types: tuple  # the report categories this form may be counted in
    required: tuple = ()  # detail keys the 答复书 cannot do without
    wording: str = ""  # the form's own paragraph of the 答复书 (placeholders in braces)


ANSWER_KINDS = [
    AnswerKind(
        "provide",
        "予以公开（第三十六条第二项）",
        ("disclose",),
        (),
        f"您申请获取的政府信息属于公开范围。根据{REGULATION}第三十六条第（二）项的规定，"
        "现向您提供该政府信息：\n{entries}",
    ),
    AnswerKind(
        "proactive",
        "已主动公开（第三十六条第一项）",
        ("disclose",),
        ("where",),
        f"您申请获取的政府信息已经主动公开。根据{REGULATION}第三十六条第（一）项的规定，"
        "您可以通过以下途径获取：{where}\n{entries}",
    ),
    AnswerKind(
        "partial",
        "部分公开（第三十七条）",
        ("partial",),
        ("reasons", "legal_basis"),
        "您申请获取的政府信息中有部分内容不予公开，理由是：{reasons}；依据：{legal_basis}。"
        f"根据{REGULATION}第三十七条的规定，本机关对可以公开的部分予以提供：\n{{entries}}",
    ),
    AnswerKind(
        "withhold",
        "不予公开（第三十六条第三项）",
        _WITHHOLD,
        ("reasons", "legal_basis"),
        "您申请获取的政府信息不予公开，理由是：{reasons}。"
        f"根据{{legal_basis}}和{REGULATION}第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    AnswerKind(
        "not_held",
        "经检索没有所申请信息（第三十六条第四项）",
        ("unable_1",),
        (),
        f"经检索，本机关没有您申请公开的政府信息。根据{REGULATION}第三十六条第（四）项的规定，特此告知。",
    ),
    AnswerKind(
        "not_ours",
        "不属于本机关负责公开（第三十六条第五项）",
        ("unable_1",),
        ("responsible_body", "responsible_contact"),
        f"您申请获取的政府信息不属于本机关负责公开。根据{REGULATION}第三十六条第（五）项的规定，"
        "负责公开该政府信息的行政机关是{responsible_body}，联系方式：{responsible_contact}。"
        "您可以向该机关提出申请。",
    ),
    AnswerKind(
        "no_ready",
        "需另行制作（第三十八条）",
        ("unable_2",),
        (),
        "您申请获取的信息需要本机关对现有政府信息进行加工、分析后方能形成。"
        f"根据{REGULATION}第三十八条的规定，本机关不予提供。",
    ),
    AnswerKind(
        "unclear",
        "补正后仍不明确（第三十条）",
        ("unable_3",),
        (),
        "本机关已于{correction_notified_on}告知您补正申请，补正后的申请内容仍不明确，无法确定您所需的政府信息。"
        f"根据{REGULATION}第三十条的规定，本机关无法提供。",
    ),
    AnswerKind(
        "repeat",
        "重复申请（第三十六条第六项）",
        ("reject_2",),
        ("previous_answer",),
        "本机关已就您提出的相同政府信息公开申请作出答复（{previous_answer}）。"
        f"根据{REGULATION}第三十六条第（六）项的规定，本机关不予重复处理。",
    ),
    AnswerKind(
        "special",
        "适用特别程序（第三十六条第七项）",
        ("withhold_8",),
        ("legal_basis", "channel"),
        "您申请获取的信息，{legal_basis}对信息的获取有特别规定。"
        f"根据{REGULATION}第三十六条第（七）项的规定，请您依照有关规定办理：{{channel}}",
    ),
    AnswerKind(
        "petition",
        "信访、投诉、举报（第三十九条第一款）",
        ("reject_1",),
        ("channel",),
        "您以政府信息公开申请的形式提出的是信访、投诉、举报事项。"
        f"根据{REGULATION}第三十九条第一款的规定，本机关不作为政府信息公开申请处理，"
        "请您通过以下渠道提出：{channel}",
    ),
    AnswerKind(
        "publication",
        "公开出版物（第三十九条第二款）",
        ("reject_3",),
        ("where",),
        "您申请获取的是公开出版物。"
        f"根据{REGULATION}第三十九条第二款的规定，本机关不作为政府信息公开申请处理，您可以通过以下途径获取：{{where}}",
    ),
    AnswerKind(
        "mass",
        "数量、频次明显超过合理范围（第三十五条）",
        ("reject_4",),
        ("reasons",),
        "您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由。经审查，您说明的理由不合理："
        f"{{reasons}}。根据{REGULATION}第三十五条的规定，本机关不予处理。",
    ),
    AnswerKind(
        "confirm",
        "要求确认或重新出具已获取信息",
        ("reject_5",),
        (),
        "您要求本机关对已获取的政府信息进行确认或者重新出具，不属于政府信息公开申请的范围，本机关不予处理。",
    ),
    AnswerKind("other", "其他处理", ("other_3",), ("reasons",), "{reasons}"),
]
KINDS = {kind.code: kind for kind in ANSWER_KINDS}
assert all(t in ANSWER_TYPE_CODES for kind in ANSWER_KINDS for t in kind.answer_types)


def kind_choices():
    return [(kind.code, kind.label) for kind in ANSWER_KINDS]


def default_kind(answer_type):
    """The form an answer of this category takes unless the office picks another (the first listed)."""
    return next((kind.code for kind in ANSWER_KINDS if answer_type in kind.answer_types), "")


def clean_details(answer_type, kind_code, details):
    """(kind code, details) with the defaults filled in, or a dict of {field: Chinese error}."""
    kind_code = kind_code or default_kind(answer_type)
    details = {k: (v or "").strip() for k, v in (details or {}).items() if k in DETAIL_LABELS}
    kind = KINDS.get(kind_code)
    if kind is None:
        return kind_code, details, {"answer_kind": "请选择答复形式"}
    if answer_type not in kind.answer_types:
        return kind_code, details, {"answer_kind": f"答复形式“{kind.label}”与所选办理结果不一致"}
    if answer_type in WITHHOLD_BASIS and not details.get("legal_basis"):
        details["legal_basis"] = WITHHOLD_BASIS[answer_type]
    errors = {key: f"{kind.label}的答复须填写{DETAIL_LABELS[key]}" for key in kind.required if not details.get(key)}
    return kind_code, details, errors


# -- 复议 / 诉讼 --------------------------------------------------------------------------------

# 行政复议法 (2023) Art. 23 ¶1 (4): against a refusal to disclose, review comes before litigation.
REVIEW_FIRST_TYPES = frozenset(("partial",) + _WITHHOLD + ("withhold_8",))


def remedy_text(answer_type, review_body="", court=""):
    review_body = review_body or "行政复议机关"
    if answer_type in REVIEW_FIRST_TYPES:
        return (
            f"如对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议；"
            "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼。"
            "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，对不予公开的答复应当先申请行政复议。"
        )
    return (
        f"如对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议，"
        f"或者自收到本答复之日起六个月内向{court or '有管辖权的人民法院'}提起行政诉讼。"
    )


# -- the seeded templates -----------------------------------------------------------------------

TEMPLATE_HEAD = (
    "{applicant_name}：\n"
    "本机关于{received_on}收到您提出的政府信息公开申请（查询码：{tracking_code}），申请获取：{description}\n"
    "经审查，现答复如下：\n"
)
TEMPLATE_TAIL = "\n{answer_text}\n{remedy}\n{body_name}\n{answered_on}"


def template_body(kind):
    return TEMPLATE_HEAD + kind.wording + TEMPLATE_TAIL
