"""Turning 18 (R1, R4), framework-free."""

import datetime

from ansvarsgruppe.rules import adulthood
from ansvarsgruppe.rules.dates import age_on


def test_r1_the_day_of_age_is_the_day_the_age_is_first_counted():
	for birth in (datetime.date(2008, 5, 17), datetime.date(2008, 2, 29), datetime.date(2008, 12, 31)):
		day = adulthood.adult_on(birth, 18)
		assert age_on(birth, day) == 18
		assert age_on(birth, day - datetime.timedelta(days=1)) == 17
	assert adulthood.adult_on(datetime.date(2008, 2, 29), 18) == datetime.date(2026, 3, 1)


def test_r1_the_coordinator_is_told_90_days_ahead():
	birth = datetime.date(2008, 5, 17)
	assert adulthood.notice_on(birth, 18) == datetime.date(2026, 2, 16)
	first, last = adulthood.born_between_for_notice(datetime.date(2026, 2, 16), 18)
	assert first <= birth <= last
	assert last == birth
	first, last = adulthood.born_between_for_notice(datetime.date(2026, 5, 17), 18)
	assert not first <= birth <= last  # of age today: no longer a notice


def test_r4_a_parents_consent_stops_speaking_a_guardians_does_not():
	assert not adulthood.speaks_for_adult("Relation", False)
	assert adulthood.speaks_for_adult("Relation", True)
	assert adulthood.speaks_for_adult("Service User", False)
