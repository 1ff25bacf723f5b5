"""The child coordinator (barnekoordinator, pasient- og brukerrettighetsloven § 2-5 c, helse- og
omsorgstjenesteloven § 7-2 a) (R2): an application may ask for one. When KE decides, the law's conditions
are checked: a child under 18, with serious illness, injury or disability, expected to need long-term and
varied services. Where they are not met, KE records why, and the family gets an ordinary coordinator.
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.dates import is_minor

CHILD_AGE_LIMIT = 18  # the law's own limit, not the consent age setting
DECIDED = (st.APPLICATION_DECIDED, st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED)


def conditions_met(
	birth_date: datetime.date | None, on_date: datetime.date, serious_condition: bool, long_term_varied: bool
) -> bool:
	"""The law's conditions for a child coordinator, on the day KE decides."""
	child = birth_date is not None and is_minor(birth_date, on_date, CHILD_AGE_LIMIT)
	return child and bool(serious_condition) and bool(long_term_varied)


def child_coordinator_problems(application: dict, birth_date: datetime.date | None) -> list[Problem]:
	"""R2: a decided application that asked for a child coordinator either meets the conditions, or KE
	says why not."""
	if not application.get("asks_child_coordinator") or application.get("status") not in DECIDED:
		return []
	on_date = application.get("decision_date") or application.get("date_received")
	if on_date is None:
		return []
	met = conditions_met(
		birth_date,
		on_date,
		application.get("serious_condition"),
		application.get("long_term_varied_services"),
	)
	if met or (application.get("child_coordinator_reason") or "").strip():
		return []
	return [
		Problem(
			"R2",
			"A child coordinator is for a child under 18 with serious illness, injury or disability who is"
			" expected to need long-term and varied services. Confirm both conditions, or record why the"
			" family gets an ordinary coordinator.",
		)
	]


def grants_child_coordinator(application: dict, birth_date: datetime.date | None) -> bool:
	"""Whether the group's coordinator is a child coordinator (asked for, and the conditions met)."""
	on_date = application.get("decision_date") or application.get("date_received")
	return (
		bool(application.get("asks_child_coordinator"))
		and on_date is not None
		and conditions_met(
			birth_date,
			on_date,
			application.get("serious_condition"),
			application.get("long_term_varied_services"),
		)
	)
