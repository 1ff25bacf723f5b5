"""Nobody gives themselves access they did not have (R2, R3, R5): how a record's values change, judged
field by field against the policy of each field that grants access (``permissions/grants.py`` names the
fields and their policies).

``before`` is the record as stored (None for a new one), ``after`` as it is about to be saved; both plain
dicts. A field "names" a user when it holds the user, or (a unit field) a unit the user leads.
"""

from ansvarsgruppe.rules import Problem

# Set when the record is made, never changed afterwards.
FIXED = "fixed"
# Changed only through the coordinator's appointment (``rules/appointments.py``).
APPOINTMENT = "appointment"
# Chosen by the leader of the responsible unit, in the Unit Leader role, among the coordinators.
LEADER_APPOINTS = "leader appoints"
# Never set to name the one who saves.
NOT_SELF = "not self"
# Set to name the one who saves only by who already reads the record as stored (a new record's own
# creation rules decide).
SELF_IF_READS_RECORD = "self if reads record"
# Set to name the one who saves only by who already may change the record as stored (reading it is not
# enough: an invitee reads a meeting's call, but only who may change the minutes chooses who writes them).
SELF_IF_CHANGES_RECORD = "self if changes record"
# Set to name the one who saves only by who already sees the record's group.
SELF_IF_SEES_GROUP = "self if sees group"
POLICIES = (
	FIXED,
	APPOINTMENT,
	LEADER_APPOINTS,
	NOT_SELF,
	SELF_IF_READS_RECORD,
	SELF_IF_CHANGES_RECORD,
	SELF_IF_SEES_GROUP,
)


def _value(value) -> str | None:
	return None if value in (None, "") else str(value)


def changed(before: dict | None, after: dict, field: str) -> bool:
	"""Whether ``field`` is set (new record) or changed (stored one)."""
	old = None if before is None else before.get(field)
	return _value(old) != _value(after.get(field))


def newly_named(before: dict | None, after: dict, field: str, names) -> bool:
	"""Whether ``field`` names the user after the save and did not before (``names(value)`` tells)."""
	if not changed(before, after, field) or not _value(after.get(field)):
		return False
	old = None if before is None else _value(before.get(field))
	return bool(names(after.get(field))) and not (old and names(old))


def fixed_problems(before: dict | None, after: dict, fields, label=lambda field: field) -> list[Problem]:
	"""R5: the fields that decide whose record it is keep the value they were saved with."""
	if before is None:
		return []
	return [
		Problem("R5", "{field} cannot be changed once the record is saved.", {"field": label(f)}, ("field",))
		for f in fields
		if changed(before, after, f)
	]


def self_grant_problem(field_label: str) -> Problem:
	return Problem(
		"R5",
		"You cannot put yourself in {field}: it would give you access you do not have.",
		{"field": field_label},
		("field",),
	)
