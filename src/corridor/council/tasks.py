from celery import shared_task


@shared_task(ignore_result=True)
def remind_overdue_commitments_task() -> int:
    from .services import remind_overdue

    return remind_overdue()
