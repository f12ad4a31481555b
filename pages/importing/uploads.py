"""The uploaded file of 批量导入: extension, size and content checked before anything is read, and
the downloadable template workbook that explains every column."""

import zipfile

from django.conf import settings

from .report import OPTIONAL_KEYS, REQUIRED_KEYS

FORMATS = ("csv", "xlsx")
MAX_UNZIPPED_RATIO = 30  # an .xlsx expanding beyond 30× the upload limit is refused (zip bomb)

COLUMNS = list(REQUIRED_KEYS) + [k for k in OPTIONAL_KEYS if k not in REQUIRED_KEYS]
COLUMN_HELP = {
    "source_id": "来源编号：每条信息唯一且不变；再次导入同一编号时更新该条信息，不会重复新建",
    "title": "标题",
    "body": "正文：纯文本，换行即分段",
    "department": "发布机构（部门全称或简称，须为已有部门）",
    "area": "公开领域（须为目录中已有领域）",
    "published": "发布日期，格式 YYYY-MM-DD",
    "item": "公开事项（领域下设有事项时必填）",
    "written": "成文日期，YYYY-MM-DD，不得晚于发布日期",
    "doc_number": "发文字号，如 某政发〔2025〕12号",
    "genre": "体裁分类，如 通知、公告、预算",
    "topic": "主题分类",
    "keywords": "关键词，多个以分号、逗号或顿号分隔",
    "five_public": "五公开类型：决策公开、执行公开、管理公开、服务公开、结果公开",
    "openness": "公开方式：主动公开（默认）或 依申请公开",
    "validity": "有效性：有效（默认）、失效、废止；失效或废止须填失效/废止日期",
    "classification": "密级：非涉密（默认）、秘密、机密、绝密（涉密信息不会被发布）",
    "classified_on": "定密日期，YYYY-MM-DD",
    "summary": "内容概述",
    "effective": "生效日期，YYYY-MM-DD",
    "expired_on": "失效/废止日期，YYYY-MM-DD",
    "interprets": "政策解读所解读政策的来源编号",
}


class ImportJobError(Exception):
    """A step that is not allowed now; the message is for the user (Chinese)."""


def upload_max_size():
    return getattr(settings, "IMPORT_UPLOAD_MAX_SIZE", 10 * 1024 * 1024)


def check_upload(uploaded):
    """Extension, size and content of an uploaded file. Returns the format; raises ImportJobError."""
    name = uploaded.name or ""
    fmt = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if fmt not in FORMATS:
        raise ImportJobError("只能上传 Excel（.xlsx）或 CSV（.csv）文件")
    limit = upload_max_size()
    if uploaded.size > limit:
        raise ImportJobError(f"文件超过 {limit // 1024 // 1024} MB 上限，请拆分后分批导入")
    if not uploaded.size:
        raise ImportJobError("文件为空")
    uploaded.seek(0)
    if fmt == "xlsx":
        if not zipfile.is_zipfile(uploaded):
            raise ImportJobError("文件内容不是有效的 Excel（.xlsx）文件，请勿仅修改扩展名；旧版 .xls 请另存为 .xlsx")
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
                raise ImportJobError("文件内容不是有效的 Excel（.xlsx）文件")
            if sum(info.file_size for info in archive.infolist()) > limit * MAX_UNZIPPED_RATIO:
                raise ImportJobError("Excel 文件解压后过大，请拆分后分批导入")
    else:
        head = uploaded.read(64 * 1024)
        if b"\x00" in head or head.startswith(b"PK\x03\x04"):
            raise ImportJobError("文件内容不是 CSV 文本，请勿仅修改扩展名")
        try:
            # A multi-byte character may be cut at the end of the sample.
            head.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:
                raise ImportJobError("CSV 文件须为 UTF-8 编码（在 Excel 中“另存为”时选择“CSV UTF-8（逗号分隔）”）")
    uploaded.seek(0)
    return fmt


def template_workbook():
    """The downloadable template: the interchange header row and a sheet explaining it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "公开信息"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        if cell.value in REQUIRED_KEYS:
            cell.font = Font(bold=True, color="C00000")
        sheet.column_dimensions[cell.column_letter].width = 40 if cell.value in ("title", "body") else 16
    # Dates typed as text stay YYYY-MM-DD; Excel dates are accepted too.
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for key in COLUMNS:
        notes.append([key, "必填" if key in REQUIRED_KEYS else "选填", COLUMN_HELP.get(key, "")])
    notes.append([])
    notes.append(
        [
            "",
            "",
            "第一个工作表第一行为列名，请勿修改；从第二行起每行一条信息。任何一行有误时整批不导入，并逐行列出问题。",
        ]
    )
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["C"].width = 90
    return workbook
