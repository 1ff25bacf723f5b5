"""R15: transitions between services planned, started and carried out in time."""

import datetime

import pytest

from ansvarsgruppe.rules import transitions as tr

D = datetime.date
TODAY = D(2026, 6, 10)


def transition(**changes):
	base = {
		"from_service": "Barnehage",
		"to_service": "Skole",
		"planned_date": D(2026, 8, 17),
		"responsible": "coordinator@example.invalid",
		"done": False,
	}
	base.update(changes)
	return base


def in_days(days):
	return TODAY + datetime.timedelta(days=days)


def rules_and_messages(problems):
	return [(p.rule, p.format()) for p in problems]


def test_r15_complete_transition_has_no_problems():
	assert tr.transition_problems([transition()]) == []
	assert tr.transition_problems([]) == []


def test_r15_transition_needs_planned_date():
	problems = tr.transition_problems([transition(planned_date=None)])
	assert rules_and_messages(problems) == [("R15", "Every transition needs a planned date.")]


def test_r15_transition_needs_someone_responsible():
	problems = tr.transition_problems([transition(responsible="")])
	assert rules_and_messages(problems) == [("R15", "Every transition needs someone responsible for it.")]


@pytest.mark.parametrize("target", ["Barnehage", " Barnehage ", "Barnehage\n"])
def test_r15_same_from_and_to_service_is_refused(target):
	problems = tr.transition_problems([transition(to_service=target)])
	assert rules_and_messages(problems) == [("R15", "A transition must go from one service to another.")]


def test_r15_empty_services_are_not_called_the_same():
	assert tr.transition_problems([transition(from_service="", to_service="")]) == []
	assert tr.transition_problems([transition(from_service=None, to_service=None)]) == []


def test_r15_every_row_is_checked():
	rows = [transition(), transition(planned_date=None), transition(responsible=None, to_service="Barnehage")]
	assert [p.format() for p in tr.transition_problems(rows)] == [
		"Every transition needs a planned date.",
		"Every transition needs someone responsible for it.",
		"A transition must go from one service to another.",
	]


def test_r15_notice_days_are_60_and_14():
	assert tr.NOTICE_DAYS == (60, 14)
