from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class EscalationLeader(ChildOfRecord, AuditedRecord, Document):
	"""R14: another unit leader concerned, brought into an escalation by the unit leader it is raised to:
	they read it and may answer it."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		added_by: DF.Link | None
		added_on: DF.Date | None
		leader_name: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		service_unit: DF.Link
		unit_leader: DF.Link
	# end: auto-generated types
	pass
