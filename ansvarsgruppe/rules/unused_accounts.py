"""A first-time applicant's portal account that was never used to apply is removed after the settings' number
of days (``tasks/unused_accounts.py``): it was made at an ID-porten log-in of someone the app did not know,
and holds nothing but that they logged in."""

import datetime

UNUSED_ACCOUNT_DAYS = 30


def is_unused_account(
	created: datetime.date,
	last_login: datetime.date | None,
	today: datetime.date,
	days: int,
	acts_for_anyone: bool,
) -> bool:
	"""The account filed nothing and acts for nobody, and neither its making nor its last log-in is within
	``days`` of ``today``."""
	if acts_for_anyone or days <= 0:
		return False
	last_seen = max(created, last_login) if last_login else created
	return (today - last_seen).days >= days
