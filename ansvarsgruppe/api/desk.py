"""Whitelisted methods for the desk (staff)."""

import frappe
from frappe import _

from ansvarsgruppe.audit.history import access_history
from ansvarsgruppe.permissions.records import has_unrestricted_access


@frappe.whitelist()
def get_relations(service_user: str | None = None) -> list[dict]:
	"""The service user's relations (parents, guardians, relatives) for the forms' relation choices.

	Only for a user who may read the service user: the relations are personal data.
	"""
	if not service_user:
		return []
	# The DocType first, so a user without access learns nothing about which names exist.
	frappe.has_permission("Service User", "read", throw=True)
	frappe.has_permission("Service User", "read", service_user, throw=True)
	return frappe.get_all(
		"Service User Relation",
		filters={"parent": service_user, "parenttype": "Service User", "parentfield": "relations"},
		fields=["name", "full_name", "relation_type"],
		order_by="idx",
	)


@frappe.whitelist()
def get_group_access_history(group: str) -> list[dict]:
	"""For the group's coordinator (and system managers): who opened or printed the group's records."""
	coordinator = frappe.db.get_value("Responsibility Group", group, "coordinator")
	user = frappe.session.user
	if not (user == coordinator or has_unrestricted_access(user)) or not frappe.has_permission(
		"Responsibility Group", "read", group
	):
		frappe.throw(
			_("Only the group's coordinator can see who has looked at its records."), frappe.PermissionError
		)
	return access_history(group)
