"""Login throttling: django-axes, with two changes its settings cannot express.

Axes watches every login through Django's authentication (the parents' form and /admin/login/ alike) and
keeps its counts in the database, so every app server shares them. The settings (babymassage/settings.py)
lock on the pair of account and address, so nobody elsewhere can lock a parent out, and on the address
across all accounts, so trying many accounts from one place is stopped too.

1. Two limits. Axes compares the largest count of its lockout parameters with one AXES_FAILURE_LIMIT;
   the pair gets 5 tries, an address 30 (LOGIN_ADDRESS_FAILURE_LIMIT). `get_failures` shifts the address's
   count so that reaching its own limit reaches AXES_FAILURE_LIMIT.
2. No race. Axes counts a failure after the password was checked, and checking is slow on purpose, so
   requests racing on one account all pass the check before any failure is counted (6-8 guesses per 5 got
   through with 4 workers). Here a try is counted *before* its password is checked, in one short
   transaction that the other tries from the same address wait for, and given back if the password was right.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.db.models import F, Sum
from django.shortcuts import render


def client_ip(request):
    """The client's address. With TRUSTED_PROXY_COUNT proxies of ours in front, it is the entry the outermost
    of them appended to X-Forwarded-For (counted from the right: anything further left the client wrote
    itself); without, or if the header is not what our proxies write, the connection's own address."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out login gets (axes's own is one line of text): 429, in the site's look."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


class LoginThrottle(AxesDatabaseHandler):
    PARAMETERS = [["username", "ip_address"], "ip_address"]  # the pair, then the address: get_failures needs both

    def __init__(self):
        if settings.AXES_LOCKOUT_PARAMETERS != self.PARAMETERS:
            raise ImproperlyConfigured(f"LoginThrottle needs AXES_LOCKOUT_PARAMETERS = {self.PARAMETERS}")

    def get_failures(self, request, credentials=None):
        pair, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)  # in PARAMETERS' order
        )
        return max(pair, address - (settings.LOGIN_ADDRESS_FAILURE_LIMIT - settings.AXES_FAILURE_LIMIT))

    def is_locked(self, request, credentials=None):
        """Locked, or else this try is counted now, before its password is checked."""
        with transaction.atomic(using=router.db_for_write(AccessAttempt)):
            _take_turns(request)
            self.clean_expired_user_attempts(request, credentials)  # so that an old count is not revived below
            if super().is_locked(request, credentials):
                return True
            key = {"username": get_client_username(request, credentials), "ip_address": request.axes_ip_address,
                   "user_agent": request.axes_user_agent}
            attempt, created = AccessAttempt.objects.get_or_create(**key, defaults={
                "failures_since_start": 1, "attempt_time": request.axes_attempt_time,
                "get_data": "", "post_data": "", "http_accept": request.axes_http_accept,
                "path_info": request.axes_path_info,
            })
            if not created:
                AccessAttempt.objects.filter(pk=attempt.pk).update(
                    failures_since_start=F("failures_since_start") + 1, attempt_time=request.axes_attempt_time
                )
        request.login_try_counted = key
        return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        key = getattr(request, "login_try_counted", None)
        if key is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        request.login_try_counted = None
        with transaction.atomic(using=router.db_for_write(AccessAttempt)):
            _take_turns(request)
            # Axes counts this failure again below, with its details and the decision to lock.
            AccessAttempt.objects.filter(**key).update(failures_since_start=F("failures_since_start") - 1)
            AccessAttempt.objects.filter(**key, failures_since_start=0).delete()
            super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        key = getattr(request, "login_try_counted", None)
        if key is not None:
            # The right password: this account's wrong tries from this address are forgiven (the address's
            # tries at other accounts are not, or one's own account would reset the address's limit).
            request.login_try_counted = None
            AccessAttempt.objects.filter(username=key["username"], ip_address=key["ip_address"]).delete()
        super().user_logged_in(sender, request, user, **kwargs)


def _take_turns(request):
    """Tries from one address are counted one at a time. On PostgreSQL a transaction-long advisory lock on the
    address; SQLite's write transactions already take turns (IMMEDIATE, see settings)."""
    connection = connections[router.db_for_write(AccessAttempt)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"login-tries:{request.axes_ip_address}"])
