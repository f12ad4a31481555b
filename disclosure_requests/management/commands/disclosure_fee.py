"""信息处理费 by the 国办函〔2020〕109号 standard: prints one number in 元 (the measurement contract).

manage.py disclosure_fee --by item --nth 35      # an applicant's 35th request in a month → 200
manage.py disclosure_fee --by page --pages 150   # a request of 150 pages → 1700
"""

from django.core.management.base import BaseCommand, CommandError

from disclosure_requests.fee_schedule import fee_by_item, fee_by_page


class Command(BaseCommand):
    help = "按国办函〔2020〕109号标准计算信息处理费（元）"

    def add_arguments(self, parser):
        parser.add_argument("--by", choices=["item", "page"], required=True, help="item 按件计收；page 按量计收")
        parser.add_argument("--nth", type=int, help="按件：申请人本自然月内第几件申请")
        parser.add_argument("--pages", type=int, help="按量：页数")

    def handle(self, *args, by, nth, pages, **options):
        if by == "item":
            if nth is None or nth < 1:
                raise CommandError("按件计收须给出 --nth（正整数）")
            fee = fee_by_item(nth)
        else:
            if pages is None or pages < 0:
                raise CommandError("按量计收须给出 --pages（非负整数）")
            fee = fee_by_page(pages)
        self.stdout.write(f"{fee.normalize():f}")
