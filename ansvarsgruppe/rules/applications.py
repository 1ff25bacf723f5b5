"""R1, R2: the application for an individual plan and/or a coordinator, and KE's handling of it.

An application dict: ``status``, ``applied_for``, ``date_received``, ``decision_date``,
``responsible_unit``, ``appointed_coordinator``, ``rejection_reason``.
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st

COORDINATOR, INDIVIDUAL_PLAN, BOTH = "Coordinator", "Individual Plan", "Both"


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
	if status in (st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED) and not application.get(
		"appointed_coordinator"
	):
		problems.append(Problem("R2", "The responsible unit's leader must appoint the coordinator."))
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
