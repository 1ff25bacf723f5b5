"""R15: transitions between services (kindergarten → school, child → adult services) planned in time.

A transition dict: ``from_service``, ``to_service``, ``planned_date``, ``responsible``, ``done``.
"""

from ansvarsgruppe.rules import Problem

NOTICE_DAYS = (60, 14)


def transition_problems(transitions: list[dict]) -> list[Problem]:
	problems = []
	for row in transitions:
		if not row.get("planned_date"):
			problems.append(Problem("R15", "Every transition needs a planned date."))
		if not row.get("responsible"):
			problems.append(Problem("R15", "Every transition needs someone responsible for it."))
		origin, target = (row.get("from_service") or "").strip(), (row.get("to_service") or "").strip()
		if origin and origin == target:
			problems.append(Problem("R15", "A transition must go from one service to another."))
	return problems
