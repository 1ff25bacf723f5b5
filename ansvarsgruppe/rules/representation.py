"""R1 and R4: who may apply, or sign a consent, on the service user's behalf.

The user applies and signs for themselves from the age limit (a setting, 18 in the guideline); below it a
parent with parental responsibility does; a guardian (verge) may always act for the person.
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules.dates import is_minor

SELF = "Service User"
PARENT = "Parent"
GUARDIAN = "Guardian"
RELATIVE = "Relative"
RELATION_TYPES = (PARENT, GUARDIAN, RELATIVE)

ACTS = {
	"apply": (
		"R1",
		"Only the service user, a parent with parental responsibility for a child under {age_limit},"
		" or a guardian may apply for an individual plan or a coordinator.",
	),
	"sign": (
		"R4",
		"Only the service user, a parent with parental responsibility for a child under {age_limit},"
		" or a guardian may sign the consent.",
	),
}


def representation_problem(
	act: str,
	party: dict,
	birth_date: datetime.date | None,
	on_date: datetime.date,
	age_limit: int,
) -> Problem | None:
	"""Whether ``party`` may ``act`` ("apply" or "sign") for the service user on ``on_date``.

	``party`` is ``{"kind": "Service User"}`` for the user, or a relation:
	``{"kind": "Relation", "relation_type": ..., "has_parental_responsibility": bool, "is_guardian": bool}``.
	"""
	rule, message = ACTS[act]
	if party.get("is_guardian") or party.get("relation_type") == GUARDIAN:
		return None
	if birth_date is None:
		return Problem(rule, "The service user's birth date is needed to decide who may act for them.")
	minor = is_minor(birth_date, on_date, age_limit)
	if party.get("kind") == SELF and not minor:
		return None
	if party.get("kind") != SELF and party.get("has_parental_responsibility") and minor:
		return None
	if party.get("kind") == SELF:
		return Problem(
			rule,
			"The service user is under {age_limit} and cannot act alone; a parent with parental"
			" responsibility or a guardian must.",
			{"age_limit": age_limit},
		)
	return Problem(rule, message, {"age_limit": age_limit})
