import frappe
from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class ConsentPartner(ChildOfRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		service_unit: DF.Link
		withdrawal_reason: DF.SmallText | None
		withdrawn_on: DF.Date | None
	# end: auto-generated types
	pass


def on_doctype_update():
	# The consent's partner for a member's unit, looked up by (consent, unit) in the access checks.
	frappe.db.add_index(
		"Consent Partner", ["parent", "service_unit", "parenttype", "withdrawn_on"], "parent_unit"
	)
