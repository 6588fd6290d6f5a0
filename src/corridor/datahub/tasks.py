from celery import shared_task


@shared_task(ignore_result=True)
def profile_task(run_id: int) -> None:
    from .services import run_profile

    run_profile(run_id)
