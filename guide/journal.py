"""The journal of a baby's sessions: the list, course progress and a small chart drawn on the server."""

import csv
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils import timezone

from safety.models import person_name

WEEKS_SHOWN = 8
JOURNAL_PAGE_SIZE = 20  # sessions a page shows: a year of sessions would make a page too long for a phone
CHART_HEIGHT = 120
BAR_WIDTH = 28
BAR_GAP = 12


@dataclass
class Week:
    start: object
    sessions: int
    minutes: int
    x: int = 0
    height: int = 0
    y: int = 0
    minutes_y: int = 0


def weekly(sessions, today, weeks=WEEKS_SHOWN):
    """Sessions and minutes per week (Monday to Sunday) for the last `weeks` weeks, oldest first,
    with the chart's geometry: a bar per week for the sessions, a point per week for the minutes."""
    this_monday = today - timedelta(days=today.weekday())
    rows = [Week(start=this_monday - timedelta(weeks=n), sessions=0, minutes=0) for n in reversed(range(weeks))]
    by_start = {row.start: row for row in rows}
    for session in sessions:
        day = timezone.localtime(session.started_at).date()
        row = by_start.get(day - timedelta(days=day.weekday()))
        if row:
            row.sessions += 1
            row.minutes += session.minutes
    most = max(row.sessions for row in rows) or 1
    longest = max(row.minutes for row in rows) or 1
    for i, row in enumerate(rows):
        row.x = BAR_GAP + i * (BAR_WIDTH + BAR_GAP)
        row.height = round(row.sessions / most * (CHART_HEIGHT - 20))
        row.y = CHART_HEIGHT - row.height
        row.minutes_y = CHART_HEIGHT - round(row.minutes / longest * (CHART_HEIGHT - 20))
    return rows


def journal_context(baby, page_number=1, today=None):
    """Everything the journal page shows: the chart of the last WEEKS_SHOWN weeks, the session to resume, the
    course reached, and one page of the sessions, newest first (JOURNAL_PAGE_SIZE a page; the CSV holds them all).
    Two queries whatever the number of sessions: the sessions of the chart's weeks, and how many the journal holds.
    One more for a page the chart's weeks do not fill, and one when no course session is in those weeks. Raises
    Http404 for a page that is not there."""
    today = today or timezone.localdate()
    now = timezone.now()
    first_day = today - timedelta(days=today.weekday(), weeks=WEEKS_SHOWN - 1)
    recent = list(baby.massage_sessions.select_related("course", "routine", "started_by")
                  .filter(started_at__gte=timezone.make_aware(datetime.combine(first_day, time.min))))
    # A session left for 12 hours counts as stopped early; only a recent unfinished one is offered to resume.
    charted = [s for s in recent if s.finished or s.is_abandoned(now)]
    weeks = weekly(charted, today)
    in_journal = baby.massage_sessions.in_journal(now).select_related("course", "routine", "started_by")
    paginator = Paginator(in_journal, JOURNAL_PAGE_SIZE)
    try:
        page = paginator.page(page_number)
    except InvalidPage:
        raise Http404 from None
    if page.number == 1 and (len(charted) >= JOURNAL_PAGE_SIZE or len(charted) == paginator.count):
        page.object_list = charted[:JOURNAL_PAGE_SIZE]  # the newest sessions are the chart's: not read twice
    current = next((s for s in charted if s.course_id), None) or in_journal.filter(course__isnull=False).first()
    return {
        "page": page,
        "sessions": page.object_list,
        "first_number": paginator.count - page.start_index() + 1,  # the list counts down to the first session
        "charted": len(charted),
        "resume": next((s for s in recent if not s.finished and not s.is_abandoned(now)), None),
        "course_progress": current and {
            "course": current.course, "number": current.course_session_number, "of": current.course.sessions,
        },
        "weeks": weeks,
        "minutes_line": " ".join(f"{w.x + BAR_WIDTH // 2},{w.minutes_y}" for w in weeks),
        "chart_width": BAR_GAP + len(weeks) * (BAR_WIDTH + BAR_GAP),
        "chart_height": CHART_HEIGHT,
        "bar_width": BAR_WIDTH,
        "total_minutes": sum(w.minutes for w in weeks),
    }


def _cell(value):
    """A spreadsheet cell that cannot run as a formula when the file is opened."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def journal_file_name(baby):
    """"Mila massage journal.csv": the baby's name as the family wrote it, without what a file name cannot hold."""
    name = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', " ", baby.name).split()).strip(" .") or "baby"
    return f"{name} massage journal.csv"


# A byte-order mark first, so that Excel reads the file as UTF-8 and shows names like "Zoë" or "Маша" right.
BYTE_ORDER_MARK = "\ufeff"


def write_journal_csv(out, baby):
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out)
    writer.writerow(["date", "started", "minutes", "course or routine", "session of course", "steps done",
                     "steps skipped", "steps not reached", "stopped early", "mood", "cues", "note", "by"])
    for session in baby.massage_sessions.in_journal().select_related("course", "routine", "started_by"):
        number = f"{session.course_session_number} of {session.course.sessions}" if session.course else ""
        started = timezone.localtime(session.started_at)
        writer.writerow([_cell(value) for value in (
            started.date().isoformat(), started.strftime("%H:%M"), session.minutes, session.title, number,
            len(session.done_ids), len(session.skipped_ids), session.not_reached,
            "yes" if session.stopped_early else "no", session.get_mood_display(),
            "; ".join(str(label) for label in session.cue_labels()), session.note, person_name(session.started_by),
        )])
