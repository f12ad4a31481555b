"""Demo installation: one town portal, its departments, users and content."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from .catalog import child_by_title, create_portal, ensure_department, load_standard_catalog
from .importing import import_entries
from .models import CatalogArea, CatalogItem

DEMO_ENTRIES_FILE = Path(__file__).resolve().parent / "data" / "demo_entries.jsonl"
DEMO_PORTAL = {
    "slug": "qinghe",
    "title": "清河镇政务公开",
    "body_name": "清河镇人民政府",
    "org_code": "11341702MB1A00001X",
    "level": "乡级",  # a town: only the items that apply at 乡级 are loaded
}
# The footer and the generated 政府信息公开指南 (made-up contact details of the demo town).
DEMO_SITE_INFO = {
    "operator_name": "清河镇党政综合办公室",
    "office_name": "清河镇政务公开办公室",
    "office_address": "清河镇人民路1号便民服务中心二楼",
    "postcode": "230000",
    "office_hours": "工作日上午8:30—12:00，下午14:30—17:30（法定节假日除外）",
    "phone": "0551-00000000",
    "email": "gongkai@qinghe.example.gov.cn",
    "supervisor": "县政务公开办公室",
    "site_code": "0000000000",
}
DEMO_DEPARTMENTS = [
    ("党政办", "党政"),
    ("财政所", "财政"),
    ("民政办", "民政"),
    ("社保所", "社保"),
    ("城建所", "城建"),
    ("安监办", "安监"),
    ("农技站", "农技"),
    ("扶贫办", "扶贫"),
    ("经管站", "经管"),
    ("综治办", "综治"),
    ("中心学校", "学校"),
    ("卫生院", "卫生"),
    ("文化站", "文化"),
    ("司法所", "司法"),
    ("国土所", "国土"),
]
# What does not arise in the demo town (领域, 事项 or None for the whole area, the public reason):
# at most three, as the self-check expects of a town that really publishes.
DEMO_NOT_APPLICABLE = [
    ("户籍管理", None, "户口登记、迁移和身份证、居住证办理由县公安局清河派出所负责，本镇人民政府不承担户籍管理职能。"),
    (
        "国有土地上房屋征收与补偿",
        None,
        "本镇辖区内的房屋征收均为集体土地上的房屋，按征地补偿栏目公开；本镇无国有土地上房屋征收项目。",
    ),
    ("食品药品监管", "投诉举报", "食品药品投诉举报由县市场监督管理局清河市场监管所受理，请拨打12315。"),
]
# (username, password, role, department) — printed by load_demo; demo only.
DEMO_USERS = [
    ("admin", "gongkai-admin", "admin", None),
    ("caizheng_editor", "gongkai-demo", "editor", "财政所"),
    ("caizheng_reviewer", "gongkai-demo", "reviewer", "财政所"),
    ("minzheng_editor", "gongkai-demo", "editor", "民政办"),
    ("minzheng_reviewer", "gongkai-demo", "reviewer", "民政办"),
    ("leader", "gongkai-demo", "leader", None),
]
ROLE_LABELS = {"admin": "管理员（政务公开办）", "editor": "信息员", "reviewer": "部门负责人", "leader": "领导"}
# The names the admin shows for them (it shows the user name of a user without one).
DEMO_NAMES = {
    "admin": "公开办管理员",
    "caizheng_editor": "赵会计",
    "caizheng_reviewer": "钱所长",
    "minzheng_editor": "孙干事",
    "minzheng_reviewer": "李主任",
    "leader": "周镇长",
}


@transaction.atomic
def create_demo_users(portal):
    User = get_user_model()
    created = []
    for username, password, role, department_name in DEMO_USERS:
        user, new = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.invalid"})
        if new:
            user.set_password(password)
        user.is_superuser = user.is_staff = role == "admin"
        user.first_name = user.first_name or DEMO_NAMES[username]
        user.save()
        if role in ("editor", "reviewer"):
            department = portal.departments.get(name=department_name)
            user.groups.add(department.editors_group if role == "editor" else department.reviewers_group)
        elif role == "leader":
            user.groups.add(portal.leaders_group)
        created.append((username, password, ROLE_LABELS[role], department_name or ""))
    return created


def mark_demo_not_applicable(portal):
    """Mark DEMO_NOT_APPLICABLE (once; an office's later change is kept)."""
    marked = 0
    for area_name, item_name, reason in DEMO_NOT_APPLICABLE:
        node = child_by_title(portal, CatalogArea, area_name)
        if node is not None and item_name:
            node = child_by_title(node, CatalogItem, item_name)
        if node is None or node.not_applicable or node.not_applicable_reason:
            continue
        node.not_applicable, node.not_applicable_reason = True, reason
        node.save_revision(log_action=False).publish(log_action=False)
        marked += 1
    return marked


def load_demo_portal(progress=None):
    portal = create_portal(make_site_root=True, **DEMO_PORTAL)
    if not portal.office_name:
        for field, value in DEMO_SITE_INFO.items():
            setattr(portal, field, value)
        portal.save_revision(log_action=False).publish(log_action=False)  # the admin edits the revision
    for i, (name, short) in enumerate(DEMO_DEPARTMENTS, start=1):
        ensure_department(portal, name, short, org_code=f"11341702MB1A{i:05d}X")
    catalog = load_standard_catalog(portal)
    users = create_demo_users(portal)
    report = import_entries(DEMO_ENTRIES_FILE, portal=portal, create_catalog=True, publish=True, progress=progress)
    return portal, catalog, users, report
