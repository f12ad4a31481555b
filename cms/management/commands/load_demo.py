from django.core.management.base import BaseCommand, CommandError

from cms.demo import load_demo


class Command(BaseCommand):
    help = "载入演示数据：清河镇门户、部门、标准目录、演示用户和演示公开信息（可重复运行）。"

    def handle(self, *args, **options):
        done = [0]

        def progress(n=1):
            done[0] += n
            if done[0] % 25 == 0:
                self.stdout.write(f"  已写入 {done[0]} 条信息……")

        portal, catalog, users, report = load_demo(progress=progress, say=self.stdout.write)
        if not report.ok:
            raise CommandError(report.text())
        self.stdout.write(
            self.style.SUCCESS(
                f"门户「{portal.title}」：标准目录新建领域{catalog['areas']}个、事项{catalog['items']}个；"
                f"演示信息新建{report.created}条、更新{report.updated}条、发布{report.published}条"
            )
        )
        for _row, source_id, reason in report.drafts:
            self.stdout.write(f"  保存为草稿：{source_id}（{reason}）")
        self.stdout.write("演示账号（仅供演示，请勿用于生产）：")
        for username, password, role, department in users:
            self.stdout.write(f"  {username:<20} 密码 {password:<16} {role} {department}")
