from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Oversight for the disclosure office: dashboard panels, statistics and the statutory
    annual report (政府信息公开工作年度报告). Owns only the figures the office enters by hand.

    Layer: above the middle layer (it reads ``workflows`` and ``disclosure_requests``), below ``cms``."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "统计与年报"

    def ready(self):
        from .site_check import cache

        cache.connect()  # the dashboard's cached 网站自查 summary is dropped on relevant writes
