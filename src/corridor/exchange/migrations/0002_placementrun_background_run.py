"""PlacementRun inherits core.runs.BackgroundRun: started_by becomes actor (data kept)."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


def truncate_messages(apps, schema_editor):
    PlacementRun = apps.get_model("exchange", "PlacementRun")
    for run in PlacementRun.objects.exclude(message=""):
        if len(run.message) > 500:
            PlacementRun.objects.filter(pk=run.pk).update(message=run.message[:500])


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [
        migrations.RenameField("placementrun", "started_by", "actor"),
        migrations.RunPython(truncate_messages, migrations.RunPython.noop),
        migrations.AddField(
            model_name='placementrun',
            name='error',
            field=models.TextField(blank=True, verbose_name='error'),
        ),
        migrations.AddField(
            model_name='placementrun',
            name='progress',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)'),
        ),
        migrations.AddField(
            model_name='placementrun',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='started'),
        ),
        migrations.AlterField(
            model_name='placementrun',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by'),
        ),
        migrations.AlterField(
            model_name='placementrun',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='queued'),
        ),
        migrations.AlterField(
            model_name='placementrun',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='finished'),
        ),
        migrations.AlterField(
            model_name='placementrun',
            name='message',
            field=models.CharField(blank=True, max_length=500, verbose_name='message'),
        ),
        migrations.AlterField(
            model_name='placementrun',
            name='status',
            field=models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status'),
        ),
    ]
