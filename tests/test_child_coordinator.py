"""The child coordinator (R2), framework-free."""

import datetime

from ansvarsgruppe.rules import child_coordinator as cc
from ansvarsgruppe.rules import status as st

DAY = datetime.date(2026, 12, 7)
CHILD = datetime.date(2016, 5, 1)
ADULT = datetime.date(2000, 5, 1)


def application(**values):
	return {
		"asks_child_coordinator": 1,
		"status": st.APPLICATION_DECIDED,
		"decision_date": DAY,
		"serious_condition": 1,
		"long_term_varied_services": 1,
		**values,
	}


def test_r2_a_child_coordinator_needs_the_laws_conditions_when_ke_decides():
	assert cc.child_coordinator_problems(application(), CHILD) == []
	assert cc.grants_child_coordinator(application(), CHILD)
	for values, birth in (
		({"serious_condition": 0}, CHILD),
		({"long_term_varied_services": 0}, CHILD),
		({}, ADULT),
		({}, None),
	):
		problems = cc.child_coordinator_problems(application(**values), birth)
		assert [p.rule for p in problems] == ["R2"], values
		assert not cc.grants_child_coordinator(application(**values), birth)


def test_r2_ke_may_answer_why_not_and_the_family_gets_an_ordinary_coordinator():
	refused = application(serious_condition=0, child_coordinator_reason="Tilstanden er ikke alvorlig nok.")
	assert cc.child_coordinator_problems(refused, CHILD) == []
	assert not cc.grants_child_coordinator(refused, CHILD)


def test_r2_nothing_is_checked_before_ke_decides_or_when_not_asked():
	assert (
		cc.child_coordinator_problems(application(status=st.APPLICATION_RECEIVED, serious_condition=0), CHILD)
		== []
	)
	assert (
		cc.child_coordinator_problems(application(asks_child_coordinator=0, serious_condition=0), CHILD) == []
	)
