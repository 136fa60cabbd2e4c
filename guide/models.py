"""A parent's use of the content: the guided sessions of one baby, which are also its journal."""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from routines.selectors import CONTENT_VERSION_SQL
from safety.sql import Columns, fetch_one

# A session nobody has touched for this long is over: it goes to the journal as stopped early and is no
# longer offered to resume (the baby's day has moved on; today's check has long run out).
ABANDONED_AFTER = timedelta(hours=12)


class MassageSessionQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(finished_at__isnull=True)

    def resumable(self, now=None):
        """Unfinished, and touched within the last 12 hours."""
        return self.unfinished().filter(updated_at__gt=(now or timezone.now()) - ABANDONED_AFTER)

    def in_journal(self, now=None):
        """Finished, or left unfinished for 12 hours (shown as stopped early)."""
        stale = models.Q(finished_at__isnull=True, updated_at__lte=(now or timezone.now()) - ABANDONED_AFTER)
        return self.filter(models.Q(finished_at__isnull=False) | stale)


class MassageSessionManager(models.Manager.from_queryset(MassageSessionQuerySet)):
    @cached_property
    def _locked_read(self):
        """The columns and the statement of locked(), built once: the session's row and the content's version, written
        out in SQL (safety/sql.py) because a step swap reads them on every tap."""
        columns = Columns(self.model, "s")
        lock = " FOR UPDATE" if connections[self.db].features.has_select_for_update else ""
        return columns, (f"SELECT {columns.sql}, {CONTENT_VERSION_SQL} FROM guide_massagesession s "  # noqa: S608
                         f"WHERE s.baby_id = %s AND s.id = %s{lock}")

    def locked(self, *, baby, pk):
        """The session `pk` of `baby`, its row locked (SELECT … FOR UPDATE) until the surrounding transaction ends,
        with `content_version` (routines.selectors.content_version()) read in the same statement.

        Its transitions then change it without reading it again. Raises DoesNotExist like get()."""
        if not connections[self.db].in_atomic_block:
            raise transaction.TransactionManagementError("locked() locks the row until a transaction ends: open one.")
        columns, sql = self._locked_read
        row, connection = fetch_one(self.model, sql, [baby.pk, pk])
        if row is None:
            raise self.model.DoesNotExist(pk)
        session = columns.instance(row[:-1], connection)
        session.content_version, session._locked = row[-1], True
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
    # Who started it, shown in the journal (a parent or a caregiver). Empty when their account was erased, or for
    # sessions from before this was kept.
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("started by"))
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
    # For each planned step: "left" or "right" for a step done on each side, and the way to turn the baby
    # ("tummy" or "back") before it when the routine changes how the baby lies ("" for neither).
    step_sides = models.JSONField(_("side of each planned step"), default=list, blank=True)
    step_turns = models.JSONField(_("turn before each planned step"), default=list, blank=True)
    left_out_areas = models.JSONField(_("body areas left out"), default=list, blank=True)
    position = models.PositiveIntegerField(_("current step (index)"), default=0)
    done_ids = models.JSONField(_("steps done"), default=list, blank=True)
    skipped_ids = models.JSONField(_("steps skipped"), default=list, blank=True)
    # Steps the session ended before: a gentle early end, or a session left unfinished. Not "skipped":
    # nobody chose to leave them out.
    not_reached_ids = models.JSONField(_("steps not reached"), default=list, blank=True)
    cues = models.JSONField(_("cues seen"), default=list, blank=True)
    checklist = models.CharField(_("before-you-start list"), max_length=8, blank=True, choices=Checklist.choices)
    hands_free = models.BooleanField(_("hands-free"), default=False)
    ending_gently = models.BooleanField(_("ending with a calming stroke"), default=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last step saved"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    mood = models.CharField(_("how your baby took it"), max_length=10, choices=Mood.choices, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    objects = MassageSessionManager()

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

    def side_at(self, position):
        return self.step_sides[position] if position < len(self.step_sides) else ""

    def turn_at(self, position):
        return self.step_turns[position] if position < len(self.step_turns) else ""

    @property
    def next_step_id(self):
        if self.current_step_id is None or self.position + 1 >= len(self.step_ids):
            return None
        return self.step_ids[self.position + 1]

    def is_abandoned(self, now=None):
        return not self.finished and self.updated_at <= (now or timezone.now()) - ABANDONED_AFTER

    @property
    def not_reached(self):
        """How many planned steps the session ended before (also for one left unfinished and not yet closed)."""
        return len(self.not_reached_ids) + (0 if self.finished else self.total_steps - self.position)

    @property
    def stopped_early(self):
        """Ended before its last step: gently, or left unfinished for 12 hours."""
        return bool(self.not_reached_ids) or self.ending_gently or self.is_abandoned()

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

    def _save(self, *names):
        """A change of state: write `names` and updated_at (now)."""
        self.updated_at = timezone.now()
        self._write(*names, "updated_at")

    def _write(self, *names):
        """Write `names` of the locked row: the UPDATE save(update_fields=…) makes, written out, because a step swap
        makes it on every tap and Django took longer to build it than to run it (issue 19)."""
        connection = connections[self._state.db]
        fields = [self._meta.get_field(name) for name in names]
        columns = ", ".join(f'"{field.column}" = %s' for field in fields)
        values = [field.get_db_prep_save(getattr(self, field.attname), connection) for field in fields]
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE guide_massagesession SET {columns} WHERE id = %s", [*values, self.pk])  # noqa: S608

    def _move_on(self, steps, *, into):
        """Count the next `steps` planned steps into `into` (done_ids, skipped_ids or not_reached_ids); after
        the last one the session is finished, unless it ends with the calming stroke first."""
        passed = self.step_ids[self.position:self.position + steps]
        into.extend(passed)
        self.position += len(passed)
        if self.position >= self.total_steps and not (self.finished or self.ending_gently):
            self.finished_at = timezone.now()

    def _end_here(self):
        """Whatever is still ahead is not reached."""
        self._move_on(self.total_steps - self.position, into=self.not_reached_ids)

    def _close_if_abandoned(self):
        """A session left for 12 hours is over; a late tap closes it instead of going on. True if it did."""
        if not self.is_abandoned():
            return False
        self.ending_gently = False
        self._end_here()
        self.finished_at = self.updated_at  # when it was left, not now: updated_at stays as it was
        self._write("not_reached_ids", "position", "finished_at", "ending_gently")
        return True

    @transition
    def close_if_abandoned(self):
        return self._close_if_abandoned()

    def _is_current(self, step_id, position):
        """The request is for the step on screen now; the position tells the left side from the right."""
        return self.current_step_id == step_id and position in (None, self.position)

    @transition
    def record_step(self, step_id, *, done, position=None):
        """Mark the current step done (or skipped) and move on. A stale or repeated request changes nothing."""
        if self._close_if_abandoned() or not self._is_current(step_id, position):
            return False
        self._move_on(1, into=self.done_ids if done else self.skipped_ids)
        self._save("done_ids", "skipped_ids", "position", "finished_at")
        return True

    @transition
    def skip_rest_of_area(self, step_id, *, position=None):
        """Skip the rest of the current body area (the baby is fussing) and go on with the next one."""
        if self._close_if_abandoned() or not self._is_current(step_id, position):
            return False
        area = self.step_areas[self.position]
        rest = 0
        while self.position + rest < self.total_steps and self.step_areas[self.position + rest] == area:
            rest += 1
        self._move_on(rest, into=self.skipped_ids)
        self._save("skipped_ids", "position", "finished_at")
        return True

    @transition
    def note_cue(self, cue):
        if self._close_if_abandoned():
            return
        self.cues.append({"cue": cue, "at": timezone.now().isoformat(), "position": self.position})
        self._save("cues")

    @transition
    def end_gently(self):
        """Stop the planned steps; the player shows one calming stroke and then the finish page."""
        if self._close_if_abandoned() or self.finished or self.ending_gently:
            return
        self.ending_gently = True
        self._end_here()
        self._save("not_reached_ids", "position", "ending_gently")

    @transition
    def set_checklist(self, value):
        self.checklist = value
        self._save("checklist")

    @transition
    def finish(self, *, mood="", cues=(), note=""):
        """Close the session (if the player has not already) and keep how the baby took it."""
        self._end_here()
        self.finished_at = self.finished_at or timezone.now()
        seen = {c["cue"] for c in self.cues}
        self.cues.extend({"cue": cue, "at": timezone.now().isoformat(), "position": None}
                         for cue in cues if cue not in seen)
        self.mood, self.note = mood, note
        self.full_clean()
        self._save("not_reached_ids", "position", "finished_at", "cues", "mood", "note")
