"""The daily oversight job without Celery (cron): same work as the beat task."""

from django.core.management.base import BaseCommand

from disclosure_requests.reminders import run_daily


class Command(BaseCommand):
    help = "依申请公开每日检查：重新计算暂定期限、逾期未补正视为放弃、发送到期和逾期提醒"

    def handle(self, *args, **options):
        result = run_daily()
        self.stdout.write(
            f"期限重新计算 {result['recomputed']} 件，视为放弃 {result['abandoned']} 件，提醒邮件 {result['emails']} 封"
        )
