"""List Wagtail's admin strings that have no Simplified Chinese translation (after an upgrade:
add them to locale/zh_Hans/LC_MESSAGES/django.po or djangojs.po, then `make setup`)."""

from django.core.management.base import BaseCommand

from cms.translation_gaps import gaps


class Command(BaseCommand):
    help = "列出管理后台中尚无简体中文译文的 Wagtail 字符串"

    def handle(self, *args, **options):
        total = 0
        for domain in ("django", "djangojs"):
            missing = gaps(domain)
            total += len(missing)
            for msgid in missing:
                self.stdout.write(f"{domain}\t{msgid!r}")
        self.stderr.write(f"缺少译文：{total} 条")
