from celery import shared_task


@shared_task(ignore_result=True)
def refresh_recommendations_task() -> int:
    from django.core.cache import cache

    from .recommendations import PENDING_KEY, refresh_recommendations

    cache.delete(PENDING_KEY)  # changes from now on queue the next run
    return refresh_recommendations()
