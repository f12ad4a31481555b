"""Wagtail hooks for the dashboard panels and statistics (registered via reports.wagtail_hooks)."""
