"""Demo disclosure requests for ``load_demo``: answered ones over the last year and a half (so
table (三) of the annual report and the statistics have figures), and open ones that are
overdue, due soon and just received (so the dashboard shows its alerts). Dates are relative
to today; running it again adds nothing."""

import datetime

from . import services
from .models import DisclosureRequest

# (days ago received, days ago answered or None, answer type, applicant kind, department, description)
DEMO_REQUESTS = [
    (420, 405, "disclose", "person", "民政办", "本镇2024年度最低生活保障资金发放明细"),
    (385, 365, "partial", "business", "城建所", "清河镇老街改造项目招标文件及中标结果"),
    (335, 318, "withhold_4", "person", "国土所", "某村集体土地征收涉及的个人补偿协议"),
    (300, 282, "unable_1", "legal", "司法所", "本镇2019年以前的人民调解卷宗目录"),
    (210, 196, "reject_2", "nonprofit", "民政办", "本镇2024年度最低生活保障资金发放明细"),
    (150, 131, "disclose", "research", "农技站", "近三年耕地地力保护补贴发放标准和面积"),
    (90, 70, "other_3", "person", "财政所", "本镇2025年部门预算中的“三公”经费明细"),
    (36, None, None, "person", "民政办", "2026年临时救助对象名单及救助金额"),
    (24, None, None, "business", "财政所", "2026年政府采购项目合同公开情况"),
    (2, None, None, "person", None, "本镇义务教育阶段学校划片招生范围"),
]

# What the 答复书 of those answer forms needs (answer_kinds.py).
DEMO_DETAILS = {
    "partial": {
        "reasons": "投标文件中含有投标人的商业秘密",
        "legal_basis": "《中华人民共和国政府信息公开条例》第十五条",
    },
    "withhold_4": {"reasons": "补偿协议含有被征收人的个人信息，公开会损害其合法权益"},
    "reject_2": {"previous_answer": "本机关已于去年就相同申请作出答复"},
    "other_3": {"reasons": "申请人已撤回申请"},
}


def load_demo_requests(portal, user):
    if DisclosureRequest.objects.filter(portal=portal).exists():
        return 0
    today = services.today()
    created = 0
    for number, (received, answered, answer_type, kind, department_name, description) in enumerate(
        DEMO_REQUESTS, start=1
    ):
        data = {
            "applicant_type": "person" if kind == "person" else "organization",
            "organization_kind": "" if kind == "person" else kind,
            "applicant_name": "王某某" if kind == "person" else f"演示单位{number}",
            "id_type": "resident_id" if kind == "person" else "credit_code",
            "id_number": "34170219800101123X" if kind == "person" else f"91341702MA2N{number:05d}X",
            "phone": f"1390000{number:04d}",
            "address": "清河镇幸福路8号",
            "description": description,
            "preferred_form": "paper",
            "delivery": "post",
        }
        disclosure_request, _ = services.submit_request(
            portal,
            data,
            channel="in_person",
            received_on=today - datetime.timedelta(days=received),
            idempotency_key=f"demo-{portal.slug}-{number}",
            user=user,
        )
        if department_name:
            disclosure_request = services.assign(disclosure_request, portal.departments.get(name=department_name), user)
        if answered is not None:
            services.answer(
                disclosure_request,
                user,
                answer_type,
                text="（演示答复）",
                details=DEMO_DETAILS.get(answer_type),
                answered_on=today - datetime.timedelta(days=answered),
            )
        created += 1
    return created
