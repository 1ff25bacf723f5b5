"""Small date helpers the rules share (standard library only)."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
	"""The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
	month_index = day.month - 1 + months
	year, month = day.year + month_index // 12, month_index % 12 + 1
	return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth_date: datetime.date, on_date: datetime.date) -> int:
	"""Whole years of age on ``on_date``."""
	had_birthday = (on_date.month, on_date.day) >= (birth_date.month, birth_date.day)
	return on_date.year - birth_date.year - (0 if had_birthday else 1)


def is_minor(birth_date: datetime.date, on_date: datetime.date, age_limit: int) -> bool:
	return age_on(birth_date, on_date) < age_limit


def in_period(on_date: datetime.date, start: datetime.date | None, end: datetime.date | None) -> bool:
	"""Whether ``on_date`` lies in the closed period [start, end]; a missing end is open."""
	return (start is None or start <= on_date) and (end is None or on_date <= end)
