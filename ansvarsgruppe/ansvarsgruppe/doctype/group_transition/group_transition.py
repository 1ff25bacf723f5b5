from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class GroupTransition(ChildOfRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		done: DF.Check
		done_date: DF.Date | None
		from_service: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		planned_date: DF.Date
		responsible: DF.Link
		to_service: DF.Data
	# end: auto-generated types
	pass
