from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class PlanEvaluation(ChildOfRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		evaluation_date: DF.Date
		meeting_minutes: DF.Link | None
		next_evaluation_date: DF.Date | None
		notes: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		participants: DF.SmallText | None
		reference: DF.Data | None
		result: DF.Literal["", "Achieved", "Partly", "Not achieved", "Changed"]
	# end: auto-generated types
	pass
