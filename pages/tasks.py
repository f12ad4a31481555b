"""Celery tasks of the pages app (run eagerly when no broker is configured)."""

from celery import shared_task


@shared_task(name="pages.run_entry_import")
def run_entry_import(job_pk):
    """批量导入: import a confirmed job through the importer (pages.importing.jobs.run_job)."""
    from .importing.jobs import run_job

    report = run_job(job_pk)
    return report.text() if report is not None else None
