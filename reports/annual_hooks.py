"""Wagtail hooks for the annual report (registered via reports.wagtail_hooks)."""
