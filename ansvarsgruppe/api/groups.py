"""Whitelisted methods for a responsibility group's coordinator appointment (R2, R3): the responsible unit's
leader appoints; who may is decided in ``permissions/appointments.py``."""

import frappe
from frappe import _

from ansvarsgruppe.permissions import records
from ansvarsgruppe.permissions.appointments import check_appointer
from ansvarsgruppe.rules import appointments


def _group(group: str):
	"""The group, for a user who may read it."""
	if not group or not frappe.db.exists("Responsibility Group", group):
		frappe.throw(_("Responsibility Group {0} not found").format(group), frappe.DoesNotExistError)
	doc = frappe.get_doc("Responsibility Group", group)
	doc.check_permission("read")
	return doc


@frappe.whitelist(methods=["POST"])
def appoint_coordinator(group: str, coordinator: str, reason: str | None = None) -> dict:
	"""«Oppnevn koordinator»: the leader of the group's responsible unit appoints ``coordinator`` (a user in
	the Coordinator role), with the reason when one is replaced."""
	doc = _group(group)
	row = doc.appoint_coordinator(coordinator, reason)
	return {"coordinator": doc.coordinator, "appointment": row.name}


@frappe.whitelist()
def coordinator_candidates(group: str) -> list[dict]:
	"""The users the leader of the group's responsible unit may appoint: active, in the Coordinator role,
	not the group's coordinator and not the leader themselves."""
	doc = _group(group)
	user = frappe.session.user
	check_appointer(doc, user)
	left_out = [doc.coordinator or ""]
	if not records.has_unrestricted_access(user):
		left_out.append(user)
	has_role, account = frappe.qb.DocType("Has Role"), frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(account)
		.join(has_role)
		.on((has_role.parent == account.name) & (has_role.parenttype == "User"))
		.select(account.name, account.full_name)
		.where(has_role.role == appointments.COORDINATOR_ROLE)
		.where(account.enabled == 1)
		.where(account.name.notin(left_out))
		.distinct()
		.orderby(account.full_name)
	).run(as_dict=True)
	return [{"value": row.name, "label": row.full_name or row.name} for row in rows]
