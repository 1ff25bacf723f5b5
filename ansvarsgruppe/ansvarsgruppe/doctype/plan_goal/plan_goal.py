from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class PlanGoal(ChildOfRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		goal: DF.SmallText
		goal_id: DF.Data | None
		is_persons_own_goal: DF.Check
		parent: DF.Data
		parent_goal: DF.Data | None
		parentfield: DF.Data
		parenttype: DF.Data
		status: DF.Literal["Open", "Achieved", "Changed", "Dropped"]
	# end: auto-generated types
	pass
