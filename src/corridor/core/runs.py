"""One background-run model for every long job.

A module's run model (a schedule run, a reviewer assignment, a placement, a trade import, a
profile computation…) inherits ``BackgroundRun`` and adds only its own inputs and results. The
module supplies the function that does the work; ``execute_run`` owns the bookkeeping:

    QUEUED --execute_run--> RUNNING --work returns--> DONE
                                   \\--work raises----> FAILED (error kept, message shown)

``work(run, progress)`` receives a ``progress(fraction, message="")`` callback; each call saves the
percentage and message (throttled to changes of at least one percent) so pages and the API can
show a progress bar. Pages include ``core/_run_progress.html``; the API subclasses
``core.serializers.BackgroundRunSerializer`` for one shape everywhere.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BackgroundRun(models.Model):
    """Status, progress and timing of one long job, started by ``actor``."""

    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def is_queued(self) -> bool:
        return self.status == RunStatus.QUEUED

    @property
    def is_running(self) -> bool:
        return self.status == RunStatus.RUNNING

    @property
    def is_done(self) -> bool:
        return self.status == RunStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == RunStatus.FAILED

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


Progress = Callable[..., None]


def execute_run(run: BackgroundRun, work: Callable[[BackgroundRun, Progress], object]) -> BackgroundRun:
    """Run ``work(run, progress)`` with the RUNNING → DONE / FAILED bookkeeping.

    ``work`` may set result fields on ``run``; they are saved with the final status. An exception
    marks the run FAILED with the error kept (traceback in ``error``, a one-line ``message`` for
    people) and is not re-raised: a failed run is a result, shown on its page. Returns the run.
    """
    model = type(run)
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.progress = 0
    run.error = ""
    model.objects.filter(pk=run.pk).update(status=run.status, started_at=run.started_at, progress=0, error="")
    last = {"pct": -1}

    def progress(fraction: float, message: str = "") -> None:
        pct = max(0, min(100, int(round(float(fraction) * 100))))
        if pct == last["pct"] and not message:
            return
        last["pct"] = pct
        run.progress = pct
        fields = {"progress": pct}
        if message:
            run.message = str(message)[:500]
            fields["message"] = run.message
        model.objects.filter(pk=run.pk).update(**fields)

    try:
        work(run, progress)
    except Exception as exc:  # a failed job is recorded, never left "running"
        logger.exception("%s %s failed", model.__name__, run.pk)
        run.status = RunStatus.FAILED
        run.error = traceback.format_exc()[-20000:]
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        run.message = (text or exc.__class__.__name__)[:500]
    else:
        run.status = RunStatus.DONE
        run.progress = 100
    run.finished_at = timezone.now()
    run.save()
    return run
