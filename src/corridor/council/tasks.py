from celery import shared_task


@shared_task(ignore_result=True)
def remind_overdue_commitments_task() -> int:
    from .services import remind_overdue

    return remind_overdue()


@shared_task(ignore_result=True)
def draft_pdf_task(run_id: int) -> None:
    from .services import run_draft_pdf

    run_draft_pdf(run_id)
