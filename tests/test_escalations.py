"""R14: the coordinator raises an issue the group cannot solve to a unit leader, who answers; the coordinator
informs the group. The unit leader is reminded every week while the issue is unanswered."""

import datetime

import pytest

from ansvarsgruppe.rules import escalations as es
from ansvarsgruppe.rules import status as st

D = datetime.date
TODAY = D(2026, 6, 10)
RAISED = D(2026, 6, 1)


def escalation(**changes):
	base = {
		"status": st.ESCALATION_OPEN,
		"raised_on": RAISED,
		"unit_leader": "leder@example.no",
		"answer": None,
		"answered_on": None,
		"group_informed_on": None,
		"raised_by_coordinator": True,
	}
	base.update(changes)
	return base


def messages(problems):
	return [(p.rule, p.message) for p in problems]


def test_r14_a_new_issue_from_the_coordinator_in_an_open_group_is_fine():
	assert es.escalation_problems(escalation(), True, True, TODAY) == []


def test_r14_only_the_coordinator_raises_and_only_in_an_open_group():
	problems = messages(es.escalation_problems(escalation(raised_by_coordinator=False), False, True, TODAY))
	assert ("R14", "Issues can only be raised for an open group.") in problems
	assert ("R14", "Only the group's coordinator can raise an issue through the line.") in problems
	assert es.escalation_problems(escalation(raised_by_coordinator=False), False, False, TODAY) == []


@pytest.mark.parametrize(
	"changes, message",
	[
		({"unit_leader": None}, "Choose the unit leader the issue is raised to."),
		(
			{"raised_on": TODAY + datetime.timedelta(days=1)},
			"The issue cannot be raised on a date in the future.",
		),
		({"status": st.ESCALATION_ANSWERED, "answer": "  "}, "The unit leader's answer is missing."),
		({"status": st.ESCALATION_INFORMED, "answer": "Svar"}, "Give the date the group was informed."),
		(
			{"answer": "Svar", "answered_on": D(2026, 5, 1)},
			"The answer cannot come before the issue was raised.",
		),
		(
			{"answer": "Svar", "answered_on": D(2026, 6, 5), "group_informed_on": D(2026, 6, 4)},
			"The group cannot be informed before the answer came.",
		),
	],
)
def test_r14_problems(changes, message):
	assert ("R14", message) in messages(es.escalation_problems(escalation(**changes), True, False, TODAY))


def test_r14_reminders_every_interval_while_open():
	assert es.reminder_occasion(escalation(), RAISED + datetime.timedelta(days=6)) is None
	assert es.reminder_occasion(escalation(), RAISED + datetime.timedelta(days=7)) == D(2026, 6, 8)
	assert es.reminder_occasion(escalation(), RAISED + datetime.timedelta(days=13)) == D(2026, 6, 8)
	assert es.reminder_occasion(escalation(), RAISED + datetime.timedelta(days=14)) == D(2026, 6, 15)
	assert es.reminder_occasion(escalation(), RAISED + datetime.timedelta(days=3), interval_days=3) == D(
		2026, 6, 4
	)


def test_r14_no_reminders_once_answered_or_without_a_sensible_interval():
	later = RAISED + datetime.timedelta(days=30)
	assert es.reminder_occasion(escalation(status=st.ESCALATION_ANSWERED), later) is None
	assert es.reminder_occasion(escalation(status=st.ESCALATION_INFORMED), later) is None
	assert es.reminder_occasion(escalation(), later, interval_days=0) is None
