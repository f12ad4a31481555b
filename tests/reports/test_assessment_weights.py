"""部门考核 (issue 16): the office sets its portal's weights on the 考核 page (validated, in Chinese);
settings give the defaults; a department user sees only its own score and what lowers it."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from pages.catalog import create_portal, ensure_area, ensure_item
from pages.models import FivePublicType
from reports.assessment import Period, assess, indicators
from reports.assessment.weights import WeightsForm, set_weights
from reports.models import AssessmentWeights

from ..factories import make_user, published

D = datetime.date.fromisoformat
EQUAL = {
    "timeliness": 1,
    "completeness": 1,
    "substance": 1,
    "requests": 1,
    "questions": 1,
    "refusals": 1,
    "interpretation": 1,
}


def post_data(weights, **query):
    return {**{k: str(v) for k, v in weights.items()}, **query}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"timeliness": "-1"}, "“发布及时性”的权重不能为负数"),
        ({"substance": "1.5"}, "“公开实质性”的权重须为整数"),
        ({"requests": ""}, "请填写“依申请公开按时答复”的权重（不计入的填 0）"),
        ({k: "0" for k in EQUAL}, "权重不能全部为 0：至少有一项指标的权重大于 0"),
    ],
)
def test_bad_weights_are_refused_in_chinese(portal, change, message):
    form = WeightsForm(post_data({**EQUAL, **change}), portal=portal)
    assert not form.is_valid()
    assert message in [e for errors in form.errors.values() for e in errors]


def test_stored_weights_replace_the_defaults_for_that_portal_only(portal, settings, office):
    settings.ASSESSMENT_WEIGHTS = {"timeliness": 40}
    other = create_portal("other", "他镇政务公开", "他镇人民政府")
    assert {i.key: i.weight for i in indicators(portal)}["timeliness"] == 40  # settings give the default
    set_weights(portal, {**EQUAL, "substance": 5}, office)
    assert {i.key: i.weight for i in indicators(portal)} == {**EQUAL, "substance": 5}
    assert {i.key: i.weight for i in indicators(other)}["timeliness"] == 40
    # An indicator the stored row does not know (added later) takes its default.
    AssessmentWeights.objects.filter(portal=portal).update(weights={"timeliness": 3})
    assert {i.key: i.weight for i in indicators(portal)}["substance"] == 15


def test_the_weights_change_the_total(portal, office):
    finance = portal.departments.get(name="财政所")
    item = ensure_item(ensure_area(portal, "财政预决算", kind="basic"), "部门预算", department=finance)
    # On time (timeliness 100) but only 决策公开 (substance 0).
    decision = FivePublicType.objects.get(name="决策公开")
    published(item, "预算编制说明", D("2026-04-10"), D("2026-04-01"), department=finance, five_public=decision)

    def total():
        result = assess([finance], Period("quarter", 2026, 2), on=D("2026-07-10"), portal=portal)
        return result.rows[0].total

    set_weights(portal, {**{k: 0 for k in EQUAL}, "timeliness": 1, "substance": 1}, office)
    assert total() == 50.0
    set_weights(portal, {**{k: 0 for k in EQUAL}, "timeliness": 3, "substance": 1}, office)
    assert total() == 75.0


def test_only_the_portals_office_may_change_the_weights(client, portal, office):
    finance = portal.departments.get(name="财政所")
    editor = make_user("editor", finance.editors_group)
    other = create_portal("other", "他镇政务公开", "他镇人民政府")
    with pytest.raises(PermissionDenied):
        set_weights(portal, EQUAL, editor)
    with pytest.raises(PermissionDenied):
        set_weights(other, EQUAL, office)  # the office of another portal
    url = reverse("reports_assessment_weights")
    client.force_login(editor)
    denied = client.post(url, post_data(EQUAL, portal=portal.pk))
    assert denied.status_code == 403 or (denied.status_code == 302 and denied["Location"] == "/admin/")
    assert not AssessmentWeights.objects.exists()
    with pytest.raises(ValidationError):
        set_weights(portal, {k: 0 for k in EQUAL}, office)

    client.force_login(office)
    query = {"portal": portal.pk, "kind": "quarter", "year": "2026", "number": "2"}
    bad = client.post(url, post_data({**EQUAL, "questions": "-3"}, **query))
    assert bad.status_code == 200 and "“政务咨询按时答复”的权重不能为负数" in bad.content.decode()
    assert 'value="-3"' in bad.content.decode()  # what was typed is kept
    assert not AssessmentWeights.objects.exists()
    saved = client.post(url, post_data({**EQUAL, "questions": "7"}, **query))
    assert saved.status_code == 302 and saved["Location"].startswith(reverse("reports_assessment") + "?")
    assert AssessmentWeights.objects.get(portal=portal).weights == {**EQUAL, "questions": 7}
    assert AssessmentWeights.objects.get(portal=portal).updated_by == office
    page = client.get(saved["Location"]).content.decode()
    assert "考核权重已保存" in page and "权重 7" in page and 'id="assessment-weights"' in page


def test_a_department_user_sees_only_its_own_score_and_what_lowers_it(client, portal, office):
    finance = portal.departments.get(name="财政所")
    civil = portal.departments.get(name="民政办")
    relief = ensure_area(portal, "社会救助", kind="basic")
    tekun = ensure_item(relief, "特困人员供养", department=civil)
    decision = FivePublicType.objects.get(name="决策公开")
    published(tekun, "特困供养办法", D("2026-04-02"), D("2026-04-01"), department=civil, five_public=decision)
    editor = make_user("civil-editor", civil.editors_group)
    client.force_login(editor)
    query = {"kind": "quarter", "year": "2026", "number": "2"}
    page = client.get(reverse("reports_assessment"), query)
    html = page.content.decode()
    assert page.status_code == 200
    table = html.split('id="table-assessment"')[1].split("</table>")[0]
    assert "民政办" in table and finance.name not in table
    assert 'id="assessment-own"' in html and "避实就虚：社会救助 › 特困人员供养" in html
    problems = html.split('id="assessment-problems"')[1].split("</section>")[0]  # shown in full, not folded
    assert "<li>避实就虚：社会救助 › 特困人员供养（" in problems
    assert 'id="assessment-weights"' not in html and "保存权重" not in html
    assert 'id="assessment-trend"' in html and 'data-label="民政办"' in html and 'data-label="财政所"' not in html
    export = client.get(reverse("reports_assessment_export"), query)
    sheet = load_workbook(io.BytesIO(export.content))["考核得分"]
    assert [sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)] == ["民政办"]
    flagged = load_workbook(io.BytesIO(export.content))["避实就虚事项"]
    assert flagged["A2"].value == "民政办" and flagged["B2"].value == "社会救助 › 特困人员供养"
    # The office sees both departments, and the weights form.
    client.force_login(office)
    html = client.get(reverse("reports_assessment"), query).content.decode()
    table = html.split('id="table-assessment"')[1].split("</table>")[0]
    assert "民政办" in table and "财政所" in table and 'id="assessment-weights"' in html
    assert 'id="assessment-problems"' not in html and 'id="assessment-own"' not in html
    # A user with neither an office nor a department gets nothing.
    client.force_login(make_user("nobody"))
    nobody = client.get(reverse("reports_assessment"), query)
    assert nobody.status_code in (302, 403) and "民政办" not in nobody.content.decode()
