"""Follow-ups as an iCalendar file that Outlook, Google Calendar and Apple Calendar import.

One all-day event per follow-up. Its UID is made of the lead id, the date and a hash of the
workbook's full path, so importing a newer file updates the same events instead of adding
copies. The summary names the channel and the company; the description holds the lead, the
contact, the phone and a link back to the lead's row (``file:///...xlsx#'Leads'!A12``, plus
the plain text ``Leads!A12`` for calendars that do not open links).

After the sale the same calendar holds a customer's next touch, a "thank the referrer"
follow-up, and the birthdays and anniversaries of the customer file: those two recur every
year (``RRULE:FREQ=YEARLY``) and their UID has no date, so a later file updates them too. The
summary starts with what the event is (`salesxl.core.vocab.AGENDA_KINDS`).

Example:
    >>> import datetime as dt
    >>> ev = FollowUpEvent("R01-0001", dt.date(2026, 12, 1), "call", "scheduled", "Apex",
    ...                    "Jamie Lee", "010-1234-5678", "Proposal", "Leads", 11, 0)
    >>> cal = follow_up_calendar([ev], Path("/data/team.xlsx"), "en",
    ...                          now=dt.datetime(2026, 11, 27, 9, tzinfo=dt.timezone.utc))
    >>> str(cal.walk("VEVENT")[0]["SUMMARY"])
    'Call: Apex'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

import icalendar

from salesxl.core import clock
from salesxl.core.cells import to_a1
from salesxl.core.version import __version__
from salesxl.core.vocab import AGENDA_KINDS, CHANNELS, FOLLOW_UP_STATUSES, Vocabulary
from salesxl.io.parts.atomic import atomic_save

PRODID = f"-//salesxl//salesxl {__version__}//EN"
_LABELS = {
    "en": ("Lead", "Company", "Contact", "Phone", "Stage", "Status", "Row", "Open the row"),
    "ko": ("리드", "회사", "담당자", "전화", "단계", "상태", "행", "행 열기"),
}
_MORE = {"en": ("Customer", "Referrer", "Referred lead won"),
         "ko": ("고객", "추천인", "수주한 추천 리드")}
_UID_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)  # one per lead with a follow-up
class FollowUpEvent:
    """One follow-up to put in a calendar."""

    lead_id: str
    date: dt.date
    channel: str | None  # channel key (visit, call...) or the Config's own text
    status: str  # overdue | due | scheduled
    company: str | None
    contact: str | None
    phone: str | None
    stage: str | None  # stage label as shown in the workbook
    sheet: str  # the Leads sheet name
    row: int  # zero-based worksheet row of the lead
    col: int = 0  # zero-based column the link points at
    kind: str = "follow_up"  # an AGENDA_KINDS key; lead_id is then a customer's or referrer's
    note: str | None = None  # thank_referrer: the referred lead that was won
    yearly: bool = False  # a birthday or an anniversary: every year on that day


def book_hash(book: Path) -> str:
    """A short, stable hash of the workbook's full path (not its content, which changes)."""
    return hashlib.sha1(str(Path(book).resolve()).encode("utf-8")).hexdigest()[:12]


def event_uid(lead_id: str, date: dt.date, book: Path, *, digest: str | None = None) -> str:
    """The event's UID: lead, date and workbook, e.g. 'R01-0001-20261201-3fa2...@salesxl'.

    Example:
        >>> event_uid("R01 0001", dt.date(2026, 12, 1), Path("/x.xlsx")).split("@")[0][:18]
        'R01_0001-20261201-'
    """
    safe = _UID_SAFE.sub("_", lead_id).strip("_") or "lead"
    return f"{safe}-{date:%Y%m%d}-{digest or book_hash(book)}@salesxl"


def yearly_uid(key: str, book: Path, *, digest: str | None = None) -> str:
    """The UID of a yearly event: what it is and whose, and the workbook (no date).

    Example:
        >>> yearly_uid("birthday-C-0001", Path("/x.xlsx")).split("@")[0][:16]
        'birthday-C-0001-'
    """
    safe = _UID_SAFE.sub("_", key).strip("_") or "event"
    return f"{safe}-{digest or book_hash(book)}@salesxl"


def row_link(book: Path, sheet: str, row: int, col: int = 0, *, uri: str | None = None) -> str:
    """A ``file://`` URL to a cell of the workbook (Excel opens the file at that cell).

    Example:
        >>> row_link(Path("/data/my team.xlsx"), "Leads", 11)
        "file:///data/my%20team.xlsx#'Leads'!A12"
    """
    fragment = quote(f"'{sheet}'!{to_a1(row, col)}", safe="'!")
    return f"{uri or Path(book).resolve().as_uri()}#{fragment}"


def _label(choices: Vocabulary, key: str | None, lang: str) -> str:
    return choices.label(key, lang) if key else ""


def follow_up_calendar(events: Iterable[FollowUpEvent], book: Path, lang: str, *,
                       now: dt.datetime | None = None) -> icalendar.Calendar:
    """An iCalendar calendar with one all-day event per follow-up."""
    lang = lang if lang in _LABELS else "en"
    names = _LABELS[lang]
    stamp = (now or clock.now_utc()).astimezone(dt.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"salesxl: {Path(book).stem}")
    uri, digest = Path(book).resolve().as_uri(), book_hash(book)
    more = _MORE[lang]
    for ev in events:
        channel = _label(CHANNELS, ev.channel, lang)
        status = _label(FOLLOW_UP_STATUSES, ev.status, lang)
        where = f"{ev.sheet}!{to_a1(ev.row, ev.col)}"
        link = row_link(book, ev.sheet, ev.row, ev.col, uri=uri)
        contact = ev.contact or ""
        if ev.kind == "follow_up":
            lines = [f"{names[0]}: {ev.lead_id}", f"{names[1]}: {ev.company or ''}",
                     f"{names[2]}: {contact}", f"{names[3]}: {ev.phone or ''}",
                     f"{names[4]}: {ev.stage or ''}", f"{names[5]}: {status}",
                     f"{names[6]}: {where}", f"{names[7]}: {link}"]
            summary = f"{channel}: {ev.company or ev.lead_id}"
            uid = event_uid(ev.lead_id, ev.date, book, digest=digest)
        else:
            kind = AGENDA_KINDS.label(ev.kind, lang)
            who = ev.company or contact or ev.lead_id
            if ev.kind in ("birthday", "anniversary"):
                who = f"{contact} ({ev.company})" if contact and ev.company else who
            summary = f"{kind} ({channel}): {who}" if channel else f"{kind}: {who}"
            lines = [f"{more[1] if ev.kind == 'thank_referrer' else more[0]}: {ev.lead_id}",
                     f"{names[1]}: {ev.company or ''}", f"{names[2]}: {contact}"]
            if ev.phone:
                lines.append(f"{names[3]}: {ev.phone}")
            if ev.note:
                lines.append(f"{more[2]}: {ev.note}")
            if not ev.yearly:
                lines.append(f"{names[5]}: {status}")
            lines += [f"{names[6]}: {where}", f"{names[7]}: {link}"]
            key = f"{ev.kind}-{ev.lead_id}" + (f"-{ev.note}" if ev.note else "")
            uid = (event_uid(key, ev.date, book, digest=digest) if not ev.yearly
                   else yearly_uid(key, book, digest=digest))
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", ev.date)
        event.add("dtend", ev.date + dt.timedelta(days=1))
        if ev.yearly:
            event.add("rrule", {"freq": "yearly"})
        event.add("summary", summary)
        event.add("description", "\n".join(lines))
        event.add("url", link)
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["salesxl", AGENDA_KINDS.label(ev.kind, lang)
                                 if ev.yearly else status])
        cal.add_component(event)
    return cal


def write_ics(path: str | Path, events: Iterable[FollowUpEvent], book: Path, lang: str, *,
              now: dt.datetime | None = None) -> Path:
    """Write the follow-ups to an ``.ics`` file (atomically) and return its path.

    Example:
        >>> write_ics("follow-ups.ics", events, Path("team.xlsx"), "ko")  # doctest: +SKIP
        PosixPath('follow-ups.ics')
    """
    path = Path(path)
    data = follow_up_calendar(events, book, lang, now=now).to_ical()

    def write(fh: IO[bytes]) -> None:
        fh.write(data)

    atomic_save(path, write, backup=False)
    return path
