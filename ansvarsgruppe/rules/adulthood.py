"""Turning 18 (R1, R4, R24): the age limit (a setting, 18 by default) read from the birth date the
identity number gives. The coordinator is told ahead (``NOTICE_DAYS``); on the day, a parent no longer
acts for the person (only a guardian does), the consents a parent signed stop speaking for them, and the
person is invited to the portal and asked to consent themselves. The group carries on.
"""

import datetime

NOTICE_DAYS = 90


def adult_on(birth_date: datetime.date, age_limit: int) -> datetime.date:
	"""The day the person reaches ``age_limit`` (born 29 February: 1 March in a year without it), the same
	day ``dates.age_on`` first counts the age."""
	try:
		return birth_date.replace(year=birth_date.year + age_limit)
	except ValueError:
		return datetime.date(birth_date.year + age_limit, 3, 1)


def notice_on(birth_date: datetime.date, age_limit: int) -> datetime.date:
	"""The day the coordinator is told that the person comes of age."""
	return adult_on(birth_date, age_limit) - datetime.timedelta(days=NOTICE_DAYS)


def born_between_for_notice(today: datetime.date, age_limit: int) -> tuple[datetime.date, datetime.date]:
	"""Birth dates (inclusive) of the people who come of age within ``NOTICE_DAYS`` from ``today``, not
	yet of age: the candidates for the notice."""
	latest = _born_on_or_before(today, age_limit)
	return latest + datetime.timedelta(days=1), _born_on_or_before(
		today + datetime.timedelta(days=NOTICE_DAYS), age_limit
	)


def _born_on_or_before(day: datetime.date, age_limit: int) -> datetime.date:
	"""The latest birth date of someone of age on ``day``."""
	try:
		return day.replace(year=day.year - age_limit)
	except ValueError:  # 29 February in a year without it: born 28 February or before
		return datetime.date(day.year - age_limit, 2, 28)


def speaks_for_adult(signed_by_kind: str | None, signer_is_guardian: bool) -> bool:
	"""R4: a consent signed by the person, or by a guardian (verge), still speaks for them once of age; one a
	parent signed does not."""
	return signed_by_kind == "Service User" or bool(signer_is_guardian)
