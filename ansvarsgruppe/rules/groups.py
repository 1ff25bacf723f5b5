"""R3, R6, R8, R13, R16: what a responsibility group needs at each step of its life.

A group dict: ``status``, ``coordinator``, ``responsible_unit``, ``service_user``, ``consent_in_force``
(bool), ``established_date``, ``closed_date``, ``closing_reason``, ``held_meetings`` (count of the group's
meetings, not the pre-meeting, whose minutes are at least drafted), ``pre_meeting_held`` (bool),
``mandate``, ``person_members`` (count of members who are the person or act for them, not ended),
``no_person_member_reason``, ``closing_meeting_planned`` (bool), ``closing_cause``, ``last_annual_review``,
``consent_checked`` (bool, default true: the save approves or activates the group or changes its consent).
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.dates import add_months

# R16: why a group closes. "Planned" is the guideline's way (closing planned in a meeting); the others are
# the week's real endings that need no closing meeting because the cause says why. "Other" needs its text.
CLOSING_PLANNED = "Planned"
CLOSING_MOVED, CLOSING_DIED, CLOSING_DECLINED = "Moved", "Died", "Declined"
CLOSING_NOT_NEEDED, CLOSING_OTHER_COLLABORATION, CLOSING_OTHER = (
	"No Longer Needed",
	"Other Collaboration",
	"Other",
)
CLOSING_EXCEPTIONS = (
	CLOSING_MOVED,
	CLOSING_DIED,
	CLOSING_DECLINED,
	CLOSING_NOT_NEEDED,
	CLOSING_OTHER_COLLABORATION,
	CLOSING_OTHER,
)
CLOSING_CAUSES = (CLOSING_PLANNED, *CLOSING_EXCEPTIONS)


def is_closing_exception(cause: str | None) -> bool:
	"""R16: the group closed without the closing meeting the guideline plans, for the cause given."""
	return cause in CLOSING_EXCEPTIONS


def group_problems(group: dict, open_groups_for_user: list[str], today: datetime.date) -> list[Problem]:
	"""What is wrong with a group as it is about to be saved in its current status."""
	problems = []
	status = group.get("status")
	if status in st.GROUP_OPEN and open_groups_for_user:
		problems.append(
			Problem(
				"R3",
				"The service user already has an open responsibility group: {groups}.",
				{"groups": ", ".join(open_groups_for_user)},
			)
		)
	established, closed = group.get("established_date"), group.get("closed_date")
	if established and closed and closed < established:
		problems.append(Problem("R16", "The group cannot be closed before it was established."))
	if established and established > today:
		problems.append(Problem("R16", "The established date cannot be in the future."))

	if status in (st.GROUP_APPROVED, st.GROUP_ACTIVE):
		if not group.get("coordinator"):
			problems.append(Problem("R3", "The group must have a coordinator before it is approved."))
		if not group.get("responsible_unit"):
			problems.append(Problem("R2", "The group must have a responsible unit before it is approved."))
		if not group.get("consent_in_force") and group.get("consent_checked", True):
			problems.append(
				Problem("R4", "The group cannot be approved without a consent in force for the service user.")
			)
	if group.get("pre_meeting_held") and not (group.get("mandate") or "").strip():
		problems.append(Problem("R8", "The group's mandate, reviewed in the pre-meeting, cannot be empty."))
	if status == st.GROUP_ACTIVE:
		if not group.get("held_meetings"):
			problems.append(Problem("R8", "The group becomes active when its first meeting has been held."))
		if not established:
			problems.append(Problem("R16", "An active group needs its established date."))
		if not group.get("person_members") and not (group.get("no_person_member_reason") or "").strip():
			problems.append(
				Problem(
					"R6",
					"The group needs the person, or someone who acts for them, as a member before it becomes"
					" active; otherwise record why not.",
				)
			)
	if status == st.GROUP_CLOSED:
		problems += closing_problems(group)
	return problems


def closing_problems(group: dict) -> list[Problem]:
	"""R16: a group closes planned in a closing meeting, or from any open state for a cause that says why
	(moved, died, declined, no longer needed, another form of collaboration, or another cause in words)."""
	cause = group.get("closing_cause") or CLOSING_PLANNED
	if cause not in CLOSING_CAUSES:
		return [Problem("R16", "Unknown closing cause: {cause}.", {"cause": cause})]
	reason = (group.get("closing_reason") or "").strip()
	problems = []
	if not group.get("closed_date") or (not reason and cause in (CLOSING_PLANNED, CLOSING_OTHER)):
		problems.append(Problem("R16", "Closing a group needs the closed date and the reason."))
	if cause == CLOSING_PLANNED and not group.get("closing_meeting_planned"):
		problems.append(
			Problem(
				"R16",
				"Closing must be planned in one of the group's meetings (a closing meeting), or choose the"
				" cause that makes the group close without one.",
			)
		)
	return problems


def group_exceptions(group: dict, outside_calls: list[dict]) -> list[Problem]:
	"""Where the guideline's order was skipped for a reason, for the coordinating unit to follow up (R16,
	R17): a group closed without a closing meeting, a group that meets without the pre-meeting (R8), and
	meetings called outside the app (R9).

	``group``: ``status``, ``closing_cause``, ``no_pre_meeting_reason``. ``outside_calls``: the group's
	meetings called outside the app, each ``{"meeting_date", "called_outside_how"}`` with the date already as
	the user reads it."""
	found = []
	cause = group.get("closing_cause")
	if group.get("status") == st.GROUP_CLOSED and is_closing_exception(cause):
		found.append(
			Problem(
				"R16",
				"Closed without a closing meeting: {cause}",
				{"cause": cause},
				translated_params=("cause",),
			)
		)
	if (group.get("no_pre_meeting_reason") or "").strip():
		found.append(
			Problem("R8", "No pre-meeting: {reason}", {"reason": group["no_pre_meeting_reason"].strip()})
		)
	for call in outside_calls:
		found.append(
			Problem(
				"R9",
				"Meeting {date} called outside the app: {how}",
				{"date": call.get("meeting_date") or "", "how": call.get("called_outside_how") or ""},
				translated_params=("how",),
			)
		)
	return found


def coordinator_members_after_change(
	members: list[dict], new_coordinator: str | None, old_coordinator: str | None = None
) -> tuple[list[str], str | None, bool]:
	"""R3: when the group's coordinator changes, which memberships end and which one becomes the coordinator.

	``members``: the group's members not ended, each ``{"name", "user", "member_role"}``. Returns the names
	of the memberships that end: coordinator memberships that are not the new coordinator's, and every
	membership of ``old_coordinator`` (who keeps no access through a row added while coordinating); the name
	of the new coordinator's membership to make the coordinator member (None if they have none) and whether
	a new coordinator membership must be added."""
	ending = [
		m["name"]
		for m in members
		if m.get("user") != new_coordinator
		and (m.get("member_role") == "Coordinator" or (old_coordinator and m.get("user") == old_coordinator))
	]
	if not new_coordinator:
		return ending, None, False
	own = [m for m in members if m.get("user") == new_coordinator]
	already = next((m for m in own if m.get("member_role") == "Coordinator"), None)
	if already:
		return ending, None, False
	converting = next((m["name"] for m in own if m.get("member_role") == "Professional"), None)
	return ending, converting, converting is None


def size_warning(permanent_members: int, warning_size: int) -> Problem | None:
	"""R6: keep the group small; warn the coordinator once it passes the configured size."""
	if warning_size and permanent_members > warning_size:
		return Problem(
			"R6",
			"The group has {count} permanent members, more than the recommended {limit}. Keep the group"
			" as small as possible and invite others to single meetings instead.",
			{"count": permanent_members, "limit": warning_size},
		)
	return None


def next_review_due(
	last_review: datetime.date | None, established: datetime.date | None, interval_months: int
) -> datetime.date | None:
	"""R13: the date by which the next review and evaluation must be held."""
	start = last_review or established
	return add_months(start, interval_months) if start else None


def review_state(due: datetime.date | None, today: datetime.date, notice_days: int = 30) -> str:
	"""R13: "none" (no date yet), "ok", "due_soon" (within ``notice_days``) or "overdue"."""
	if due is None:
		return "none"
	if today > due:
		return "overdue"
	if (due - today).days <= notice_days:
		return "due_soon"
	return "ok"
