"""The importer's vocabulary: the interchange columns of DATA.md, a problem, the report."""

import dataclasses
import re

REQUIRED_KEYS = ("source_id", "title", "body", "department", "area", "published")
OPTIONAL_KEYS = (
    "item",
    "written",
    "doc_number",
    "genre",
    "topic",
    "keywords",
    "five_public",
    "openness",
    "validity",
    "classification",
    "classified_on",
    "summary",
    "effective",
    "expired_on",
    "interprets",
)
MAX_LINE_BYTES = 1024 * 1024  # a row over 1 MB is refused, not read into the model
MAX_TITLE = 255
OTHER_ITEM = "其他信息"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FORMATS = ("jsonl", "csv", "xlsx")


@dataclasses.dataclass
class Problem:
    row: int  # 1-based data row (for CSV/Excel: the spreadsheet row number)
    field: str
    problem: str

    def __str__(self):
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}　{self.field or '-'}：{self.problem}"


@dataclasses.dataclass
class ImportReport:
    problems: list = dataclasses.field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    published: int = 0
    drafts: list = dataclasses.field(default_factory=list)  # (row, source_id, reason)
    created_catalog: list = dataclasses.field(default_factory=list)
    rows: int = 0

    @property
    def ok(self):
        return not self.problems

    def lines(self):
        if self.problems:
            yield f"导入失败：共发现{len(self.problems)}处问题，未写入任何数据。"
            yield "行号\t字段\t问题"
            for p in self.problems:
                yield f"{p.row or '-'}\t{p.field or '-'}\t{p.problem}"
            return
        yield (
            f"导入完成：共{self.rows}行，新建{self.created}条，更新{self.updated}条，未变{self.unchanged}条，"
            f"发布{self.published}条。"
        )
        for name in self.created_catalog:
            yield f"新建目录：{name}"
        if self.drafts:
            yield f"以下{len(self.drafts)}条未通过发布审查，已保存为草稿："
            yield "行号\tsource_id\t原因"
            for row, source_id, reason in self.drafts:
                yield f"{row}\t{source_id}\t{reason}"

    def text(self):
        return "\n".join(self.lines()) + "\n"


class FileProblem(Exception):
    def __init__(self, problems):
        self.problems = problems
