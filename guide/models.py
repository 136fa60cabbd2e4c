"""A parent's use of the content: the guided sessions of one baby, which are also its journal."""

from functools import wraps

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MassageSessionQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(finished_at__isnull=True)

    def locked(self, **lookup):
        """One session, its row locked (SELECT … FOR UPDATE) until the surrounding transaction ends.

        Its transitions then change it without reading it again. Raises DoesNotExist like get()."""
        session = self.select_for_update().get(**lookup)
        session._locked = True
        transaction.on_commit(lambda: setattr(session, "_locked", False))
        return session


def transition(method):
    """A change of a session's state, in one transaction on its locked row.

    Two requests racing on one session (a double tap, "Done" and "skip to the next body part" at
    the same moment) are applied one after the other, each to the state the other left, so a step
    is never counted twice. A session not read with `locked()` is read again under the lock first.
    """
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            if not getattr(self, "_locked", False):
                self.refresh_from_db(from_queryset=type(self).objects.select_for_update())
            return method(self, *args, **kwargs)

    return wrapper


class MassageSession(models.Model):
    """One guided session of one baby: the journal entry, and the saved place in the player.

    The planned steps are frozen at the start (editors may change routines later), and the position is
    saved after every step, so closing the tab or losing the connection loses nothing.
    """

    class Mood(models.TextChoices):
        CONTENT = "content", _("Content and relaxed")
        CALM = "calm", _("Calm")
        MIXED = "mixed", _("Some fussing")
        UNHAPPY = "unhappy", _("Unhappy")

    class Cue(models.TextChoices):
        CRYING = "crying", _("Crying")
        TURNING_AWAY = "turning_away", _("Turning away")
        HICCUPS = "hiccups", _("Hiccups")
        ARCHING = "arching", _("Arching the back")
        YAWNING = "yawning", _("Yawning or looking away")
        TENSE = "tense", _("Tense hands or legs")

    class Checklist(models.TextChoices):
        TICKED = "ticked", _("Ticked")
        SKIPPED = "skipped", _("Skipped")

    baby = models.ForeignKey("safety.Baby", on_delete=models.PROTECT, related_name="massage_sessions")
    course = models.ForeignKey(
        "routines.Course", on_delete=models.PROTECT, null=True, blank=True, related_name="massage_sessions"
    )
    routine = models.ForeignKey(
        "routines.Routine", on_delete=models.PROTECT, null=True, blank=True, related_name="massage_sessions"
    )
    screening = models.ForeignKey("safety.ScreeningSubmission", on_delete=models.PROTECT, related_name="+")
    daily_check = models.ForeignKey("safety.DailyCheck", on_delete=models.PROTECT, related_name="+")
    course_session_number = models.PositiveSmallIntegerField(_("session number in the course"), null=True, blank=True)
    step_ids = models.JSONField(_("planned steps, in order"))
    # Frozen with the plan, like step_ids: "skip to the next body part" needs no look-up of the steps.
    step_areas = models.JSONField(_("body area of each planned step"), default=list, blank=True)
    left_out_areas = models.JSONField(_("body areas left out"), default=list, blank=True)
    position = models.PositiveIntegerField(_("current step (index)"), default=0)
    done_ids = models.JSONField(_("steps done"), default=list, blank=True)
    skipped_ids = models.JSONField(_("steps skipped"), default=list, blank=True)
    cues = models.JSONField(_("cues seen"), default=list, blank=True)
    checklist = models.CharField(_("before-you-start list"), max_length=8, blank=True, choices=Checklist.choices)
    hands_free = models.BooleanField(_("hands-free"), default=False)
    ending_gently = models.BooleanField(_("ending with a calming stroke"), default=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last step saved"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    mood = models.CharField(_("how your baby took it"), max_length=10, choices=Mood.choices, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    objects = MassageSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("massage session")
        verbose_name_plural = _("massage sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course__isnull=True) ^ models.Q(routine__isnull=True), name="course_xor_routine"
            ),
        ]

    def __str__(self):
        return f"{self.baby} · {self.started_at:%Y-%m-%d %H:%M}"

    # --- reading -------------------------------------------------------------------------------

    @property
    def title(self):
        return (self.course or self.routine).title

    @property
    def finished(self):
        return self.finished_at is not None

    @property
    def total_steps(self):
        return len(self.step_ids)

    @property
    def current_step_id(self):
        if self.finished or self.ending_gently or self.position >= len(self.step_ids):
            return None
        return self.step_ids[self.position]

    @property
    def next_step_id(self):
        if self.current_step_id is None or self.position + 1 >= len(self.step_ids):
            return None
        return self.step_ids[self.position + 1]

    @property
    def duration(self):
        return (self.finished_at or self.updated_at) - self.started_at

    @property
    def minutes(self):
        return max(round(self.duration.total_seconds() / 60), 1)

    def cue_labels(self):
        labels = dict(self.Cue.choices)
        return [labels[cue] for cue in dict.fromkeys(c["cue"] for c in self.cues) if cue in labels]

    # --- transitions: each one transaction on the locked row ----------------------------------------

    def _save(self, *fields):
        self.save(update_fields=[*fields, "updated_at"])

    def _move_on(self, steps, *, done):
        """Count the next `steps` planned steps as done or skipped; after the last one the session is
        finished, unless it ends with the calming stroke first."""
        passed = self.step_ids[self.position:self.position + steps]
        (self.done_ids if done else self.skipped_ids).extend(passed)
        self.position += len(passed)
        if self.position >= self.total_steps and not (self.finished or self.ending_gently):
            self.finished_at = timezone.now()

    @transition
    def record_step(self, step_id, *, done):
        """Mark the current step done (or skipped) and move on. A stale or repeated request changes nothing."""
        if self.current_step_id != step_id:
            return False
        self._move_on(1, done=done)
        self._save("done_ids", "skipped_ids", "position", "finished_at")
        return True

    @transition
    def skip_rest_of_area(self, step_id):
        """Skip the rest of the current body area (the baby is fussing) and go on with the next one."""
        if self.current_step_id != step_id:
            return False
        area = self.step_areas[self.position]
        rest = 0
        while self.position + rest < self.total_steps and self.step_areas[self.position + rest] == area:
            rest += 1
        self._move_on(rest, done=False)
        self._save("skipped_ids", "position", "finished_at")
        return True

    @transition
    def note_cue(self, cue):
        self.cues.append({"cue": cue, "at": timezone.now().isoformat(), "position": self.position})
        self._save("cues")

    @transition
    def end_gently(self):
        """Stop the planned steps; the player shows one calming stroke and then the finish page."""
        if self.finished or self.ending_gently:
            return
        self.ending_gently = True
        self._move_on(self.total_steps - self.position, done=False)
        self._save("skipped_ids", "position", "ending_gently")

    @transition
    def set_checklist(self, value):
        self.checklist = value
        self._save("checklist")

    @transition
    def finish(self, *, mood="", cues=(), note=""):
        """Close the session (if the player has not already) and keep how the baby took it."""
        self._move_on(self.total_steps - self.position, done=False)
        self.finished_at = self.finished_at or timezone.now()
        seen = {c["cue"] for c in self.cues}
        self.cues.extend({"cue": cue, "at": timezone.now().isoformat(), "position": None}
                         for cue in cues if cue not in seen)
        self.mood, self.note = mood, note
        self.full_clean()
        self._save("skipped_ids", "position", "finished_at", "cues", "mood", "note")
