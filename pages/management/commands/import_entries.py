import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pages.catalog import resolve_portal
from pages.importing import FORMATS, import_entries


def count_rows(path, fmt):
    if fmt == "xlsx":
        return None
    with open(path, "rb") as fh:
        return sum(1 for _ in fh) - (1 if fmt == "csv" else 0)


class Command(BaseCommand):
    help = "导入公开信息（JSONL / CSV / Excel，字段见 DATA.md）。全有或全无：任何一行有误则不写入，并输出逐行报告。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=FORMATS)
        parser.add_argument("--portal", help="门户 slug（只有一个门户时可省略）")
        parser.add_argument("--create-catalog", action="store_true", help="自动新建未知的部门、领域、事项和分类")
        parser.add_argument("--publish", action="store_true", help="经发布审查后直接发布（操作员操作，记入审计日志）")
        parser.add_argument("--report", help="报告文件路径（默认写入 IMPORT_REPORT_DIR）")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        portal = resolve_portal(options["portal"])
        fmt = options["format"] or {"csv": "csv", "xlsx": "xlsx"}.get(path.suffix.lower().lstrip("."), "jsonl")
        bar = None
        if not options["no_progress"]:
            out = self.stderr._out
            # On a terminal: a live bar; in logs (CI, cron): a line every 10 s.
            interactive = hasattr(out, "isatty") and out.isatty()
            bar = tqdm(
                total=count_rows(path, fmt),
                unit="条",
                desc="导入",
                file=out,
                mininterval=0.2 if interactive else 10,
                ascii=not interactive,
            )
        try:
            report = import_entries(
                path,
                fmt=fmt,
                portal=portal,
                create_catalog=options["create_catalog"],
                publish=options["publish"],
                progress=bar.update if bar else None,
            )
        finally:
            if bar:
                bar.close()
        report_path = (
            Path(options["report"])
            if options["report"]
            else (Path(settings.IMPORT_REPORT_DIR) / f"import-{datetime.datetime.now():%Y%m%d-%H%M%S}-{path.stem}.tsv")
        )
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(report.text(), encoding="utf-8")
        lines = list(report.lines())
        shown = lines[:60]
        (self.stdout if report.ok else self.stderr).write("\n".join(shown))
        if len(lines) > len(shown):
            self.stderr.write(f"……共{len(lines) - 2}条，完整报告见文件")
        self.stdout.write(f"报告已写入：{report_path}")
        if not report.ok:
            raise CommandError("导入失败，未写入任何数据")
