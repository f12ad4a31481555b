"""Due date of a disclosure request: prints exactly one line YYYY-MM-DD (the measurement contract).

A provisional date (a year chinesecalendar does not know yet) is still printed; the note
goes to stderr so stdout stays one line.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from disclosure_requests import deadlines


class Command(BaseCommand):
    help = "计算依申请公开答复期限：收到申请日次日起20个工作日（--extended 再延长20个工作日）"

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help="收到申请日期 YYYY-MM-DD")
        parser.add_argument("--extended", action="store_true", help="已延期（再加20个工作日）")

    def handle(self, *args, received, extended, **options):
        try:
            day = datetime.date.fromisoformat(received)
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{received}") from exc
        extension = deadlines.MAX_EXTENSION_WORKING_DAYS if extended else 0
        deadline = deadlines.answer_deadline(day, extension)
        if deadline.due is None:
            raise CommandError("无法计算期限")
        self.stdout.write(deadline.due.isoformat())
        if deadline.provisional:
            self.stderr.write("注意：所涉年度的官方节假日安排尚未发布，期限为暂定（按周一至周五及已录入的安排计算）")
