from django.apps import AppConfig


class DisclosureRequestsConfig(AppConfig):
    """依申请公开: requests, their deadlines (one working-day calculator), handling, answers,
    fees, reminders, the public form and the staff API.

    Layer: the middle layer, above ``search`` and ``pages``, beside ``workflows`` and ``interaction`` (independent
    of both), below ``reports`` and ``cms``. Its models were created in ``workflows/`` and keep
    their tables (``workflows_*``); the 0001 migration moved them by state only."""

    name = "disclosure_requests"
    verbose_name = "依申请公开"

    def ready(self):
        from cms import workdays

        from .models.calendar import office_year

        workdays.register_office_calendar(office_year)
