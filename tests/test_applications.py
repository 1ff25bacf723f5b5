"""R1, R2: the application for an individual plan and/or a coordinator, and KE's handling of it."""

import datetime

import pytest

from ansvarsgruppe.rules import applications as ap
from ansvarsgruppe.rules import status as st

D = datetime.date
TODAY = D(2026, 6, 10)
RECEIVED = D(2026, 5, 11)


def application(**changes):
	base = {
		"status": st.APPLICATION_RECEIVED,
		"applied_for": ap.BOTH,
		"date_received": RECEIVED,
		"decision_date": None,
		"responsible_unit": None,
		"appointed_coordinator": None,
		"rejection_reason": None,
	}
	base.update(changes)
	return base


def decided(**changes):
	values = {
		"status": st.APPLICATION_DECIDED,
		"decision_date": D(2026, 6, 1),
		"responsible_unit": "Health Station",
	}
	values.update(changes)
	return application(**values)


def appointed(**changes):
	values = {
		"status": st.APPLICATION_APPOINTED,
		"appointed_coordinator": "coordinator@example.invalid",
		"coordinator_unit": "Health Station",
		"collaboration_form": ap.GROUP_FORM,
	}
	values.update(changes)
	return decided(**values)


def rules_and_messages(problems):
	return [(p.rule, p.format()) for p in problems]


def problems_of(a, today=TODAY):
	return ap.application_problems(a, today)


def test_r2_received_application_has_no_problems():
	assert problems_of(application()) == []


def test_r2_received_today_allowed_tomorrow_refused():
	assert problems_of(application(date_received=TODAY)) == []
	problems = problems_of(application(date_received=D(2026, 6, 11)))
	assert rules_and_messages(problems) == [
		("R2", "The application cannot be received on a date in the future.")
	]


def test_r2_decided_application_with_unit_has_no_problems():
	assert problems_of(decided()) == []


@pytest.mark.parametrize("status", [st.APPLICATION_DECIDED, st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED])
def test_r2_decided_without_unit_is_refused(status):
	problems = problems_of(appointed(status=status, responsible_unit=None))
	assert rules_and_messages(problems) == [
		("R2", "The coordinating unit must decide which unit is responsible.")
	]


def test_r2_decided_without_decision_date_is_refused():
	problems = problems_of(decided(decision_date=None))
	assert rules_and_messages(problems) == [("R2", "The decision date is missing.")]


def test_r2_decision_before_received_is_refused():
	problems = problems_of(decided(decision_date=D(2026, 5, 10)))
	assert rules_and_messages(problems) == [
		("R2", "The decision cannot come before the application was received.")
	]


def test_r2_decision_on_the_day_received_is_allowed():
	assert problems_of(decided(decision_date=RECEIVED)) == []


@pytest.mark.parametrize("status", [st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED])
def test_r2_appointed_with_coordinator_has_no_problems(status):
	assert problems_of(appointed(status=status)) == []


@pytest.mark.parametrize("status", [st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED])
def test_r2_appointed_without_coordinator_is_refused(status):
	problems = problems_of(appointed(status=status, appointed_coordinator=None))
	assert rules_and_messages(problems) == [("R2", "Choose the coordinator to appoint.")]


def test_r2_decided_needs_no_coordinator_yet():
	assert problems_of(decided(appointed_coordinator=None)) == []


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_r2_rejection_without_reason_is_refused(reason):
	problems = problems_of(application(status=st.APPLICATION_REJECTED, rejection_reason=reason))
	assert rules_and_messages(problems) == [("R2", "A rejected application needs a reason.")]


def test_r2_rejection_with_reason_is_allowed():
	a = application(status=st.APPLICATION_REJECTED, rejection_reason="Not entitled", decision_date=TODAY)
	assert problems_of(a) == []


# the answer deadline (an application should be answered within a month)


def test_r2_answer_not_overdue_exactly_at_the_deadline():
	assert (TODAY - RECEIVED).days == 30
	assert not ap.is_answer_overdue(application(), TODAY, 30)


def test_r2_answer_overdue_a_day_after_the_deadline():
	assert ap.is_answer_overdue(application(), D(2026, 6, 11), 30)


@pytest.mark.parametrize(
	"status",
	[st.APPLICATION_DECIDED, st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED, st.APPLICATION_REJECTED],
)
def test_r2_answered_application_is_never_overdue(status):
	assert not ap.is_answer_overdue(application(status=status), D(2030, 1, 1), 30)


def test_r2_application_without_received_date_is_not_overdue():
	assert not ap.is_answer_overdue(application(date_received=None), D(2030, 1, 1), 30)
