"""R2, R3, R16: the coordinator's appointment. The leader of the group's responsible unit appoints a user who
holds the Coordinator role; who appointed whom, when and why is kept on the group, row by row, and no one
writes those rows but the appointment itself.

An appointment row is a dict of ``APPOINTMENT_FIELDS`` (and its ``name`` once stored).
"""

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st

COORDINATOR_ROLE = "Coordinator"
UNIT_LEADER_ROLE = "Unit Leader"
APPOINTMENT_FIELDS = (
	"coordinator",
	"previous_coordinator",
	"appointed_by",
	"appointed_on",
	"reason",
	"ip_application",
)


def appointer_problems(
	user: str, unit_leader: str | None, unrestricted: bool, holds_leader_role: bool = True
) -> list[Problem]:
	"""R2: the leader of the responsible unit appoints, in the Unit Leader role (an administrator may act
	for them)."""
	if unrestricted:
		return []
	if not unit_leader:
		return [Problem("R2", "The responsible unit needs a leader before a coordinator is appointed.")]
	if user != unit_leader or not holds_leader_role:
		return [Problem("R2", "Only the leader of the responsible unit appoints the coordinator.")]
	return []


def appointee_problems(
	appointer: str, appointee: str | None, appointee_roles, appointee_enabled: bool, unrestricted: bool
) -> list[Problem]:
	"""R2, R3: the appointed coordinator is an active user in the Coordinator role, and not the one who
	appoints (nobody gives themselves a coordinator's access)."""
	if not appointee:
		return [Problem("R3", "Choose the coordinator to appoint.")]
	problems = []
	if not appointee_enabled or COORDINATOR_ROLE not in set(appointee_roles or ()):
		problems.append(
			Problem(
				"R3",
				"{user} does not hold the Coordinator role and cannot be appointed coordinator.",
				{"user": appointee},
			)
		)
	if appointee == appointer and not unrestricted:
		problems.append(
			Problem(
				"R2",
				"You cannot appoint yourself coordinator: another leader of the unit or an administrator must"
				" do it.",
			)
		)
	return problems


def change_problems(group_status: str | None, current: str | None, appointee: str | None, reason) -> list:
	"""R3, R16: a closed group keeps its coordinator; an appointment changes the coordinator, and replacing
	one is done with the reason written down."""
	if group_status == st.GROUP_CLOSED:
		return [Problem("R16", "A closed group's coordinator cannot be changed.")]
	if appointee and appointee == current:
		return [Problem("R3", "{user} is already the group's coordinator.", {"user": appointee})]
	if current and not (reason or "").strip():
		return [Problem("R3", "Give the reason for changing the coordinator.")]
	return []


def _value(value) -> str | None:
	return None if value in (None, "") else str(value)


def rows_kept(before: list[dict], after: list[dict]) -> bool:
	"""The stored appointment rows are all still there, unchanged and in their order, and none was added
	(only the appointment adds one)."""
	if len(before) != len(after):
		return False
	for old, new in zip(before, after, strict=True):
		if _value(old.get("name")) != _value(new.get("name")):
			return False
		if any(_value(old.get(f)) != _value(new.get(f)) for f in APPOINTMENT_FIELDS):
			return False
	return True
