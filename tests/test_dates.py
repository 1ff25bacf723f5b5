"""The shared date helpers: add_months, age_on, is_minor, in_period."""

import datetime

import pytest

from ansvarsgruppe.rules.dates import add_months, age_on, in_period, is_minor

D = datetime.date


@pytest.mark.parametrize(
	"start, months, expected",
	[
		(D(2026, 3, 15), 1, D(2026, 4, 15)),
		(D(2026, 3, 15), 0, D(2026, 3, 15)),
		(D(2026, 11, 30), 2, D(2027, 1, 30)),
		(D(2026, 12, 31), 1, D(2027, 1, 31)),
		(D(2026, 1, 15), 24, D(2028, 1, 15)),
		(D(2026, 1, 15), -1, D(2025, 12, 15)),
		(D(2026, 3, 31), -1, D(2026, 2, 28)),
	],
)
def test_dates_add_months_plain_cases(start, months, expected):
	assert add_months(start, months) == expected


def test_dates_add_months_31_january_clamps_to_end_of_february():
	assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
	assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)  # leap year


def test_dates_add_months_29_february_plus_12_months():
	assert add_months(D(2028, 2, 29), 12) == D(2029, 2, 28)
	assert add_months(D(2028, 2, 29), 48) == D(2032, 2, 29)


def test_dates_add_months_31st_into_30_day_month():
	assert add_months(D(2026, 3, 31), 1) == D(2026, 4, 30)


def test_dates_age_on_birthday_and_day_before():
	birth = D(2008, 6, 10)
	assert age_on(birth, D(2026, 6, 9)) == 17
	assert age_on(birth, D(2026, 6, 10)) == 18
	assert age_on(birth, D(2026, 6, 11)) == 18
	assert age_on(birth, birth) == 0


def test_dates_age_on_leap_day_birthday_counts_from_1_march_in_common_years():
	birth = D(2008, 2, 29)
	assert age_on(birth, D(2026, 2, 28)) == 17
	assert age_on(birth, D(2026, 3, 1)) == 18
	assert age_on(birth, D(2028, 2, 29)) == 20


def test_dates_is_minor_at_the_age_limit_birthday():
	birth = D(2008, 6, 10)
	assert is_minor(birth, D(2026, 6, 9), 18)
	assert not is_minor(birth, D(2026, 6, 10), 18)
	assert not is_minor(birth, D(2026, 6, 9), 16)


def test_dates_in_period_is_closed_at_both_ends():
	start, end = D(2026, 1, 1), D(2026, 12, 31)
	assert in_period(start, start, end)
	assert in_period(end, start, end)
	assert not in_period(D(2025, 12, 31), start, end)
	assert not in_period(D(2027, 1, 1), start, end)


def test_dates_in_period_missing_bounds_are_open():
	day = D(2026, 5, 5)
	assert in_period(day, None, None)
	assert in_period(day, None, D(2026, 5, 5))
	assert not in_period(day, None, D(2026, 5, 4))
	assert in_period(day, D(2026, 5, 5), None)
	assert not in_period(day, D(2026, 5, 6), None)
