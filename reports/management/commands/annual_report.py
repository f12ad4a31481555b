import json

from django.core.management.base import BaseCommand, CommandError

from pages.catalog import resolve_portal
from pages.models import DisclosurePortal
from reports.annual import AnnualReportError, build_annual_report, render_html, report_title
from reports.annual.docx import render_docx


class Command(BaseCommand):
    help = """政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）：json、html 或 docx。

json 结构：{"year", "portal"（门户 slug）, "sections"（一、五、六节正文，键为节标题）,
 "table2": {"规章"|"行政规范性文件": {"本年制发件数", "本年废止件数", "现行有效件数"},
            "行政许可"|"行政处罚"|"行政强制": {"本年处理决定数量"},
            "行政事业性收费": {"本年收费金额（万元）": 数值}},
 "table3": {"columns": [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计],
            "rows": {"<表中行名>": [每列一个数]}},
 "table4": {"columns": [结果维持, 结果纠正, 其他结果, 尚未审结, 总计],
            "rows": {"行政复议"|"行政诉讼·未经复议直接起诉"|"行政诉讼·复议后起诉": [每列一个数]}}}"""

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="报告年度，如 2025")
        parser.add_argument("--portal", help="门户 slug（缺省为第一个门户）")
        parser.add_argument("--format", choices=["json", "html", "docx"], default="json", help="输出格式")
        parser.add_argument("--output", help="输出文件（docx 必填；缺省输出到标准输出）")

    def handle(self, *args, year, portal=None, format="json", output=None, **options):
        if portal:
            portal_obj = resolve_portal(portal)
        else:
            portal_obj = DisclosurePortal.objects.order_by("path").first()
            if portal_obj is None:
                raise CommandError("尚未创建任何政务公开门户，请先运行 create_portal 或 load_demo")
        if format == "docx" and not output:
            raise CommandError("docx 格式须用 --output 指定输出文件")
        try:
            data = build_annual_report(portal_obj, year)
        except AnnualReportError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        title = report_title(portal_obj, year)
        if format == "docx":
            content = render_docx(data, title)
        elif format == "html":
            content = render_html(data, title).encode("utf-8")
        else:
            content = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        if output:
            with open(output, "wb") as fh:
                fh.write(content)
            self.stderr.write(f"已写入 {output}")
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
