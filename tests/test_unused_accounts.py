"""A first-time applicant's account that never applied is removed after the settings' days."""

import datetime

from ansvarsgruppe.rules.unused_accounts import is_unused_account

TODAY = datetime.date(2026, 12, 7)


def days_ago(n: int) -> datetime.date:
	return TODAY - datetime.timedelta(days=n)


def test_an_account_that_never_applied_goes_after_the_days():
	assert is_unused_account(days_ago(30), None, TODAY, 30, False)
	assert not is_unused_account(days_ago(29), None, TODAY, 30, False)


def test_an_account_that_applied_or_acts_for_someone_stays():
	assert not is_unused_account(days_ago(400), None, TODAY, 30, True)


def test_a_recent_log_in_keeps_the_account_for_another_period():
	assert not is_unused_account(days_ago(90), days_ago(3), TODAY, 30, False)
	assert is_unused_account(days_ago(90), days_ago(31), TODAY, 30, False)


def test_zero_days_turns_the_clean_up_off():
	assert not is_unused_account(days_ago(400), None, TODAY, 0, False)
