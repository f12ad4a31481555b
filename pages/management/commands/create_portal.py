from django.core.management.base import BaseCommand

from pages.catalog import create_portal


class Command(BaseCommand):
    help = "新建一个政务公开门户（一个机关的公开网站根节点）。"

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--title", required=True, help="门户标题，如：某某镇政务公开")
        parser.add_argument("--body-name", required=True, help="机关名称，如：某某镇人民政府")
        parser.add_argument("--org-code", default="", help="机关机构代码（索引号用）")
        parser.add_argument(
            "--level",
            default="",
            choices=["", "县级", "乡级"],
            help="行政层级：乡级 / 县级，决定载入哪些标准目录事项（留空为全部层级）",
        )
        parser.add_argument("--site-root", action="store_true", help="设为默认站点的根页面")

    def handle(self, *args, **options):
        portal = create_portal(
            options["slug"],
            options["title"],
            options["body_name"],
            options["org_code"],
            make_site_root=options["site_root"],
            level=options["level"],
        )
        self.stdout.write(self.style.SUCCESS(f"门户「{portal.title}」（{portal.slug}）已就绪"))
