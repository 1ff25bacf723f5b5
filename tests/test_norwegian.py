"""Norwegian (bokmål) dates and times for the printed documents and e-mail (R9 and R11 prints)."""

import datetime

import pytest

from ansvarsgruppe.rules import norwegian as no

D, T = datetime.date, datetime.time


def test_every_weekday_in_norwegian():
	# 2026-03-09 is a Monday
	names = [no.long_date(D(2026, 3, 9) + datetime.timedelta(days=i)).split()[0] for i in range(7)]
	assert names == ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


def test_every_month_in_norwegian():
	assert [no.long_date(D(2026, m, 1)).split()[-2] for m in range(1, 13)] == [
		"januar",
		"februar",
		"mars",
		"april",
		"mai",
		"juni",
		"juli",
		"august",
		"september",
		"oktober",
		"november",
		"desember",
	]


@pytest.mark.parametrize(
	"value, expected",
	[
		(D(2026, 3, 12), "12.03.2026"),
		(datetime.datetime(2026, 1, 5, 23, 59), "05.01.2026"),
		("2026-12-31", "31.12.2026"),
		("2026-02-01 08:00:00", "01.02.2026"),
		(None, ""),
		("", ""),
	],
)
def test_short_date_is_dd_mm_yyyy(value, expected):
	assert no.short_date(value) == expected


def test_long_date_with_weekday_and_month_name():
	assert no.long_date(D(2026, 3, 12)) == "torsdag 12. mars 2026"
	assert no.long_date("2026-05-17") == "søndag 17. mai 2026"
	assert no.long_date(D(2026, 8, 1), with_weekday=False) == "1. august 2026"
	assert no.long_date(None) == ""


@pytest.mark.parametrize(
	"value, expected",
	[
		(T(9, 5), "09.05"),
		(datetime.timedelta(hours=10, minutes=30), "10.30"),  # MariaDB TIME as Frappe loads it
		("14:00:00", "14.00"),
		("8:15", "08.15"),
		("10:00:00.000000", "10.00"),
		(None, ""),
		("", ""),
	],
)
def test_clock_uses_a_full_stop(value, expected):
	assert no.clock(value) == expected


def test_time_span_and_meeting_time():
	assert no.time_span("10:00:00", "11:30:00") == "kl. 10.00–11.30"
	assert no.time_span("10:00:00") == "kl. 10.00"
	assert no.time_span(None, "11:00") == ""
	assert no.time_span("10:00", "09:01") == "kl. 10.00", "an end before the start is left out"
	assert no.time_span("10:00", "10:00") == "kl. 10.00"
	assert no.meeting_time(D(2026, 3, 12), "10:00", "11:30") == "torsdag 12. mars 2026 kl. 10.00–11.30"
	assert no.meeting_time(D(2026, 3, 12)) == "torsdag 12. mars 2026"


def test_national_id_is_printed_in_two_groups():
	assert no.national_id("01010012356") == "010100 12356"
	assert no.national_id("010100 12356") == "010100 12356"
	assert no.national_id("") == ""
	assert no.national_id(None) == ""
