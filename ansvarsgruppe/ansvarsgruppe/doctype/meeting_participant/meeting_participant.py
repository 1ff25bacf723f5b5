from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class MeetingParticipant(ChildOfRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attendance: DF.Literal["", "Present", "Sent regrets", "Absent"]
		email: DF.Data | None
		family_agreed: DF.Check
		group_member: DF.Link | None
		invited_for_this_meeting: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		participant_name: DF.Data
		service_unit: DF.Link | None
		user: DF.Link | None
	# end: auto-generated types
	pass
