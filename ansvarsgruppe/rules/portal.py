"""Who may get a portal account for a service user, and for whom a portal user acts (R1, R4).

The person themselves from the portal age (16 in the guideline for the portal, a setting); a parent with
parental responsibility while the child is under the consent age limit; a guardian always.
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules.dates import age_on


def invitation_problem(
	party: dict, birth_date: datetime.date | None, on_date: datetime.date, age_limit: int, portal_age: int
) -> Problem | None:
	"""``party``: ``{"kind": "Service User"}`` or a relation dict (relation_type, flags, email)."""
	if not party.get("email"):
		return Problem("R4", "A portal account needs an e-mail address.")
	if party.get("kind") == "Service User":
		if birth_date is None or age_on(birth_date, on_date) < portal_age:
			return Problem(
				"R4", "The service user can have a portal account from the age of {age}.", {"age": portal_age}
			)
		return None
	if party.get("is_guardian"):
		return None
	if party.get("has_parental_responsibility") and birth_date and age_on(birth_date, on_date) < age_limit:
		return None
	return Problem(
		"R4",
		"Only parents with parental responsibility for a child under {age_limit} and guardians can have a"
		" portal account for the service user.",
		{"age_limit": age_limit},
	)
