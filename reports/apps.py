from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Oversight for the disclosure office: dashboard panels, statistics and the statutory
    annual report (政府信息公开工作年度报告). Reads pages/ and workflows/, owns only the figures
    the office enters by hand and the report drafts."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "统计与年报"
