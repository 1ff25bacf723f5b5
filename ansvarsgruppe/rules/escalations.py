"""R14: issues the group cannot solve go through the line (tjenestevei).

The coordinator raises the issue to a unit leader; the unit leader involves the other unit leaders and answers;
the coordinator informs the group. An escalation dict: ``status``, ``raised_on``, ``answer``, ``answered_on``,
``group_informed_on``, ``unit_leader``, ``raised_by_coordinator`` (bool: the user saving a new issue is the
group's coordinator).
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st

REMINDER_INTERVAL_DAYS = 7


def escalation_problems(
	escalation: dict, group_open: bool, is_new: bool, today: datetime.date
) -> list[Problem]:
	problems = []
	status = escalation.get("status")
	if is_new and not group_open:
		problems.append(Problem("R14", "Issues can only be raised for an open group."))
	if is_new and not escalation.get("raised_by_coordinator"):
		problems.append(Problem("R14", "Only the group's coordinator can raise an issue through the line."))
	if not escalation.get("unit_leader"):
		problems.append(Problem("R14", "Choose the unit leader the issue is raised to."))
	raised, answered = escalation.get("raised_on"), escalation.get("answered_on")
	informed = escalation.get("group_informed_on")
	if raised and raised > today:
		problems.append(Problem("R14", "The issue cannot be raised on a date in the future."))
	if (
		status in (st.ESCALATION_ANSWERED, st.ESCALATION_INFORMED)
		and not (escalation.get("answer") or "").strip()
	):
		problems.append(Problem("R14", "The unit leader's answer is missing."))
	if status == st.ESCALATION_INFORMED and not informed:
		problems.append(Problem("R14", "Give the date the group was informed."))
	if raised and answered and answered < raised:
		problems.append(Problem("R14", "The answer cannot come before the issue was raised."))
	if answered and informed and informed < answered:
		problems.append(Problem("R14", "The group cannot be informed before the answer came."))
	return problems


def reminder_occasion(
	escalation: dict, today: datetime.date, interval_days: int = REMINDER_INTERVAL_DAYS
) -> datetime.date | None:
	"""R14: while the issue is open, the unit leader is reminded every ``interval_days`` after it was raised.
	The occasion is the latest such day up to today (a missed day is caught up, never repeated)."""
	raised = escalation.get("raised_on")
	if escalation.get("status") != st.ESCALATION_OPEN or not raised or not interval_days or interval_days < 1:
		return None
	elapsed = (today - raised).days
	if elapsed < interval_days:
		return None
	return raised + datetime.timedelta(days=elapsed // interval_days * interval_days)


def other_leader_problems(
	before: list[dict], after: list[dict], raised_to: str | None, by_raised_to: bool, leaders: dict
) -> list[Problem]:
	"""R14 (000 "enhetsleder involverer andre enhetsledere"): the unit leader the issue is raised to brings in
	the leaders of the other units concerned. ``before``/``after``: the rows ``{"unit_leader",
	"service_unit"}`` as stored and as sent; ``by_raised_to``: the user saving is that leader (or the
	administrator); ``leaders``: each named unit's leader."""
	key = lambda row: (row.get("unit_leader"), row.get("service_unit"))  # noqa: E731
	if {key(row) for row in before} != {key(row) for row in after} and not by_raised_to:
		return [Problem("R14", "Only the unit leader the issue is raised to brings in other unit leaders.")]
	problems, seen = [], set()
	for row in after:
		leader, unit = key(row)
		if leader == raised_to or leader in seen:
			problems.append(
				Problem("R14", "{leader} is already concerned with the issue.", {"leader": leader or ""})
			)
		elif not unit or leaders.get(unit) != leader:
			problems.append(
				Problem(
					"R14",
					"{leader} does not lead {unit}: bring in the leader of each unit concerned.",
					{"leader": leader or "", "unit": unit or ""},
				)
			)
		seen.add(leader)
	return problems
