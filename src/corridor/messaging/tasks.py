"""Celery tasks of messaging (thin: they call services). Schedule ``send_message_digests`` once a
day and ``purge_old_messages`` once a day with beat, or run the commands
``corridor send-message-digests`` and ``corridor purge-messages`` from cron."""

from celery import shared_task

from . import services


@shared_task
def send_message_digests() -> int:
    return services.send_message_digests()


@shared_task
def purge_old_messages() -> dict:
    result = services.purge_old_messages()
    result["cutoff"] = result["cutoff"].isoformat()
    return result
