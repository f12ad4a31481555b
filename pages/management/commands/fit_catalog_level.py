from django.core.management.base import BaseCommand

from pages.catalog import fit_catalog_to_level, resolve_portal


class Command(BaseCommand):
    help = (
        "按行政层级调整已有门户的目录：删除不适用于该层级且没有任何信息的标准事项，"
        "补齐该层级的标准事项和法定栏目。已有信息的事项保留。可重复运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--portal", help="门户 slug（只有一个门户时可省略）")
        parser.add_argument("--level", required=True, choices=["县级", "乡级"], help="行政层级")

    def handle(self, *args, **options):
        portal = resolve_portal(options["portal"])
        stats = fit_catalog_to_level(portal, options["level"])
        for area, item, count in stats["kept"]:
            self.stdout.write(
                f"  保留「{area} › {item}」：不适用于{options['level']}，但已有{count}条信息，请核实后处理"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"「{portal.title}」已按{options['level']}调整：删除空事项{stats['removed_items']}个、空领域"
                f"{stats['removed_areas']}个，新建领域{stats['areas']}个、事项{stats['items']}个"
            )
        )
