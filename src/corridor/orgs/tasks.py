from celery import shared_task


@shared_task(ignore_result=True)
def refresh_recommendations_task() -> int:
    from django.core.cache import cache

    from corridor.core.runs import execute_run

    from .models import RecommendationRun
    from .recommendations import PENDING_KEY, refresh_recommendations

    cache.delete(PENDING_KEY)  # changes from now on queue the next run

    def work(run, progress):
        run.stored = refresh_recommendations()

    run = execute_run(RecommendationRun.objects.create(), work)
    return run.stored
