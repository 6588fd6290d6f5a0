"""A placement run is a preview until the secretariat publishes it. Runs that finished before
this change had already notified everyone: they count as published when they finished."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def mark_finished_runs_published(apps, schema_editor):
    PlacementRun = apps.get_model("exchange", "PlacementRun")
    for run in PlacementRun.objects.filter(status="done", published_at__isnull=True):
        PlacementRun.objects.filter(pk=run.pk).update(
            published_at=run.finished_at or run.created_at, published_by_id=run.actor_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0002_placementrun_background_run"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="placementrun",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="published"),
        ),
        migrations.AddField(
            model_name="placementrun",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="published by",
            ),
        ),
        migrations.RunPython(mark_finished_runs_published, migrations.RunPython.noop),
    ]
