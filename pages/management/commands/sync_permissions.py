from django.core.management.base import BaseCommand

from pages.catalog import resolve_portal
from pages.models import DisclosurePortal
from pages.permissions import sync_all_permissions


class Command(BaseCommand):
    help = "按公开目录的责任部门重新生成各部门信息员、负责人组的页面权限。"

    def add_arguments(self, parser):
        parser.add_argument("--portal", help="门户 slug（省略时处理全部门户）")

    def handle(self, *args, **options):
        portals = [resolve_portal(options["portal"])] if options["portal"] else DisclosurePortal.objects.all()
        for portal in portals:
            sync_all_permissions(portal)
            self.stdout.write(f"已同步：{portal.title}")
