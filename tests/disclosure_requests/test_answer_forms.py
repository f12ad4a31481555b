"""Issue 17, milestone 3: one 答复书 per answer form of 条例 Arts. 30, 35–39 with the details each
needs, the 复议/诉讼 wording (review before litigation against a refusal), and the 答复书 number per
portal and year, unique under concurrency. Every document is read back from the .docx."""

import datetime
import io
import threading

import pytest
from django.db import connection, connections
from docx import Document

from disclosure_requests import services
from disclosure_requests.answer_kinds import ANSWER_KINDS, KINDS
from disclosure_requests.models import AnswerSettings, AnswerTemplate, DisclosureRequest

from ..factories import PERSON, make_user, new_entry, travel

D = datetime.date.fromisoformat

# Per answer form: (category, details, phrases its 答复书 must contain).
CASES = {
    "proactive": (
        "disclose",
        {"where": "本镇政府网站“财政资金”栏目"},
        ["第三十六条第（一）项", "本镇政府网站“财政资金”栏目"],
    ),
    "provide": ("disclose", {}, ["第三十六条第（二）项", "现向您提供"]),
    "partial": (
        "partial",
        {"reasons": "其中含有个人身份证号码", "legal_basis": "条例第十五条"},
        ["第三十七条", "其中含有个人身份证号码", "条例第十五条"],
    ),
    "withhold": ("withhold_6", {"reasons": "属于讨论记录"}, ["第三十六条第（三）项", "属于讨论记录", "第十六条第二款"]),
    "not_held": ("unable_1", {}, ["经检索，本机关没有", "第三十六条第（四）项"]),
    "not_ours": (
        "unable_1",
        {"responsible_body": "某县自然资源局", "responsible_contact": "0551-1234567"},
        ["第三十六条第（五）项", "某县自然资源局", "0551-1234567"],
    ),
    "no_ready": ("unable_2", {}, ["第三十八条", "加工、分析"]),
    "unclear": ("unable_3", {}, ["第三十条", "仍不明确"]),
    "repeat": ("reject_2", {"previous_answer": "政公复〔2025〕3号"}, ["第三十六条第（六）项", "政公复〔2025〕3号"]),
    "special": (
        "withhold_8",
        {"legal_basis": "《不动产登记暂行条例》", "channel": "到县不动产登记中心查询"},
        ["第三十六条第（七）项", "《不动产登记暂行条例》", "到县不动产登记中心查询"],
    ),
    "petition": ("reject_1", {"channel": "县信访局（12345热线）"}, ["第三十九条第一款", "县信访局（12345热线）"]),
    "publication": ("reject_3", {"where": "《某县年鉴2024》，县档案馆可查阅"}, ["第三十九条第二款", "县档案馆可查阅"]),
    "mass": ("reject_4", {"reasons": "未说明用途，一月内申请120件"}, ["第三十五条", "一月内申请120件"]),
    "confirm": ("reject_5", {}, ["确认或者重新出具"]),
    "other": ("other_3", {"reasons": "申请人申请事项已由法院调取"}, ["已由法院调取"]),
}


@pytest.fixture
def office(portal):
    return make_user("office", superuser=True)


@pytest.fixture
def settings_(portal):
    return AnswerSettings.objects.create(
        portal=portal, number_prefix="测政公复", review_body="某某县人民政府", court="某某县人民法院"
    )


def read_docx(disclosure_request):
    disclosure_request.answer_document.open("rb")
    document = Document(io.BytesIO(disclosure_request.answer_document.read()))
    return [p.text for p in document.paragraphs]


def test_every_answer_form_is_covered_and_seeded_with_its_own_template(db):
    assert set(CASES) == {kind.code for kind in ANSWER_KINDS}
    seeded = AnswerTemplate.objects.filter(portal=None).exclude(answer_kind="")
    assert sorted(seeded.values_list("answer_kind", flat=True)) == sorted(CASES)
    assert all("{remedy}" in t.body for t in seeded)


@pytest.mark.parametrize("kind", list(CASES))
def test_each_form_writes_its_own_answer_with_legal_basis_and_remedy(kind, submit, office, catalog, settings_):
    answer_type, details, phrases = CASES[kind]
    disclosure_request = submit(on="2025-03-03", description="2024年低保资金发放明细")
    entries = (
        [new_entry(catalog["dibao"], title="2024年低保资金发放")] if answer_type in ("disclose", "partial") else []
    )
    if kind == "unclear":
        with travel("2025-03-04"):
            disclosure_request = services.request_correction(disclosure_request, office, "请写明年份")
        with travel("2025-03-05"):
            disclosure_request = services.receive_correction(disclosure_request, office, D("2025-03-05"))
    if kind == "mass":  # Art. 35: reasons are asked for first
        disclosure_request = services.request_reasons(disclosure_request, office, "请说明用途")
    with travel("2025-03-10"):
        disclosure_request = services.answer(
            disclosure_request, office, answer_type, "", entries, kind=kind, details=details
        )
    stored = DisclosureRequest.objects.get(pk=disclosure_request.pk)
    assert stored.answer_kind == kind and stored.answer_number == "测政公复〔2025〕1号"
    paragraphs = read_docx(stored)
    text = "\n".join(paragraphs)
    assert paragraphs[:2] == ["政府信息公开申请答复书", "测政公复〔2025〕1号"]
    if kind == "unclear":
        assert "本机关已于2025年3月4日告知您补正申请" in text
    assert "张三丰：" in text and "2024年低保资金发放明细" in text and "2025年3月10日" in text
    for phrase in phrases:
        assert phrase in text, (kind, phrase, text)
    assert "{" not in text  # every placeholder filled
    assert "向某某县人民政府申请行政复议" in text
    if answer_type == "partial" or answer_type.startswith("withhold"):
        assert "应当先申请行政复议" in text and "十五日内依法向人民法院提起行政诉讼" in text
        assert "六个月" not in text
    else:
        assert "六个月内向某某县人民法院提起行政诉讼" in text and "应当先申请" not in text
    if entries:
        assert "2024年低保资金发放" in text


def test_a_form_refuses_an_answer_without_the_details_it_needs(submit, office):
    disclosure_request = submit(on="2025-03-03")
    with pytest.raises(services.AnswerDetailsMissing) as refused:
        services.answer(disclosure_request, office, "unable_1", kind="not_ours", details={"responsible_body": "某局"})
    assert set(refused.value.errors) == {"responsible_contact"} and "联系方式" in str(refused.value)
    with pytest.raises(services.AnswerDetailsMissing) as refused:
        services.answer(disclosure_request, office, "withhold_1")
    assert set(refused.value.errors) == {"reasons"}
    with pytest.raises(services.AnswerDetailsMissing, match="不一致"):
        services.answer(disclosure_request, office, "disclose", kind="not_ours")
    stored = DisclosureRequest.objects.get(pk=disclosure_request.pk)
    assert stored.answer_type == "" and stored.answer_number == "" and not stored.answer_document
    # The usual legal basis of a 不予公开 reason is filled in when the office gives none.
    answered = services.answer(disclosure_request, office, "withhold_4", details={"reasons": "涉及商业秘密"})
    assert answered.answer_details["legal_basis"].endswith("第十五条") and answered.answer_kind == "withhold"


def test_numbers_run_per_portal_and_year_with_the_default_prefix(submit, office, settings_):
    from pages.catalog import create_portal

    numbers = []
    for day in ("2025-03-03", "2025-06-02", "2025-12-31"):
        disclosure_request = submit(on=day, description=f"申请{day}")
        with travel(day):
            numbers.append(services.answer(disclosure_request, office, "unable_1").answer_number)
    new_year = submit(on="2026-01-05", description="新年")
    with travel("2026-01-05"):
        numbers.append(services.answer(new_year, office, "unable_1").answer_number)
    assert numbers == ["测政公复〔2025〕1号", "测政公复〔2025〕2号", "测政公复〔2025〕3号", "测政公复〔2026〕1号"]
    other = create_portal("other", "另一镇", "另一镇人民政府")
    with travel("2025-03-03"):
        elsewhere, _ = services.submit_request(other, dict(PERSON, description="他处"))
        elsewhere = services.answer(elsewhere, office, "unable_1")
    assert elsewhere.answer_number == "政府信息公开答复〔2025〕1号"
    # Regenerating the document keeps the number.
    services.regenerate_answer_document(elsewhere)
    assert read_docx(elsewhere)[1] == "政府信息公开答复〔2025〕1号"


def test_the_portals_own_template_for_a_form_comes_first(submit, office, portal):
    AnswerTemplate.objects.create(
        portal=portal, name="本镇不存在", answer_kind="not_held", title="{body_name}答复", body="经查无此信息。{remedy}"
    )
    disclosure_request = services.answer(submit(on="2025-03-03"), office, "unable_1")
    paragraphs = read_docx(disclosure_request)
    assert paragraphs[0] == "测试镇人民政府答复" and paragraphs[2].startswith("经查无此信息。如对本答复不服")
    assert "向行政复议机关申请行政复议" in paragraphs[2] and "有管辖权的人民法院" in paragraphs[2]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_answers_get_distinct_consecutive_numbers(portal):
    office = make_user("office", superuser=True)
    pending = [services.submit_request(portal, dict(_person(i)))[0] for i in range(8)]
    barrier, errors = threading.Barrier(len(pending)), []

    def work(disclosure_request):
        try:
            barrier.wait(timeout=20)
            services.answer(disclosure_request, office, "unable_1")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(r,)) for r in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    serials = sorted(DisclosureRequest.objects.values_list("answer_serial", flat=True))
    assert serials == list(range(1, 9)), connection.vendor


def _person(i):
    return dict(PERSON, description=f"并发答复{i}", id_number=f"11010519491231{i:03d}X", email=f"p{i}@example.com")


def test_kind_labels_name_their_article():
    assert all("条" in kind.label for code, kind in KINDS.items() if code not in ("confirm", "other"))


def test_the_handling_page_asks_for_the_forms_details_and_shows_the_number(client, submit, office, settings_):
    from django.urls import reverse

    disclosure_request = submit(on="2025-03-03")
    client.force_login(office)
    url = reverse("disclosure_request_handle", args=[disclosure_request.pk])
    page = client.get(url).content.decode()
    assert "答复形式" in page and "不属于本机关负责公开（第三十六条第五项）" in page
    data = {"action": "answer", "answer-answer_type": "unable_1", "answer-answer_kind": "not_ours"}
    refused = client.post(url, dict(data, **{"answer-responsible_body": "某县自然资源局"}))
    assert refused.status_code == 200 and "须填写该机关的联系方式" in refused.content.decode()
    assert DisclosureRequest.objects.get(pk=disclosure_request.pk).answer_type == ""
    done = client.post(
        url, dict(data, **{"answer-responsible_body": "某县自然资源局", "answer-responsible_contact": "0551-1234567"})
    )
    assert done.status_code == 302
    preview = client.get(url).content.decode()
    assert "待签发的答复" in preview and "某县自然资源局" in preview and "测政公复〔" not in preview
    assert client.post(url, {"action": "sign_off", "sign_off-note": ""}).status_code == 302
    page = client.get(url).content.decode()
    assert "测政公复〔" in page and "不属于本机关负责公开" in page
    stored = DisclosureRequest.objects.get(pk=disclosure_request.pk)
    assert "某县自然资源局，联系方式：0551-1234567" in "\n".join(read_docx(stored))
