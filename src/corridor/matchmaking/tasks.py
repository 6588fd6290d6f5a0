"""Celery tasks: thin, take ids, call services."""

from celery import shared_task


@shared_task
def run_schedule_task(run_id: int) -> int:
    from .scheduling import execute_run

    return execute_run(run_id=run_id).pk


@shared_task
def send_follow_ups_task() -> int:
    from .services import send_follow_up_asks

    return send_follow_up_asks()
