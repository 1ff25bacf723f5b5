"""Files attached to the app's records must be private, so they follow the record's own access rules.

The desk uploads attachments as private by default (no DocType here sets ``make_attachments_public``);
this refuses a public one arriving by any other road: uploaded public, made public afterwards, or moved
from one of the app's records to another record and then made public. Every DocType with row-level
access (``records.RULES``) holds personal data, so all of them are protected.
"""

import frappe
from frappe import _

from ansvarsgruppe.permissions.records import RULES

PROTECTED_DOCTYPES = frozenset(RULES)


def refuse_public_attachment(doc, method=None):
	attached_to = {doc.attached_to_doctype}
	before = None if doc.is_new() else doc.get_doc_before_save()
	if before is not None:
		attached_to.add(before.attached_to_doctype)
	protected = sorted(attached_to & PROTECTED_DOCTYPES)
	if protected and not doc.is_private:
		frappe.throw(
			_("Files attached to {0} must be private.").format(_(protected[0])),
			frappe.ValidationError,
		)
