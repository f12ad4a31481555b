"""The county-scale database of ``bench/county_bench.py``, built through the project's bulk paths.

One county portal (县级) and 20 town portals (乡级), each with the standard catalog of its level;
200 departments (40 county bureaux, 8 offices per town); ``entries`` published entries written by
``import_entries(..., publish=True)`` (the bulk importer: guards, 索引号, revisions and audit
records in bulk), spread over the portals, their departments and catalog items and the last
three years; 5,000 disclosure requests in varied states: a few dozen made through the request
services (submit, assign, correction, extension, answer, close, withdraw), then copied with
their history onto every portal and shifted in time (``bulk_create``).
"""

import datetime
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "entries.jsonl"
COUNTY_SLUG, COUNTY_SHARE = "county", 0.25
OFFICE, SUPERUSER = "county_office", "county_admin"
TOWNS = [
    "东关镇", "西关镇", "南湖镇", "北山镇", "柳林镇", "杨桥镇", "石门镇", "白沙镇", "金塘镇", "桃源镇",
    "双河镇", "青山镇", "花园乡", "马坊乡", "长岭乡", "高庄乡", "新集镇", "李集镇", "王店乡", "三塘镇",
]  # fmt: skip
TOWN_DEPARTMENTS = ["党政办", "财政所", "民政办", "社保所", "城建所", "农技站", "中心学校", "卫生院"]
COUNTY_DEPARTMENTS = [
    "县人民政府办公室", "县发展和改革委员会", "县教育局", "县科技局", "县工业和信息化局", "县公安局",
    "县民政局", "县司法局", "县财政局", "县人力资源和社会保障局", "县自然资源局", "县生态环境分局",
    "县住房和城乡建设局", "县交通运输局", "县水利局", "县农业农村局", "县商务局", "县文化旅游体育局",
    "县卫生健康委员会", "县退役军人事务局", "县应急管理局", "县审计局", "县市场监督管理局", "县统计局",
    "县医疗保障局", "县林业局", "县城市管理局", "县数据资源管理局", "县乡村振兴局", "县信访局",
    "县政务服务管理局", "县机关事务管理局", "县粮食和物资储备局", "县供销合作社", "县民族宗教事务局",
    "县气象局", "县档案馆", "县住房公积金管理中心", "县融媒体中心", "县残疾人联合会",
]  # fmt: skip
DAYS_BACK = 1000  # entries are published over the last ~three years


def say(text):
    print(text, flush=True)


def build_portals():
    """The county, the towns, their departments and standard catalogs; the office and a superuser."""
    from pages.catalog import create_portal, ensure_department, load_standard_catalog
    from workflows.services import ensure_portal_workflow

    began = time.monotonic()
    specs = [(COUNTY_SLUG, "示范县", "县级", COUNTY_DEPARTMENTS)]
    specs += [(f"town{n:02d}", name, "乡级", TOWN_DEPARTMENTS) for n, name in enumerate(TOWNS, start=1)]
    portals = []
    for n, (slug, name, level, departments) in enumerate(specs):
        body = f"{name}人民政府"
        portal = create_portal(
            slug, f"{name}政务公开", body, org_code=f"0000{n:05d}", make_site_root=n == 0, level=level
        )
        ensure_portal_workflow(portal)
        for d, department in enumerate(departments, start=1):
            ensure_department(portal, department, department[:2], org_code=f"{n:03d}{d:03d}")
        load_standard_catalog(portal)
        portals.append(portal)
        say(f"  portal {n + 1}/{len(specs)} {portal.title}: {len(departments)} departments, standard catalog")
    create_office(portals[0])
    say(f"portals built in {time.monotonic() - began:.0f} s")
    return portals


def create_office(county):
    """The county's disclosure office (publish on its portal, not a superuser) and a superuser."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    User = get_user_model()
    office_group, _ = Group.objects.get_or_create(name="示范县政务公开办（基准）")
    office_group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for kind in ("add", "change", "publish"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{kind}_page")
        GroupPagePermission.objects.get_or_create(group=office_group, page=county, permission=permission)
    office, _ = User.objects.get_or_create(username=OFFICE, defaults={"first_name": "县公开办", "is_staff": True})
    office.groups.add(office_group)
    User.objects.get_or_create(username=SUPERUSER, defaults={"is_superuser": True, "is_staff": True})


def catalog_slots(portal):
    """(area title, item title) of every catalog item of ``portal``."""
    from pages.models import CatalogArea, CatalogItem

    areas = {a.path: a.title for a in CatalogArea.objects.descendant_of(portal)}
    return [
        (areas[item.path[: -item.steplen]], item.title)
        for item in CatalogItem.objects.descendant_of(portal).order_by("path")
        if item.path[: -item.steplen] in areas
    ]


def entry_rows(portal, count, corpus, offset):
    """``count`` interchange rows for ``portal``: the corpus's text, the portal's departments and items."""
    departments = list(portal.departments.order_by("pk").values_list("name", flat=True))
    slots = catalog_slots(portal)
    today = datetime.date.today()
    for i in range(count):
        source = corpus[(offset + i) % len(corpus)]
        area, item = slots[(i * 7) % len(slots)]
        published = today - datetime.timedelta(days=(i * 37) % DAYS_BACK)
        row = {
            "source_id": f"{portal.slug}-{i:06d}",
            "title": f"{source['title']}（{portal.title[:3]}第{i + 1}号）",
            "body": source["body"],
            "department": departments[i % len(departments)],
            "area": area,
            "item": item,
            "published": published.isoformat(),
            "written": (published - datetime.timedelta(days=i % 25)).isoformat(),
            "genre": source.get("genre"),
            "five_public": source.get("five_public"),
            "openness": "主动公开",
        }
        yield json.dumps(row, ensure_ascii=False)


def build_entries(portals, total, tmp):
    """``total`` entries, a quarter on the county portal, the rest shared by the towns."""
    from pages.importing import import_entries

    corpus = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    county = int(total * COUNTY_SHARE)
    shares = [county] + [(total - county) // (len(portals) - 1)] * (len(portals) - 1)
    shares[-1] += total - sum(shares)
    began, done = time.monotonic(), [0]

    def progress(n):
        done[0] += n
        if done[0] % 2000 == 0:
            rate = done[0] / (time.monotonic() - began)
            left = (total - done[0]) / rate
            say(f"  {done[0]:>7} / {total} entries  {rate:5.1f}/s  ~{left / 60:.0f} min left")

    offset = 0
    for portal, count in zip(portals, shares, strict=True):
        path = Path(tmp) / f"{portal.slug}.jsonl"
        path.write_text("\n".join(entry_rows(portal, count, corpus, offset)) + "\n", encoding="utf-8")
        offset += count
        report = import_entries(path, fmt="jsonl", portal=portal, create_catalog=True, publish=True, progress=progress)
        if report.problems:
            sys.exit(f"{portal.slug}: the import refused the rows: {report.problems[:3]}")
        say(f"  {portal.title}: {report.created} entries, {report.published} published")
        path.unlink()
    seconds = time.monotonic() - began
    say(f"entries built in {seconds:.0f} s ({total / seconds:.1f}/s)")


# -- disclosure requests ----------------------------------------------------------------------------

APPLICANTS = [("person", ""), ("organization", "business"), ("organization", "research"), ("organization", "legal")]
# What each template goes through after submit and assign (answer types of table (三)).
PATTERNS = [
    ("received", None),
    ("processing", None),
    ("correction", None),
    ("extended", None),
    ("withdrawn", None),
    ("answered", "disclose"),
    ("answered", "partial"),
    ("answered", "withhold_4"),
    ("answered", "unable_1"),
    ("answered", "reject_2"),
    ("answered", "other_3"),
    ("closed", "disclose"),
    ("closed", "unable_1"),
]
DETAILS = {
    "partial": {"reasons": "含有第三方商业秘密", "legal_basis": "《中华人民共和国政府信息公开条例》第十五条"},
    "withhold_4": {"reasons": "含有个人信息，公开会损害其合法权益"},
    "reject_2": {"previous_answer": "本机关已就相同申请作出答复"},
    "other_3": {"reasons": "申请人已撤回申请"},
}


def template_requests(portal, office, days_ago):
    """One request per pattern and applicant kind, made through the request services."""
    from disclosure_requests import services

    department = portal.departments.order_by("pk").first()
    made = []
    for n, ((state, answer_type), (kind, org)) in enumerate(
        (p, a) for p in PATTERNS for a in APPLICANTS
    ):  # every pattern with every applicant kind
        data = {
            "applicant_type": kind,
            "organization_kind": org,
            "applicant_name": "王某某" if kind == "person" else f"基准单位{n}",
            "id_type": "resident_id" if kind == "person" else "credit_code",
            "id_number": "34170219800101123X" if kind == "person" else f"91341702MA2N{n:05d}X",
            "phone": f"1390000{n:04d}",
            "address": "示范县人民路1号",
            "description": f"示范县{2024 + n % 3}年度第{n}项政府信息",
            "preferred_form": "electronic",
            "delivery": "email",
            "email": f"applicant{n}@example.invalid",
        }
        received = datetime.date.today() - datetime.timedelta(days=days_ago if state in ("answered", "closed") else 3)
        request, _ = services.submit_request(
            portal, data, channel="in_person", received_on=received, idempotency_key=f"county-{n}", user=office
        )
        if state != "received":
            request = services.assign(request, department, office)
        if state == "correction":
            request = services.request_correction(request, office, "请补充所需信息的文号或名称")
        elif state == "extended":
            request = services.extend(request, office, 15, "需调取历史档案，无法按期答复")
        elif state == "withdrawn":
            request = services.withdraw(request, office, "申请人书面撤回")
        elif answer_type:
            answered = received + datetime.timedelta(days=12)
            request = services.answer(
                request,
                office,
                answer_type,
                text="（基准答复）",
                details=DETAILS.get(answer_type),
                answered_on=answered,
            )
            if state == "closed":
                request = services.close(request, office, "已送达")
        made.append(request)
    return made


def build_requests(portals, total):
    """``total`` requests: the templates, copied onto every portal and shifted back in time."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from disclosure_requests.models import DisclosureRequest, RequestEvent, new_tracking_code

    began = time.monotonic()
    office = get_user_model().objects.get(username=OFFICE)
    templates = template_requests(portals[0], office, days_ago=60)
    say(f"  {len(templates)} template requests through the services in {time.monotonic() - began:.0f} s")
    events = {}
    for event in RequestEvent.objects.filter(disclosure_request__in=templates):
        events.setdefault(event.disclosure_request_id, []).append(event)
    departments = {p.pk: list(p.departments.order_by("pk")) for p in portals}
    rng = random.Random(19)
    serial = {}
    copies, copied_events = [], []
    fields = [f for f in DisclosureRequest._meta.concrete_fields if not f.primary_key]
    for n in range(total - len(templates)):
        template = templates[n % len(templates)]
        portal = portals[n % len(portals)]
        is_open = template.state in ("received", "processing", "correction", "extended")
        shift = datetime.timedelta(days=rng.randrange(0, 20) if is_open else rng.randrange(0, 900))
        copy = DisclosureRequest(**{f.attname: getattr(template, f.attname) for f in fields})
        for f in fields:
            value = getattr(copy, f.attname)
            if isinstance(value, datetime.date | datetime.datetime) and f.attname != "submitted_at":
                setattr(copy, f.attname, value - shift)
        copy.submitted_at = template.submitted_at - shift
        copy.portal_id = portal.pk
        copy.tracking_code, copy.idempotency_key, copy.fingerprint = new_tracking_code(), None, ""
        if template.department_id:
            copy.department = departments[portal.pk][n % len(departments[portal.pk])]
        if template.answer_serial:
            year = copy.answered_on.year
            serial[portal.pk, year] = serial.get((portal.pk, year), 1000) + 1
            copy.answer_year, copy.answer_serial = year, serial[portal.pk, year]
            copy.answer_number = f"政府信息公开答复〔{year}〕{copy.answer_serial}号"
        copies.append((copy, template, shift))
    with transaction.atomic():
        DisclosureRequest.objects.bulk_create([c for c, _, _ in copies], batch_size=500)
        for copy, template, shift in copies:
            for event in events.get(template.pk, []):
                copied_events.append(
                    RequestEvent(
                        disclosure_request_id=copy.pk,
                        created_at=(event.created_at or timezone.now()) - shift,
                        action=event.action,
                        state=event.state,
                        public_text=event.public_text,
                        note=event.note,
                        user_id=event.user_id,
                        data=event.data,
                    )
                )
        RequestEvent.objects.bulk_create(copied_events, batch_size=1000)
    by_state = {}
    for state in DisclosureRequest.objects.values_list("state", flat=True):
        by_state[state] = by_state.get(state, 0) + 1
    say(f"requests built in {time.monotonic() - began:.0f} s: " + ", ".join(f"{k} {v}" for k, v in by_state.items()))
