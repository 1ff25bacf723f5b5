from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class ServiceUserRelation(ChildOfRecord, AuditedRecord, Document):
	pass
