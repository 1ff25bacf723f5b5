"""Whitelisted methods for the desk forms."""

import frappe


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
