"""The journal's weekly figures, drawn on the server."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

from django.utils import timezone

from guide.journal import CHART_HEIGHT, weekly

WEDNESDAY = date(2026, 11, 25)


def session(day, minutes):
    started = timezone.make_aware(datetime(day.year, day.month, day.day, 19, 0))
    return SimpleNamespace(started_at=started, minutes=minutes)


def test_sessions_and_minutes_are_counted_per_week_from_monday():
    sessions = [session(WEDNESDAY, 10), session(WEDNESDAY - timedelta(days=2), 6),  # this week (Mon 23rd)
                session(WEDNESDAY - timedelta(days=3), 8),  # Sunday: last week
                session(WEDNESDAY - timedelta(weeks=20), 5)]  # too long ago for the chart
    weeks = weekly(sessions, WEDNESDAY)
    assert len(weeks) == 8
    assert weeks[-1].start == date(2026, 11, 23)
    assert [(w.sessions, w.minutes) for w in weeks[-2:]] == [(1, 8), (2, 16)]
    assert sum(w.sessions for w in weeks) == 3


def test_the_busiest_week_has_the_tallest_bar_and_an_empty_week_none():
    weeks = weekly([session(WEDNESDAY, 10), session(WEDNESDAY, 10), session(WEDNESDAY - timedelta(weeks=1), 4)],
                   WEDNESDAY)
    assert weeks[-1].height > weeks[-2].height > 0 == weeks[0].height
    assert weeks[-1].y == CHART_HEIGHT - weeks[-1].height
    assert weeks[-1].minutes_y < weeks[-2].minutes_y  # more minutes, higher point
