from celery import shared_task


@shared_task(ignore_result=True)
def execute_run_task(run_id: int) -> None:
    from .services import execute_run

    execute_run(run_id)
