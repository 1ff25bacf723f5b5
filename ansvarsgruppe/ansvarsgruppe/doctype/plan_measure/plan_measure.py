from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class PlanMeasure(ChildOfRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText
		end_date: DF.Date | None
		evaluation_form: DF.Literal["", "Conversation", "Observation", "Measurement", "Report"]
		goal_id: DF.Data | None
		implementation: DF.SmallText | None
		measure_id: DF.Data | None
		next_evaluation_date: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		responsible_person: DF.Link
		responsible_unit: DF.Link | None
		scope: DF.Data | None
		start_date: DF.Date | None
		status: DF.Literal["Planned", "Ongoing", "Done", "Stopped"]
	# end: auto-generated types
	pass
