from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class MinutesDistribution(ChildOfRecord, AuditedRecord, Document):
	pass
