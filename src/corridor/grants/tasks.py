"""Celery tasks: thin, take ids, call services."""

from celery import shared_task


@shared_task
def run_assignment_task(run_id: int) -> int:
    from .services import execute_assignment

    return execute_assignment(run_id=run_id).pk


@shared_task
def remind_reviewers_task() -> int:
    from .services import remind_reviewers

    return remind_reviewers()
