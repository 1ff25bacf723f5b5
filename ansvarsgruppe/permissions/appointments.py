"""Who appoints a group's coordinator, and whom (R2, R3, R16): the leader of the group's responsible unit,
in the Unit Leader role, appoints an active user who holds the Coordinator role and is not the leader
themselves. The appointment is the only road that changes a group's coordinator (``grants.check_grants``
refuses every other); the group records it and ends the old coordinator's membership, and KE and the members
are told (``ResponsibilityGroup.appoint_coordinator``).
"""

import frappe
from frappe.utils import now_datetime

from ansvarsgruppe.permissions import records
from ansvarsgruppe.permissions.grants import appointee_problems, refuse, unit_leader_of
from ansvarsgruppe.permissions.registry import UNIT_LEADER
from ansvarsgruppe.rules import appointments


def check_appointer(group, user: str | None = None):
	"""Refuses (403) anyone but the leader of the group's responsible unit (an administrator may act)."""
	user = user or frappe.session.user
	leader = unit_leader_of(group.responsible_unit)
	refuse(
		appointments.appointer_problems(
			user, leader, records.has_unrestricted_access(user), UNIT_LEADER in frappe.get_roles(user)
		)
	)


def check_appointment(group, appointee: str | None, reason: str | None, user: str | None = None) -> list:
	"""Refuses (403) anyone but the responsible unit's leader; returns what is wrong with the appointment
	itself (the appointee, a closed group, a missing reason), for the caller to throw."""
	user = user or frappe.session.user
	check_appointer(group, user)
	unrestricted = records.has_unrestricted_access(user)
	return appointee_problems(user, appointee, unrestricted) + appointments.change_problems(
		group.status, group.coordinator, appointee, reason
	)


def appointment(coordinator: str, reason: str | None = None, appointed_by: str | None = None, **more):
	"""The flag a group is saved with when its coordinator is appointed, and the row it records: the
	appointee, who appointed, when and why (``more``: ``appointed_on``, ``ip_application``)."""
	return frappe._dict(
		coordinator=coordinator,
		reason=(reason or "").strip() or None,
		appointed_by=appointed_by or frappe.session.user,
		appointed_on=more.get("appointed_on") or now_datetime(),
		ip_application=more.get("ip_application"),
	)
