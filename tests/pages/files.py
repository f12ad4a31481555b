"""Attachments made in memory for the personal-data guard's tests: every format it reads.

Text may hold any character (zero-width spaces, no-break spaces, full-width digits …): the
PDF maps its byte codes to Unicode through a ToUnicode CMap, the others store Unicode.
"""

import csv
import io
import zipfile
from xml.sax.saxutils import escape


def _pdf(objects):
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def _stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf(*lines):
    """A one-page PDF showing ``lines`` (any Unicode, at most 150 distinct non-ASCII characters)."""
    codes = {}

    def encode(text):
        for ch in text:
            if ch not in codes:
                ascii_ = 0x20 <= ord(ch) < 0x7F
                codes[ch] = ord(ch) if ascii_ else 0x80 + sum(1 for c in codes if not 0x20 <= ord(c) < 0x7F)
        return bytes(codes[ch] for ch in text).hex().upper()

    content = "\n".join(
        f"BT /F1 12 Tf 72 {720 - 20 * i} Td <{encode(line)}> Tj ET" for i, line in enumerate(lines)
    ).encode()

    def utf16(ch):
        return ch.encode("utf-16-be").hex().upper()

    entries = "".join(f"<{code:02X}> <{utf16(ch)}>\n" for ch, code in codes.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(codes)} beginbfchar\n{entries}endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            _stream(cmap),
        ]
    )


def scanned_pdf():
    """A page that is only an image (what a scanner makes): no text to read."""
    content = b"q 400 0 0 500 100 150 cm /Im1 Do Q"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
            _stream(content),
            _stream(
                b"\x80" * 4,
                b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 ",
            ),
        ]
    )


def encrypted_pdf(data, user_password="", algorithm="AES-256"):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx(paragraphs=(), cells=(), header=None, footer=None, link=None):
    """A Word document: paragraphs, a one-row table, header, footer and a hyperlink target."""
    import docx as python_docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if cells:
        table = document.add_table(rows=1, cols=len(cells))
        for cell, text in zip(table.rows[0].cells, cells):
            cell.text = text
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    if link is not None:
        paragraph = document.add_paragraph()
        r_id = paragraph.part.relate_to(link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), r_id)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "联系我们"
        run.append(text)
        hyperlink.append(run)
        paragraph._p.append(hyperlink)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(rows=(), sheet_title=None, link=None, comment=None):
    """An Excel workbook with ``rows`` (values kept as given: str, int …)."""
    import openpyxl
    from openpyxl.comments import Comment

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if sheet_title:
        sheet.title = sheet_title
    for row in rows:
        sheet.append(list(row))
    if link is not None:
        sheet["H1"] = "链接"
        sheet["H1"].hyperlink = link
    if comment is not None:
        sheet["H2"] = "备注"
        sheet["H2"].comment = Comment(comment, "作者")
    hidden = workbook.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    hidden.append(["隐藏工作表"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pptx(*paragraphs):
    """A PowerPoint slide's text as the XML parts that hold it (the reader needs no more)."""
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    p = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    runs = "".join(f"<a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p>" for text in paragraphs)
    return zip_of(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
            "ppt/slides/slide1.xml": f'<?xml version="1.0"?><p:sld {a} {p}><p:cSld><p:spTree><p:sp><p:txBody>'
            f"{runs}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>",
        }
    )


def csv_bytes(rows, encoding="utf-8-sig"):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def ofd(*lines, image=False, split_chars=False):
    """An OFD document (GB/T 33190): one page; ``split_chars`` puts every character in its own
    text object, side by side, as some generators do."""
    objects, next_id = [], 10
    for i, line in enumerate(lines):
        y = 20 + 8 * i
        if split_chars:
            for j, ch in enumerate(line):
                objects.append(
                    f'<ofd:TextObject ID="{next_id}" Boundary="{20 + 1.9 * j:.2f} {y} 5 5" Font="3" Size="3.5">'
                    f'<ofd:TextCode X="0" Y="3">{escape(ch)}</ofd:TextCode></ofd:TextObject>'
                )
                next_id += 1
        else:
            deltas = " ".join(["3.5" if ord(c) > 0x2E80 else "1.9" for c in line[:-1]])
            objects.append(
                f'<ofd:TextObject ID="{next_id}" Boundary="20 {y} 170 5" Font="3" Size="3.5">'
                f'<ofd:TextCode X="0" Y="3" DeltaX="{deltas}">{escape(line)}</ofd:TextCode></ofd:TextObject>'
            )
            next_id += 1
    if image:
        objects.append(f'<ofd:ImageObject ID="{next_id}" Boundary="0 0 210 297" ResourceID="4"/>')
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    files = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.1" DocType="OFD"><ofd:DocBody>'
        "<ofd:DocInfo><ofd:DocID>0C1D4F7159954EEEDE517F7285E84DC4</ofd:DocID><ofd:Title>通知</ofd:Title>"
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData>'
        "<ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
        '</ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
        "</ofd:Pages></ofd:Document>",
        "Doc_0/Pages/Page_0/Content.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
        f'<ofd:Layer ID="2">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>',
    }
    if image:
        files["Doc_0/Res/image_4.png"] = png()
    return zip_of(files)


def zip_of(members):
    """A zip archive of ``{name: bytes or str}``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return out.getvalue()


def zip_bomb(size=300 * 1024 * 1024):
    """A small archive that inflates past the reader's limit."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("zeros.txt", "w", force_zip64=True) as fh:
            chunk = b"0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return out.getvalue()


def png():
    return bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )


def html_page(body):
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>名单</title></head><body>{body}</body></html>"
