"""``has_website_permission`` (hooks.py): what a portal user may open in the portal (drafts never)."""

import frappe

from ansvarsgruppe.portal.people import is_portal_user, represented
from ansvarsgruppe.rules import status as st


def _service_user_of(doc) -> str | None:
	if doc.doctype == "Service User":
		return doc.name
	if doc.doctype == "Meeting Minutes":
		return frappe.db.get_value("Responsibility Group", doc.group, "service_user")
	return doc.get("service_user")


def has_website_permission(doc, ptype=None, user=None, verbose=False):
	user = user or frappe.session.user
	if user == "Guest" or not is_portal_user(user):
		return False
	if doc.doctype == "Service User":
		# The portal shows the person through its own pages, never the whole record (print, PDF), which
		# holds the relatives' contact details and staff-only fields.
		return False
	if doc.doctype == "Meeting Minutes" and doc.status not in st.MINUTES_FINAL:
		return False  # drafts never reach the portal
	if doc.doctype == "Individual Plan" and doc.status in ("Draft", "Under Revision"):
		return False
	return _service_user_of(doc) in represented(user, applying=doc.doctype == "IP Application")
