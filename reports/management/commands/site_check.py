import json

from django.core.management.base import BaseCommand

from pages.catalog import resolve_portal
from pages.models import DisclosurePortal
from reports.site_check import run_site_checks


class Command(BaseCommand):
    help = "网站自查：按政府网站检查指标（国办秘函〔2019〕19号）检查门户，单项否决项标红。"

    def add_arguments(self, parser):
        parser.add_argument("--portal", help="门户 slug（只有一个门户时可省略）")
        parser.add_argument("--all", action="store_true", help="检查全部门户（一次读取，适合县级平台）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        if options["all"]:
            portals = list(DisclosurePortal.objects.order_by("path"))
        else:
            portals = [resolve_portal(options["portal"])]
        results = run_site_checks(portals)
        if options["json"]:
            data = [result.as_dict() for result in results]
            self.stdout.write(json.dumps(data if options["all"] else data[0], ensure_ascii=False, indent=1))
            return
        for result in results:
            self.write_result(result)

    def write_result(self, result):
        self.stdout.write(f"「{result.portal.title}」网站自查（{result.on.isoformat()}）")
        for finding in result.findings:
            threshold = f"，{finding.veto_at}个及以上单项否决" if finding.veto_at and finding.veto_at > 1 else ""
            line = f"[{finding.status_label}] {finding.title}：{finding.skipped or f'{finding.count}项{threshold}'}"
            style = {"veto": self.style.ERROR, "warn": self.style.WARNING, "ok": self.style.SUCCESS}.get(
                finding.status, str
            )
            self.stdout.write(style(line))
            for row in finding.rows[:10]:
                self.stdout.write(f"    {row['text']}：{row['detail']}")
            if len(finding.rows) > 10 or finding.count > len(finding.rows):
                self.stdout.write(f"    ……共{finding.count}项")
            if finding.status in ("veto", "warn"):
                self.stdout.write(f"    整改：{finding.advice}")
        verdict = (
            "未发现单项否决项" if result.passed else "存在单项否决项：" + "、".join(f.title for f in result.vetoed)
        )
        self.stdout.write((self.style.SUCCESS if result.passed else self.style.ERROR)(verdict))
