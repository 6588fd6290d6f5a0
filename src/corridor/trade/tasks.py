from celery import shared_task


@shared_task(ignore_result=True)
def run_import_task(job_id: int) -> None:
    """Run one import job (validation, Parquet, release) off the request path."""
    from . import services
    from .models import ImportJob

    services.run_import(job=ImportJob.objects.get(pk=job_id))
