"""AssignmentRun inherits core.runs.BackgroundRun: started_by becomes actor (data kept)."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


def truncate_messages(apps, schema_editor):
    AssignmentRun = apps.get_model("grants", "AssignmentRun")
    for run in AssignmentRun.objects.exclude(message=""):
        if len(run.message) > 500:
            AssignmentRun.objects.filter(pk=run.pk).update(message=run.message[:500])


class Migration(migrations.Migration):
    dependencies = [("grants", "0002_call_time_zone_lottery_draw")]

    operations = [
        migrations.RenameField("assignmentrun", "started_by", "actor"),
        migrations.RunPython(truncate_messages, migrations.RunPython.noop),
        migrations.AddField(
            model_name='assignmentrun',
            name='error',
            field=models.TextField(blank=True, verbose_name='error'),
        ),
        migrations.AddField(
            model_name='assignmentrun',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='started'),
        ),
        migrations.AlterField(
            model_name='assignmentrun',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by'),
        ),
        migrations.AlterField(
            model_name='assignmentrun',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='queued'),
        ),
        migrations.AlterField(
            model_name='assignmentrun',
            name='message',
            field=models.CharField(blank=True, max_length=500, verbose_name='message'),
        ),
        migrations.AlterField(
            model_name='assignmentrun',
            name='progress',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)'),
        ),
    ]
