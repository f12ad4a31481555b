"""The case file of one request for 归档 (条例 Art. 45): one .zip with the application and its
attachments, every notice and letter, the answer and its signed copy, the delivery record and
the event history, listed with sizes and SHA-256 in ``manifest.json``. Office only (admin_views)."""

import csv
import hashlib
import io
import json
import os
import zipfile

from django.utils import timezone

from .models import RequestState

# Letters recorded only as events (their full text is the event's note).
NOTICE_EVENTS = {
    "third_party_notice": "第三方告知书",
    "mass_reasons_requested": "说明理由通知书",
    "records_corrected": "更正记录",
}


def _lines(rows):
    return "\n".join(f"{label}：{value}" for label, value in rows if value not in (None, "")) + "\n"


def application_text(r):
    rows = [
        ("查询码", r.tracking_code),
        ("受理机关", r.portal.body_name),
        ("申请渠道", r.get_channel_display()),
        ("收到申请日期", r.received_on),
        ("收到日期认定规则", r.received_rule),
        ("工作人员代为填写", "是" if r.assisted else ""),
        ("申请人类型", r.get_applicant_type_display()),
        ("法人或其他组织类型", r.get_organization_kind_display() if r.organization_kind else ""),
        ("申请人姓名或名称", r.applicant_name),
        ("证件", f"{r.get_id_type_display()} {r.id_number}"),
        ("联系人", r.contact_person),
        ("联系电话", r.phone),
        ("电子邮箱", r.email),
        ("通信地址", f"{r.address} {r.postal_code}".strip()),
        ("所需政府信息的内容描述", r.description),
        ("用途", r.purpose),
        ("获取信息的载体形式", r.get_preferred_form_display()),
        ("获取信息的方式", r.get_delivery_display()),
    ]
    return "政府信息公开申请表\n\n" + _lines(rows)


def notices(r):
    """The notices and letters, one text each: (file name, text)."""
    found = []
    if r.correction_notified_on:
        found.append(
            (
                "补正告知书.txt",
                _lines(
                    [
                        ("告知日期", r.correction_notified_on),
                        ("需补正事项", r.correction_text),
                        ("补正截止日期", r.correction_due_on),
                    ]
                ),
            )
        )
    if r.extension_days:
        found.append(
            (
                "延期答复告知书.txt",
                _lines(
                    [
                        ("延长工作日数", r.extension_days),
                        ("理由", r.extension_reason),
                        ("批准人", r.extension_approved_by),
                        ("告知申请人日期", r.extension_applicant_notified_on),
                        ("延长后答复期限", r.due_on),
                    ]
                ),
            )
        )
    if r.fee_notified_on:
        found.append(("收费通知书.txt", _lines([("收费", r.fee_display()), ("计费页数", r.fee_pages)])))
    for number, c in enumerate(r.consultations.all(), start=1):
        found.append(
            (
                f"征求意见书-{number}.txt",
                _lines(
                    [
                        ("类型", c.get_kind_display()),
                        ("征求对象", c.party),
                        ("发出日期", c.started_on),
                        ("对方收到日期", c.letter_received_on),
                        ("答复期限", c.reply_due_on),
                        ("收到意见或结束日期", c.ended_on),
                        ("逾期未答复", "是" if c.lapsed else ""),
                        ("意见摘要", c.note),
                    ]
                ),
            )
        )
    for event in r.events.filter(action__in=NOTICE_EVENTS):
        text = _lines([("日期", timezone.localtime(event.created_at).date()), ("事项", event.public_text)])
        found.append((f"{NOTICE_EVENTS[event.action]}-{event.pk}.txt", text + event.note + "\n"))
    return found


def delivery_text(r):
    return _lines(
        [
            ("送达日期", r.delivered_on),
            ("送达方式", r.get_delivery_method_display() if r.delivery_method else ""),
            ("送达说明", r.delivery_note),
        ]
    )


def events_csv(r):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["时间", "操作", "状态", "公开说明", "内部说明", "操作人"])
    for e in r.events.select_related("user"):
        created = timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S")
        writer.writerow([created, e.action, e.get_state_display(), e.public_text, e.note, e.user or "系统"])
    return "\ufeff" + out.getvalue()  # BOM: Excel opens it as UTF-8


def _read(field):
    field.open("rb")
    try:
        return field.read()
    finally:
        field.close()


def build_case_file(disclosure_request):
    """(file name, .zip bytes) of the request's case file."""
    r = disclosure_request
    files = [("01-申请/申请表.txt", application_text(r).encode())]
    for a in r.attachments.order_by("uploaded_at", "pk"):
        folder = "01-申请/附件" if a.purpose == "application" else "02-补正/补正材料"
        files.append((f"{folder}/{a.pk}-{os.path.basename(a.original_name)}", _read(a.file)))
    files += [(f"03-告知书/{name}", text.encode()) for name, text in notices(r)]
    if r.answer_document:
        files.append(("04-答复/答复书.docx", _read(r.answer_document)))
    if r.signed_document:
        files.append((f"04-答复/签章答复书{os.path.splitext(r.signed_document.name)[1]}", _read(r.signed_document)))
    if r.delivered_on:
        files.append(("05-送达/送达记录.txt", delivery_text(r).encode()))
    files.append(("06-办理记录/办理记录.csv", events_csv(r).encode()))
    manifest = {
        "tracking_code": r.tracking_code,
        "body_name": r.portal.body_name,
        "state": RequestState(r.state).label,
        "answer_type": r.answer_type_label,
        "answer_number": r.answer_number,
        "received_on": r.received_on.isoformat(),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "files": [
            {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()} for path, data in files
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files:
            archive.writestr(path, data)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return f"案卷-{r.tracking_code}.zip", buffer.getvalue()
