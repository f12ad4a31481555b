"""The annual report as .docx in the official layout: title, the six section headings, tables
(二)(三)(四) with merged header cells, 宋体 body and 黑体 headings."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from cms.plain_text import strip_control_characters

from .figures import HEADINGS, SECTION_PROACTIVE, SECTION_REQUESTS, SECTION_REVIEW
from .layout import table2_layout, table3_layout, table4_layout

BODY_FONT = "宋体"
HEADING_FONT = "黑体"


def _set_font(target, name, size=None, bold=None):
    """Word uses w:eastAsia for Chinese characters; the plain font name only covers Latin text."""
    target.font.name = name
    if size is not None:
        target.font.size = Pt(size)
    if bold is not None:
        target.font.bold = bold
    element = target.element if hasattr(target, "element") else target._element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _paragraph(document, text, font=BODY_FONT, size=12, bold=False, align=None, indent=True):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _set_font(paragraph.add_run(strip_control_characters(text)), font, size, bold)
    return paragraph


def _table(document, layout, size=9):
    """Draw ``layout`` (rows of cells with colspan/rowspan, see reports.annual) as a Word table."""
    width = sum(c["colspan"] for c in layout[0])  # every layout's first row spans the full width
    table = document.add_table(rows=len(layout), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    taken = set()
    for r, row in enumerate(layout):
        c = 0
        for spec in row:
            while (r, c) in taken:
                c += 1
            last_row, last_col = r + spec["rowspan"] - 1, c + spec["colspan"] - 1
            for rr in range(r, last_row + 1):
                for cc in range(c, last_col + 1):
                    taken.add((rr, cc))
            target = table.cell(r, c)
            if (last_row, last_col) != (r, c):
                target = target.merge(table.cell(last_row, last_col))
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = target.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(
                paragraph.add_run(strip_control_characters(spec["text"])),
                HEADING_FONT if spec["header"] else BODY_FONT,
                size,
                False,
            )
            c = last_col + 1
    return table


def render_docx(data, title):
    """The report ``data`` (build_annual_report) as .docx bytes."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = document.styles["Normal"]
    _set_font(normal, BODY_FONT, 12)

    _paragraph(document, title, HEADING_FONT, 18, True, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    sections = data["sections"]
    layouts = {
        SECTION_PROACTIVE: table2_layout(data),
        SECTION_REQUESTS: table3_layout(data),
        SECTION_REVIEW: table4_layout(data),
    }
    sizes = {SECTION_PROACTIVE: 10.5, SECTION_REQUESTS: 9, SECTION_REVIEW: 8}
    for heading in HEADINGS:
        _paragraph(document, heading, HEADING_FONT, 14, False, indent=True)
        if heading in layouts:
            _table(document, layouts[heading], sizes[heading])
            continue
        text = (sections.get(heading) or "").strip() or "无"
        for line in text.splitlines():
            if line.strip():
                _paragraph(document, line.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
