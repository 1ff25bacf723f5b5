from frappe.model.document import Document

from ansvarsgruppe.audit import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class MeetingAgendaItem(ChildOfRecord, AuditedRecord, Document):
	pass
