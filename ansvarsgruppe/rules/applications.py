"""R1, R2: the application for an individual plan and/or a coordinator, and KE's handling of it.

An application dict: ``status``, ``applied_for``, ``date_received``, ``decision_date``,
``responsible_unit``, ``appointed_coordinator``, ``coordinator_unit``, ``coordinator_unit_reason``,
``collaboration_form``, ``collaboration_reason``, ``rejection_reason``.
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.appointments import appointer_problems as appointer_problems  # R2, as on groups

COORDINATOR, INDIVIDUAL_PLAN, BOTH = "Coordinator", "Individual Plan", "Both"
# "Innvilgelse av koordinator kan utløse ansvarsgruppe som samarbeidsform" (000): the leader's choice.
GROUP_FORM, OTHER_FORM = "Responsibility Group", "Other Collaboration"


def application_problems(application: dict, today: datetime.date) -> list[Problem]:
	problems = []
	status = application.get("status")
	received, decided = application.get("date_received"), application.get("decision_date")
	if received and received > today:
		problems.append(Problem("R2", "The application cannot be received on a date in the future."))
	if received and decided and decided < received:
		problems.append(Problem("R2", "The decision cannot come before the application was received."))
	if status in (st.APPLICATION_DECIDED, st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED):
		if not application.get("responsible_unit"):
			problems.append(Problem("R2", "The coordinating unit must decide which unit is responsible."))
		if not decided:
			problems.append(Problem("R2", "The decision date is missing."))
	if status in (st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED):
		if not application.get("appointed_coordinator"):
			problems.append(Problem("R2", "The responsible unit's leader must appoint the coordinator."))
		unit = application.get("coordinator_unit")
		if not application.get("responsible_unit"):
			pass  # the missing decision is the problem
		elif not unit:
			problems.append(Problem("R2", "Record the unit the appointed coordinator belongs to."))
		elif (
			unit != application.get("responsible_unit")
			and not (application.get("coordinator_unit_reason") or "").strip()
		):
			problems.append(
				Problem(
					"R2",
					"The coordinator should belong to the responsible unit; record why this one does not.",
				)
			)
		if application.get("collaboration_form") not in (GROUP_FORM, OTHER_FORM):
			problems.append(
				Problem(
					"R2", "Choose whether a responsibility group is set up or another form of collaboration."
				)
			)
		elif (
			application.get("collaboration_form") == OTHER_FORM
			and not (application.get("collaboration_reason") or "").strip()
		):
			problems.append(
				Problem(
					"R2", "Describe the other form of collaboration and why it is enough without a group."
				)
			)
	if status == st.APPLICATION_REJECTED and not (application.get("rejection_reason") or "").strip():
		problems.append(Problem("R2", "A rejected application needs a reason."))
	return problems


def is_answer_overdue(application: dict, today: datetime.date, deadline_days: int) -> bool:
	"""Whether KE has let the application wait longer than the answer deadline without a decision."""
	received = application.get("date_received")
	return (
		application.get("status") in st.APPLICATION_UNDECIDED
		and received is not None
		and (today - received).days > deadline_days
	)
