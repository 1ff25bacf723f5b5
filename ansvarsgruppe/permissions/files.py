"""Files attached to the app's records must be private, so they follow the record's own access rules.

The desk uploads attachments as private by default (no DocType here sets ``make_attachments_public``);
this refuses a public one arriving by any other road.
"""

import frappe
from frappe import _

PROTECTED_DOCTYPES = {
	"Responsibility Group",
	"Group Member",
	"Consent",
	"IP Application",
	"Meeting Minutes",
	"Service User",
}


def refuse_public_attachment(doc, method=None):
	if doc.attached_to_doctype in PROTECTED_DOCTYPES and not doc.is_private:
		frappe.throw(
			_("Files attached to {0} must be private.").format(_(doc.attached_to_doctype)),
			frappe.ValidationError,
		)
