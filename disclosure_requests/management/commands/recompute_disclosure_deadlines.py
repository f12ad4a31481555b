"""Recompute provisional deadlines, e.g. after upgrading chinesecalendar (the daily reminder
job does this too)."""

from django.core.management.base import BaseCommand

from disclosure_requests.services import recompute_provisional_deadlines


class Command(BaseCommand):
    help = "重新计算暂定的依申请公开答复期限（升级 chinesecalendar 或录入节假日安排后）"

    def handle(self, *args, **options):
        changed = recompute_provisional_deadlines()
        self.stdout.write(f"已重新计算，{changed} 件申请的期限有变化")
