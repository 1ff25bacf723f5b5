"""The portal's web forms: filed only by a portal user acting for the person (R1, R4)."""

import frappe
from frappe import _

from ansvarsgruppe.portal.people import is_portal_user, portal_party

# The app's web forms and the DocTypes they file.
PORTAL_WEB_FORMS = {"samtykke": "Consent", "soknad-om-ip": "IP Application"}


@frappe.whitelist(allow_guest=True)
def accept_web_form(web_form, data):
	"""Frappe's web form submit; the app's forms are marked as the portal road while they save, so that the
	controllers refuse anyone but a portal user acting for the person (``check_portal_road``)."""
	from frappe.website.doctype.web_form.web_form import accept

	frappe.flags.portal_web_form = web_form in PORTAL_WEB_FORMS
	try:
		doc = accept(web_form, data)
	finally:
		frappe.flags.portal_web_form = False
	if web_form in PORTAL_WEB_FORMS and doc is not None:
		# the form needs the record's name only; the rest is what the family may read on their pages
		return {"doctype": doc.doctype, "name": doc.name}
	return doc


def check_portal_road(doc):
	"""A document filed through the portal's web forms (inserted with ``ignore_permissions``) is filed by a
	portal user acting for its person (R1, R4), never by staff, whoever they are."""
	if not frappe.flags.portal_web_form:
		return
	if not is_portal_user():
		frappe.throw(
			_("This form is for the person and their family in the portal. Register it in the desk instead."),
			frappe.PermissionError,
		)
	portal_party(doc.get("service_user"), applying=doc.doctype == "IP Application")
