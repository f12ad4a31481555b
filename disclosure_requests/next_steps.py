"""What the handling page tells its user to do next (in Chinese), and the draft answer waiting
for the office's 签发 with its preview. Reads the request only; the actions stay the
transitions table's (transitions.py)."""

from . import services, transitions
from .answers import answer_type_display
from .models import RequestState

S = RequestState
SIGN_OFF_ACTIONS = ("sign_off", "return_answer")


def done_text(name, result):
    """The confirmation after an action."""
    from .actions import ACTIONS

    if name == "answer":
        return "已拟定答复，已提交政务公开办签发"
    if name == "sign_off":
        return f"答复已签发：文号 {result.answer_number}，答复书已生成。下一步：盖章后送达申请人并登记送达"
    if name == "return_answer":
        return "已退回拟定的答复，承办部门将修改后重新拟定"
    return f"{ACTIONS[name].label}：已完成"


def next_step(obj, office):
    """One sentence: the next thing this user does on this request, or who is to act."""
    department = obj.department.name if obj.department_id else ""
    due = obj.due_display()
    if obj.state in (S.CLOSED, S.WITHDRAWN, S.ABANDONED):
        tail = "可下载案卷归档，或返回申请列表办理其他申请。" if office else "请返回申请列表办理其他申请。"
        return f"本申请已办结（{obj.get_state_display()}），无需再操作。{tail}"
    if obj.state == S.ANSWERED:
        if obj.delivered_on:
            return "答复书已送达申请人。下一步：在下方「结案」。"
        return "答复已签发。下一步：下载答复书，盖章后送达申请人，在下方「登记送达」，再「结案」。"
    if obj.state == S.CORRECTION:
        return f"等待申请人补正（补正截止 {obj.correction_due_on}）。收到补正材料后在下方「收到补正」登记。"
    if obj.state == S.CONSULTING:
        return "正在征求意见，期间不计入答复期限。收到意见或期限届满后在下方「征求意见结束」登记。"
    if obj.answer_draft:
        who = obj.answer_draft.get("prepared_by_name", "")
        if office:
            return (
                f"{who}已拟定答复，待您签发。下一步：核对下方答复书预览，无误后点击「签发答复」；"
                "有问题请填写修改意见后「退回拟定的答复」。"
            )
        return f"答复已拟定（{who}），等待政务公开办签发。签发前如需修改，可在下方重新「拟定答复」。"
    if office and not department and on_the_spot_possible(obj):
        return (
            f"申请人当面或口头提出的申请（答复期限 {due}）。能够当场答复的，应当当场答复（第三十三条）："
            "在下方「当场答复」选择办理结果；不能当场答复的，「分派承办部门」。"
        )
    if office and not department:
        return (
            f"新收到的申请（答复期限 {due}）。下一步：在下方「分派承办部门」；"
            "申请内容不明确的，先「告知补正」（收到后7个工作日内一次性告知）。"
        )
    if office:
        return (
            f"{department}正在办理（答复期限 {due}）。承办部门拟定答复后，您在本页预览并签发；"
            "也可由政务公开办直接在下方「拟定答复」。"
        )
    return (
        f"本申请由{department}承办，答复期限 {due}。下一步：查找、核实所申请的信息后，在下方「拟定答复」"
        "选择办理结果并填写要素，提交政务公开办签发。"
    )


def on_the_spot_possible(obj):
    """At the counter on the day the request is made (the transitions table decides)."""
    return not transitions.refusal(obj, "answer_on_the_spot")


def primary_action(obj, office):
    """The action the next step names, shown open on the handling page."""
    if obj.state == S.ANSWERED:
        return "close" if obj.delivered_on else "deliver"
    if obj.state == S.CORRECTION:
        return "corrected"
    if obj.state == S.CONSULTING:
        return "consult_end"
    if obj.answer_draft and office:
        return "sign_off"
    if office and not obj.department_id and on_the_spot_possible(obj):
        return "answer_on_the_spot"
    if office and not obj.department_id and obj.state in (S.RECEIVED, S.PROCESSING):
        return "assign"
    return "answer" if obj.state in (S.RECEIVED, S.PROCESSING, S.EXTENDED) else ""


def draft_context(obj, forms_):
    """The draft awaiting 签发 (with the preview of its 答复书) and the forms split into the
    sign-off forms shown beside the preview and the other actions."""
    preview = services.draft_preview(obj) if obj.answer_draft else None
    return {
        "draft": obj.answer_draft,
        "draft_label": answer_type_display(obj.answer_draft.get("answer_type", "")),
        "draft_title": preview[0] if preview else "",
        "draft_lines": preview[1] if preview else [],
        "sign_off_forms": [f for f in forms_ if f["name"] in SIGN_OFF_ACTIONS],
        "forms": [f for f in forms_ if f["name"] not in SIGN_OFF_ACTIONS],
    }
