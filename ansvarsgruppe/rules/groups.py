"""R3, R6, R8, R13, R16: what a responsibility group needs at each step of its life.

A group dict: ``status``, ``coordinator``, ``responsible_unit``, ``service_user``, ``consent_in_force``
(bool), ``established_date``, ``closed_date``, ``closing_reason``, ``held_meetings`` (count of the group's
meetings, not the pre-meeting, whose minutes are at least drafted), ``pre_meeting_held`` (bool),
``mandate``, ``person_members`` (count of members who are the person or act for them, not ended),
``no_person_member_reason``, ``closing_meeting_planned`` (bool), ``last_annual_review``.
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.dates import add_months


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
		if not group.get("consent_in_force"):
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
		if not closed or not group.get("closing_reason"):
			problems.append(Problem("R16", "Closing a group needs the closed date and the reason."))
		if not group.get("closing_meeting_planned"):
			problems.append(
				Problem("R16", "Closing must be planned in one of the group's meetings (a closing meeting).")
			)
	return problems


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
