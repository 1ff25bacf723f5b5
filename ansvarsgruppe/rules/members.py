"""R3, R5, R6, R7: who may be a member of a group, and on what terms.

A member dict: ``status``, ``member_role``, ``user``, ``service_unit``, ``relation``,
``mandate_clarified`` (bool), ``mandate_note`` (what the mandate is), ``from_date``, ``to_date``,
``is_permanent`` (bool), ``is_external`` (bool: a professional outside the municipality without an
account), ``full_name``, ``email``.
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st

COORDINATOR = "Coordinator"
PROFESSIONAL = "Professional"
SERVICE_USER = "Service User"
RELATIVE = "Relative"
GUARDIAN = "Guardian"
MEMBER_ROLES = (COORDINATOR, PROFESSIONAL, SERVICE_USER, RELATIVE, GUARDIAN)
PROFESSIONAL_ROLES = (COORDINATOR, PROFESSIONAL)
FAMILY_ROLES = (RELATIVE, GUARDIAN)


def is_professional(member: dict) -> bool:
	return member.get("member_role") in PROFESSIONAL_ROLES


def has_access_on(member: dict, covered_units: set[str], on_date: datetime.date) -> bool:
	"""R5: a professional sees the group while an active member whose unit the consent covers."""
	if member.get("status") not in (st.MEMBER_APPROVED, st.MEMBER_ACTIVE):
		return False
	if member.get("from_date") and member["from_date"] > on_date:
		return False
	if member.get("to_date") and member["to_date"] < on_date:
		return False
	return not is_professional(member) or member.get("service_unit") in covered_units


def member_problems(
	member: dict,
	covered_units: set[str],
	group_coordinator: str | None,
	other_coordinators: list[str],
	mandate_text_required: bool = True,
) -> list[Problem]:
	"""What is wrong with a member as it is about to be saved. The routine (000) asks that the mandate be
	clarified with the superior; that it is also written down is the municipality's setting."""
	problems = []
	role, status = member.get("member_role"), member.get("status")
	start, end = member.get("from_date"), member.get("to_date")
	if start and end and end < start:
		problems.append(Problem("R6", "The membership cannot end before it starts."))

	if role in PROFESSIONAL_ROLES:
		if role == PROFESSIONAL and member.get("is_external") and not member.get("user"):
			# 004 "Medlemmer fra interne og eksterne tjenester": a GP, the hospital or BUP without an account,
			# reached by e-mail while the consent covers their organisation (R5).
			if not (member.get("full_name") or "").strip() or not (member.get("email") or "").strip():
				problems.append(
					Problem(
						"R6", "An external member without an account needs their name and e-mail address."
					)
				)
		elif not member.get("user"):
			problems.append(Problem("R7", "A professional member must be a user of the system."))
		if not member.get("service_unit"):
			problems.append(Problem("R7", "A professional member must represent a service unit."))
		elif status != st.MEMBER_ENDED and member["service_unit"] not in covered_units:
			problems.append(
				Problem(
					"R5",
					"{unit} is not covered by the service user's consent in force, so its staff cannot be"
					" members of the group.",
					{"unit": member["service_unit"]},
				)
			)
		if status in (st.MEMBER_APPROVED, st.MEMBER_ACTIVE) and not member.get("mandate_clarified"):
			problems.append(
				Problem(
					"R7",
					"The member must have clarified their mandate with their superior before being approved.",
				)
			)
		elif (
			mandate_text_required
			and status in (st.MEMBER_APPROVED, st.MEMBER_ACTIVE)
			and not (member.get("mandate_note") or "").strip()
		):
			problems.append(
				Problem("R7", "Write down the member's mandate: what they may decide for their unit.")
			)
	elif role in (SERVICE_USER, *FAMILY_ROLES):
		if role in FAMILY_ROLES and not member.get("relation"):
			problems.append(
				Problem("R4", "A relative or guardian member must be one of the service user's relations.")
			)

	if role == COORDINATOR and status != st.MEMBER_ENDED:
		if other_coordinators:
			problems.append(
				Problem(
					"R3",
					"The group already has a coordinator member: {members}.",
					{"members": ", ".join(other_coordinators)},
				)
			)
		if group_coordinator and member.get("user") != group_coordinator:
			problems.append(Problem("R3", "The coordinator member must be the group's coordinator."))
	return problems


def batch_problems(rows: list[dict], present: set[tuple[str, str]]) -> dict[int, list[Problem]]:
	"""R6: members added together in one list, by their index: a person listed twice in the same role, or
	already a member of the group in that role (``present``: the (user, role) of the members not ended)."""
	problems: dict[int, list[Problem]] = {}
	seen: set[tuple[str, str]] = set()
	for index, row in enumerate(rows):
		key = (row.get("user") or "", row.get("member_role") or "")
		if not key[0]:
			continue
		if key in present:
			problems.setdefault(index, []).append(
				Problem(
					"R6",
					"{person} is already a member of the group in this role.",
					{"person": row.get("full_name") or key[0]},
				)
			)
		elif key in seen:
			problems.setdefault(index, []).append(
				Problem(
					"R6",
					"{person} is listed twice in the same role.",
					{"person": row.get("full_name") or key[0]},
				)
			)
		seen.add(key)
	return problems
