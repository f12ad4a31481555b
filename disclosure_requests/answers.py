"""Answer categories exactly as table (三) of the annual report counts them (国办公开办函〔2021〕30号),
and the computation of that table from the stored requests. Also the 答复书 (.docx) generator.
"""

import datetime
import io
import re

from cms.plain_text import strip_control_characters

# (code, group label, row label). The group label is the row "（一）…（六）" of 三、本年度办理结果.
ANSWER_TYPES = [
    ("disclose", "（一）予以公开", "予以公开"),
    ("partial", "（二）部分公开", "部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("withhold_1", "（三）不予公开", "1.属于国家秘密"),
    ("withhold_2", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("withhold_3", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("withhold_4", "（三）不予公开", "4.保护第三方合法权益"),
    ("withhold_5", "（三）不予公开", "5.属于三类内部事务信息"),
    ("withhold_6", "（三）不予公开", "6.属于四类过程性信息"),
    ("withhold_7", "（三）不予公开", "7.属于行政执法案卷"),
    ("withhold_8", "（三）不予公开", "8.属于行政查询事项"),
    ("unable_1", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable_2", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unable_3", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("reject_1", "（五）不予处理", "1.信访举报投诉类申请"),
    ("reject_2", "（五）不予处理", "2.重复申请"),
    ("reject_3", "（五）不予处理", "3.要求提供公开出版物"),
    ("reject_4", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("reject_5", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_1", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_2", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_3", "（六）其他处理", "3.其他"),
]
ANSWER_TYPE_CODES = [code for code, _, _ in ANSWER_TYPES]
ANSWER_TYPE_GROUPS = {code: group for code, group, _ in ANSWER_TYPES}
ANSWER_TYPE_LABELS = {code: label for code, _, label in ANSWER_TYPES}


def answer_type_choices():
    """Grouped choices for forms: [(group, [(code, "group · row"), …]), …]."""
    groups = {}
    for code, group, label in ANSWER_TYPES:
        groups.setdefault(group, []).append((code, label))
    return list(groups.items())


def answer_type_display(code):
    if code not in ANSWER_TYPE_GROUPS:
        return ""
    group, label = ANSWER_TYPE_GROUPS[code], ANSWER_TYPE_LABELS[code]
    name = group[3:]
    return name if label.startswith(name) else f"{name}：{label}"


# Columns of table (三): 自然人 | 法人或其他组织 (5 kinds) | 总计
TABLE3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


# -- 答复书 -------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def answer_context(disclosure_request, review_body="", court="", entries=None):
    """Values the office's template may use as {placeholder}: the request, the answer's details
    (answer_kinds.DETAIL_LABELS) and the remedy wording for its category. ``entries``: the
    entries a draft names (the preview), else the answer's own."""
    from .answer_kinds import DETAIL_LABELS, remedy_text

    today = datetime.date.today()
    if entries is None:
        entries = list(disclosure_request.answer_entries.all()) if disclosure_request.pk else []
    details = disclosure_request.answer_details or {}
    return {
        **{key: details.get(key, "") for key in DETAIL_LABELS},
        "answer_number": disclosure_request.answer_number,
        "remedy": remedy_text(disclosure_request.answer_type, review_body, court),
        "correction_notified_on": _cn_date(disclosure_request.correction_notified_on),
        "body_name": disclosure_request.portal.body_name,
        "applicant_name": disclosure_request.applicant_name,
        "tracking_code": disclosure_request.tracking_code,
        "received_on": _cn_date(disclosure_request.received_on),
        "description": disclosure_request.description,
        "answer_type": answer_type_display(disclosure_request.answer_type),
        "answer_text": disclosure_request.answer_text,
        "entries": "\n".join(f"{e.index_number or ''} {e.title} {e.full_url or ''}".strip() for e in entries),
        "answered_on": _cn_date(disclosure_request.answered_on or today),
        "department": disclosure_request.department.name if disclosure_request.department_id else "",
        "today": _cn_date(today),
    }


def _cn_date(day):
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def fill_placeholders(text, context):
    # Unknown placeholders stay as written, so a typo shows in the document instead of crashing.
    # Control characters (old data, XML cannot carry them) are left out instead of failing the .docx.
    filled = PLACEHOLDER.sub(lambda m: str(context.get(m.group(1), m.group(0))), text)
    return strip_control_characters(filled)


def answer_paragraphs(disclosure_request, template, review_body="", court="", entries=None):
    """(title, paragraphs) of the 答复书: the template's title and its lines with placeholders
    filled; empty lines (a detail this answer does not have) are left out. The .docx and the
    office's preview before 签发 both use it."""
    context = answer_context(disclosure_request, review_body, court, entries)
    lines = [line for line in fill_placeholders(template.body, context).splitlines() if line.strip()]
    return fill_placeholders(template.title, context), lines


def render_answer_docx(disclosure_request, template, review_body="", court=""):
    """The 答复书 as .docx bytes on A4: the title, the 文号 under it and the paragraphs."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    title, lines = answer_paragraphs(disclosure_request, template, review_body, court)
    document = Document()
    for section in document.sections:  # python-docx's default template is US Letter
        section.page_width, section.page_height = Mm(210), Mm(297)
    # Official documents use 仿宋 for body text; Word needs the East Asian font set explicitly.
    normal = document.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    if disclosure_request.answer_number:
        number = document.add_paragraph(disclosure_request.answer_number)
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
