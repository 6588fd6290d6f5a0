from celery import shared_task


@shared_task(ignore_result=True)
def refresh_recommendations_task() -> int:
    from .recommendations import refresh_recommendations

    return refresh_recommendations()
