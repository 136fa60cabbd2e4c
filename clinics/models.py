"""A clinic at work: its staff, the babies parents share with it, and a record of everything done there.

A parent shares one baby by making a short code (valid 24 hours, usable once) and showing it at the clinic; the
member of staff who enters it opens the share for their clinic. From then on that clinic's staff see what they need
to record a doctor's approval (the baby's age and the health answers' concerns and outcome, never the journal) until
the parent ends the share. Staff of any other clinic, and everyone after the share ends, get a 404.

The safety app knows nothing of clinics (it must not): a clearance recorded here carries the clinic's name as text.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from routines.models import Clinic
from safety.models import Baby, InsertOnlyModel

CODE_VALID = timedelta(hours=24)
# No 0/O, 1/I/L: a code read aloud or copied from a phone at the desk cannot be mistyped between them.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # 31^8, about 8.5 x 10^11 codes: with the throttle (services.py) guessing one is hopeless


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def normalise_code(text):
    """A code as typed ("abcd 2345", "ABCD-2345") in the form it is stored."""
    return "".join(char for char in str(text).upper() if char.isalnum())


def format_code(code):
    """ABCD-2345: two halves are easier to read out and to copy."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


class ClinicStaff(models.Model):
    """A user who works at a clinic: they get the clinic desk (/clinic/) and see the babies shared with it.
    Made in admin (the clinic's page). One clinic per account, so "their clinic" is never a question."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_staff",
                                verbose_name=_("user"))
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="staff", verbose_name=_("clinic"))
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["clinic", "user__email"]
        verbose_name = _("clinic staff member")
        verbose_name_plural = _("clinic staff")

    def __str__(self):
        return f"{self.user} · {self.clinic}"


class ShareQuerySet(models.QuerySet):
    def waiting(self, now):
        """Codes a clinic can still open: not used, not stopped, under 24 hours old, for a baby still listed."""
        return self.filter(clinic__isnull=True, ended_at__isnull=True, code_expires_at__gt=now,
                           baby__removed_at__isnull=True)

    def active(self):
        """Shares a clinic opened and the parent has not ended (of babies still listed)."""
        return self.filter(clinic__isnull=False, ended_at__isnull=True, baby__removed_at__isnull=True)


class Share(models.Model):
    """One baby shared with one clinic: first a code waiting at the parent's, then open at the clinic that entered
    it, until the parent ends it. Its changes are its own methods, each on its locked row."""

    # CASCADE, unlike the health records: when a family has its data erased, its shares and their trail go too.
    baby = models.ForeignKey(Baby, on_delete=models.CASCADE, related_name="clinic_shares", verbose_name=_("baby"))
    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True)
    code_expires_at = models.DateTimeField(_("code valid until"))
    # Who, while their account exists: erasing an account (family app) leaves the record without a name.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("made by"))
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, null=True, blank=True, related_name="shares",
                               verbose_name=_("clinic"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("ended by"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("share with a clinic")
        verbose_name_plural = _("shares with clinics")

    def __str__(self):
        return f"{self.baby} · {self.clinic or _('code not used yet')}"

    @property
    def display_code(self):
        return format_code(self.code)

    @property
    def is_open(self):
        return self.clinic_id is not None and self.ended_at is None

    def is_waiting(self, now):
        return self.clinic_id is None and self.ended_at is None and now < self.code_expires_at

    def _lock(self):
        """Read the row again under a lock (SELECT … FOR UPDATE) inside the caller's transaction: two requests
        racing on one share (two nurses entering one code, the parent ending it meanwhile) go one after the other."""
        self.refresh_from_db(from_queryset=type(self).objects.select_for_update())

    def open_for(self, *, clinic, user, now):
        """The clinic whose staff entered the code gets the share; False if the code had stopped working first."""
        with transaction.atomic():
            self._lock()
            if not self.is_waiting(now):
                return False
            self.clinic, self.opened_by, self.opened_at = clinic, user, now
            self.save(update_fields=["clinic", "opened_by", "opened_at"])
            return True

    def end(self, *, user, now):
        """The parent ends the share (or stops a code not used yet); ending it twice changes nothing."""
        with transaction.atomic():
            self._lock()
            if self.ended_at is not None:
                return False
            self.ended_by, self.ended_at = user, now
            self.save(update_fields=["ended_by", "ended_at"])
            return True


class ClinicEvent(InsertOnlyModel):
    """Who did what, when, for sharing with clinics: every code made, entered (working or not), every look at a
    shared baby's health answers, every approval recorded and every share ended. Insert-only, like the health
    records. The wrong codes counted here are also what limits guessing (services.py)."""

    class Action(models.TextChoices):
        CODE_MADE = "code_made", _("made a code to share the baby")
        CODE_OPENED = "code_opened", _("opened the family's code")
        CODE_REFUSED = "code_refused", _("entered a code that did not work")
        TOO_MANY_TRIES = "too_many", _("was stopped after too many wrong codes")
        VIEWED = "viewed", _("looked at the baby's health answers")
        CLEARANCE = "clearance", _("recorded a doctor's approval")
        ENDED = "ended", _("ended the sharing")

    action = models.CharField(_("what"), max_length=12, choices=Action.choices)
    # Who, while their account exists: erasing an account (family app) leaves the record without a name.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name=_("who"))
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("clinic"))
    # Empty for a code that did not work: it names no baby, and the record must not either.
    baby = models.ForeignKey(Baby, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("baby"))
    share = models.ForeignKey(Share, on_delete=models.CASCADE, null=True, blank=True, related_name="events",
                              verbose_name=_("share"))
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("clinic record")
        verbose_name_plural = _("clinic records")
        indexes = [
            models.Index(fields=["actor", "action", "created_at"], name="clinic_event_actor_tries"),
            models.Index(fields=["address", "action", "created_at"], name="clinic_event_address_tries"),
        ]

    def __str__(self):
        return f"{self.actor} · {self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"
