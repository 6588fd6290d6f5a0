"""ImportJob inherits core.runs.BackgroundRun: created_by becomes actor, the five import statuses
become the run status (queued, running, done, failed) plus what a finished import did (``result``).

pending → queued; running → running (the import timeout ends it if no worker does);
succeeded → done/imported; unchanged → done/unchanged; failed with bad rows → done/rejected;
failed without a row report → failed. Rows that had started get ``started_at`` = their creation.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FORWARD = {
    "pending": ("queued", ""),
    "running": ("running", ""),
    "succeeded": ("done", "imported"),
    "unchanged": ("done", "unchanged"),
}
BACKWARD = {
    ("queued", ""): "pending",
    ("running", ""): "running",
    ("done", "imported"): "succeeded",
    ("done", "unchanged"): "unchanged",
}


def forward(apps, schema_editor):
    ImportJob = apps.get_model("trade", "ImportJob")
    for job in ImportJob.objects.all().only("pk", "status", "error_count", "created_at"):
        if job.status == "failed":
            status, result = ("done", "rejected") if job.error_count else ("failed", "")
        else:
            status, result = FORWARD.get(job.status, ("failed", ""))
        started = None if status == "queued" else job.created_at
        ImportJob.objects.filter(pk=job.pk).update(status=status, result=result, started_at=started)


def backward(apps, schema_editor):
    ImportJob = apps.get_model("trade", "ImportJob")
    for job in ImportJob.objects.all().only("pk", "status", "result", "message"):
        ImportJob.objects.filter(pk=job.pk).update(
            status=BACKWARD.get((job.status, job.result), "failed"), message=job.message[:300]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("trade", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("importjob", "created_by", "actor"),
        migrations.AddField(
            model_name="importjob",
            name="result",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not finished"),
                    ("imported", "Imported"),
                    ("unchanged", "Already imported: nothing changed"),
                    ("rejected", "Rejected: nothing was stored"),
                ],
                default="",
                max_length=10,
                verbose_name="result",
            ),
        ),
        migrations.AddField(
            model_name="importjob",
            name="error",
            field=models.TextField(blank=True, verbose_name="error"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="message",
            field=models.CharField(blank=True, max_length=500, verbose_name="message"),
        ),
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="importjob",
            name="status",
            field=models.CharField(
                choices=[("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
                default="queued",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="progress (%)"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="started by",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="queued"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="finished"),
        ),
    ]
