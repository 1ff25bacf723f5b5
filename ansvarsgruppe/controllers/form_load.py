"""What a form would ask for as soon as it is drawn, brought with its load (``onload``) instead: each
computed by the same method the form would call, so it decides the same."""

import frappe

from ansvarsgruppe.permissions.endpoints import get_open_count

# The views a form's timeline shows, the latest first, as Frappe shows the latest ten changes: every reading
# of a record is logged (Innsyn reads them all), and a record read daily would draw thousands of them.
TIMELINE_VIEWS = 10


def loaded_connection_counts(doc) -> dict | None:
	"""The counts of the form's connections (``get_open_count``) for the linked DocTypes the user may
	read, the ones the form lists, and the version of the document they are for (responsibility_group.js:
	where the form lists other DocTypes, it asks as usual)."""
	if doc.is_new():
		return None
	items = [
		doctype
		for group in doc.meta.get_dashboard_data().transactions
		for doctype in group.get("items")
		if frappe.has_permission(doctype, "read")
	]
	return {
		"modified": str(doc.modified),
		"items": items,
		"open_count": get_open_count(doc.doctype, doc.name, items),
	}


def latest_views_only():
	"""The loaded form's ``docinfo.views`` cut to the latest ``TIMELINE_VIEWS``."""
	docinfo = frappe.response.get("docinfo")
	if docinfo and len(docinfo.get("views") or ()) > TIMELINE_VIEWS:
		docinfo["views"] = docinfo["views"][:TIMELINE_VIEWS]
