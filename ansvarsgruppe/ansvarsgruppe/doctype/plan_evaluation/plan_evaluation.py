from frappe.model.document import Document

from ansvarsgruppe.audit import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class PlanEvaluation(ChildOfRecord, AuditedRecord, Document):
	pass
