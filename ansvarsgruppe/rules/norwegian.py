"""Dates and times the way Norwegian (bokmål) documents write them, for print formats and e-mail.

``12.03.2026``, ``torsdag 12. mars 2026``, ``kl. 10.00–11.30``. Språkrådet recommends a full stop
between hours and minutes; the weekday and month names are written in lower case. Values may be
``date``/``datetime``/ISO strings and, for times, ``time``/``timedelta`` (what MariaDB's TIME gives
Frappe) or ``"HH:MM[:SS]"`` strings; an empty value gives an empty string. The names and patterns come
from Babel (CLDR), as in Frappe's own date formatting.
"""

import datetime

from babel.dates import format_date, format_time
from stdnum.no import fodselsnummer

# Babel's Norwegian bokmål (the locale Frappe's language code ``no`` stands for).
LOCALE = "nb"


def as_date(value) -> datetime.date | None:
	if not value:
		return None
	if isinstance(value, datetime.datetime):
		return value.date()
	if isinstance(value, datetime.date):
		return value
	return datetime.date.fromisoformat(str(value).strip()[:10])


def as_time(value) -> datetime.time | None:
	if value is None or value == "":
		return None
	if isinstance(value, datetime.datetime):
		return value.time()
	if isinstance(value, datetime.time):
		return value
	if isinstance(value, datetime.timedelta):
		seconds = int(value.total_seconds()) % (24 * 3600)
		return datetime.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
	hours, minutes, *rest = (str(value).strip().split(".")[0] + ":0").split(":")[:3]
	return datetime.time(int(hours), int(minutes), int(rest[0]) if rest and rest[0] else 0)


def short_date(value) -> str:
	"""``12.03.2026``"""
	day = as_date(value)
	return format_date(day, "dd.MM.y", locale=LOCALE) if day else ""


def long_date(value, with_weekday: bool = True) -> str:
	"""``torsdag 12. mars 2026`` (or ``12. mars 2026``)."""
	day = as_date(value)
	if not day:
		return ""
	return format_date(day, "EEEE d. MMMM y" if with_weekday else "d. MMMM y", locale=LOCALE)


def clock(value) -> str:
	"""``10.00``"""
	time = as_time(value)
	return format_time(time, "HH.mm", locale=LOCALE) if time else ""


def time_span(start, end=None) -> str:
	"""``kl. 10.00–11.30``; ``kl. 10.00`` without an end (or one that is not after the start); empty
	without a start."""
	start_time, end_time = as_time(start), as_time(end)
	if not start_time:
		return ""
	if end_time and end_time > start_time:
		return f"kl. {clock(start_time)}–{clock(end_time)}"
	return f"kl. {clock(start_time)}"


def meeting_time(day, start=None, end=None) -> str:
	"""``torsdag 12. mars 2026 kl. 10.00–11.30``"""
	return " ".join(part for part in (long_date(day), time_span(start, end)) if part)


def national_id(value: str | None) -> str:
	"""An 11-digit fødselsnummer as it is printed on forms: ``DDMMYY NNNNN``."""
	digits = "".join(ch for ch in (value or "") if ch.isdigit())
	return fodselsnummer.format(digits) if len(digits) == 11 else (value or "")
