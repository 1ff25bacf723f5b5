from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class MeetingMeasureUpdate(ChildOfRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		add_evaluation: DF.Check
		description: DF.SmallText | None
		end_date: DF.Date | None
		goal_id: DF.Data | None
		measure_id: DF.Data | None
		new_end_date: DF.Date | None
		new_status: DF.Literal["", "Planned", "Ongoing", "Done", "Stopped"]
		next_evaluation_date: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		progress: DF.SmallText | None
		responsible_name: DF.Data | None
		responsible_person: DF.Link | None
		result: DF.Literal["", "Achieved", "Partly", "Not achieved", "Changed"]
		status_before: DF.Literal["", "Planned", "Ongoing", "Done", "Stopped"]
	# end: auto-generated types
	pass
