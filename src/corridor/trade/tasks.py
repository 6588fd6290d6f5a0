from celery import shared_task


@shared_task(ignore_result=True)
def run_import_task(job_id: int) -> None:
    """Run one import job (validation, Parquet, release) off the request path."""
    from . import services
    from .models import ImportJob

    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    if job.is_queued:  # a job the import timeout already ended is not started late
        services.run_import(job=job)
