"""R15: transitions between services (kindergarten → school, child → adult services) planned in time.

A transition dict: ``from_service``, ``to_service``, ``planned_date``, ``responsible``, ``started``,
``started_date``, ``done``, ``done_date``.
"""

import datetime

from ansvarsgruppe.rules import Problem

NOTICE_DAYS = (60, 14)
PLANNED, STARTED, DONE = "Planned", "Started", "Done"


def stage(row: dict) -> str:
	"""R15: where a transition stands: planned, started or done (carried out)."""
	if row.get("done"):
		return DONE
	return STARTED if row.get("started") else PLANNED


def fill_stage_dates(row: dict, today: datetime.date) -> dict:
	"""R15: a transition marked started or done gets today's date for it when none was given; being done
	means it was started."""
	changes = {}
	if row.get("done") and not row.get("started"):
		changes["started"] = 1
	if (row.get("started") or changes.get("started")) and not row.get("started_date"):
		changes["started_date"] = row.get("done_date") or today
	if row.get("done") and not row.get("done_date"):
		changes["done_date"] = today
	return changes


def missed_occasion(row: dict, today: datetime.date) -> datetime.date | None:
	"""R15: the planned date of a transition not carried out, once that date has passed (the alert's
	occasion, told the day after)."""
	planned = row.get("planned_date")
	if row.get("done") or not planned or planned >= today:
		return None
	return planned


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
		started, done = row.get("started_date"), row.get("done_date")
		if started and done and done < started:
			problems.append(Problem("R15", "A transition cannot be done before it started."))
	return problems
