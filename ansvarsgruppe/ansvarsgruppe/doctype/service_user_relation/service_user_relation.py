from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class ServiceUserRelation(ChildOfRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		email: DF.Data | None
		full_name: DF.Data
		has_parental_responsibility: DF.Check
		is_guardian: DF.Check
		national_id: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		phone: DF.Data | None
		portal_user: DF.Link | None
		relation_type: DF.Literal["Parent", "Guardian", "Relative"]
	# end: auto-generated types
	pass
