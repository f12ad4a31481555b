"""Issue 17, milestone 4: the case file of one request (条例 Art. 45) — application, attachments,
notices, answer, signed copy, delivery record and event log in one .zip with a manifest; only the
disclosure office may download it."""

import datetime
import hashlib
import io
import json
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from disclosure_requests import services
from disclosure_requests.case_file import build_case_file

from ..factories import PERSON, make_user, travel

D = datetime.date.fromisoformat


def handled_request(submit, office, catalog):
    scan = SimpleUploadedFile("身份证明.pdf", b"%PDF-1.4 identity")
    disclosure_request = submit(on="2025-03-03", files=[scan])
    disclosure_request = services.assign(disclosure_request, catalog["civil"], office)
    with travel("2025-03-04"):
        disclosure_request = services.request_correction(disclosure_request, office, "请写明所需信息的年份")
    with travel("2025-03-06"):
        disclosure_request = services.receive_correction(
            disclosure_request,
            office,
            D("2025-03-06"),
            "2024年低保资金发放明细",
            [SimpleUploadedFile("补正说明.pdf", b"%PDF-1.4 corrected")],
        )
        services.start_consultation(disclosure_request, office, "third_party", "某村村委会", D("2025-03-06"))
    consultation = disclosure_request.consultations.get()
    with travel("2025-03-12"):
        services.end_consultation(consultation, office, D("2025-03-12"), "同意公开")
        disclosure_request = services.extend(disclosure_request, office, 10, "需调取档案")
    with travel("2025-03-20"):
        disclosure_request = services.answer(disclosure_request, office, "unable_1", "本机关不掌握")
        disclosure_request = services.record_delivery(
            disclosure_request,
            office,
            "post",
            delivered_on=D("2025-03-22"),
            note="EMS 1234567890",
            signed_file=SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed"),
        )
    return disclosure_request


def test_case_file_holds_everything_with_a_manifest(submit, catalog):
    office = make_user("office", superuser=True)
    disclosure_request = handled_request(submit, office, catalog)
    name, content = build_case_file(disclosure_request)
    assert name == f"案卷-{disclosure_request.tracking_code}.zip"
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    attachments = {a.purpose: a.pk for a in disclosure_request.attachments.all()}
    assert names == {
        "01-申请/申请表.txt",
        f"01-申请/附件/{attachments['application']}-身份证明.pdf",
        f"02-补正/补正材料/{attachments['correction']}-补正说明.pdf",
        "03-告知书/补正告知书.txt",
        "03-告知书/延期答复告知书.txt",
        "03-告知书/征求意见书-1.txt",
        "04-答复/答复书.docx",
        "04-答复/签章答复书.pdf",
        "05-送达/送达记录.txt",
        "06-办理记录/办理记录.csv",
        "manifest.json",
    }
    application = archive.read("01-申请/申请表.txt").decode()
    assert PERSON["applicant_name"] in application and PERSON["id_number"] in application
    assert "2024年低保资金发放明细" in application and "在线提交" in application
    assert archive.read(f"01-申请/附件/{attachments['application']}-身份证明.pdf") == b"%PDF-1.4 identity"
    assert "请写明所需信息的年份" in archive.read("03-告知书/补正告知书.txt").decode()
    assert "需调取档案" in archive.read("03-告知书/延期答复告知书.txt").decode()
    assert "某村村委会" in archive.read("03-告知书/征求意见书-1.txt").decode()
    answer = Document(io.BytesIO(archive.read("04-答复/答复书.docx")))
    assert any(p.text == disclosure_request.answer_number for p in answer.paragraphs)
    assert archive.read("04-答复/签章答复书.pdf") == b"%PDF-1.4 signed"
    assert "EMS 1234567890" in archive.read("05-送达/送达记录.txt").decode()
    log = archive.read("06-办理记录/办理记录.csv").decode("utf-8-sig")
    actions = [line.split(",")[1] for line in log.splitlines()[1:]]
    assert actions == [e.action for e in disclosure_request.events.all()] and "answered" in actions
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["tracking_code"] == disclosure_request.tracking_code
    assert manifest["answer_number"] == disclosure_request.answer_number
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == names - {"manifest.json"}
    for path, entry in listed.items():
        data = archive.read(path)
        assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_only_the_office_downloads_the_case_file(client, submit, catalog, users):
    disclosure_request = services.assign(submit(on="2025-03-03"), catalog["civil"], users["admin"])
    url = reverse("disclosure_request_case_file", args=[disclosure_request.pk])
    handle = reverse("disclosure_request_handle", args=[disclosure_request.pk])
    client.force_login(users["civil_editor"])  # the assigned department handles it, but does not archive
    assert client.get(handle).status_code == 200 and url not in client.get(handle).content.decode()
    denied = client.get(url)
    assert denied.status_code == 403 or denied["Location"] == "/admin/"
    client.force_login(users["finance_editor"])
    assert client.get(url).status_code in (302, 403, 404)
    client.logout()
    assert client.get(url).status_code == 302 and "/login/" in client.get(url)["Location"]
    client.force_login(users["admin"])
    assert url in client.get(handle).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"] and "filename*=UTF-8''" in response["Content-Disposition"]
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
