from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class MeetingAgendaItem(ChildOfRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		conclusion: DF.SmallText | None
		discussion: DF.SmallText | None
		minutes_allotted: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		proposal: DF.Data | None
		responsible: DF.Data | None
		title: DF.Data
	# end: auto-generated types
	pass
