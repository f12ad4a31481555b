from django.core.management.base import BaseCommand

from pages.catalog import load_standard_catalog, resolve_portal


class Command(BaseCommand):
    help = (
        "为门户建立基层政务公开标准目录（26个领域、法定栏目及条例第二十、二十一条栏目），只载入适用于门户行政层级的事项。"
        "可重复运行，不会重复创建；已有门户可借此补齐新增的法定栏目。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--portal", help="门户 slug（只有一个门户时可省略）")

    def handle(self, *args, **options):
        portal = resolve_portal(options["portal"])
        stats = load_standard_catalog(portal, progress=lambda name: self.stdout.write(f"  {name}"))
        self.stdout.write(
            self.style.SUCCESS(f"标准目录已载入「{portal.title}」：新建领域{stats['areas']}个、事项{stats['items']}个")
        )
