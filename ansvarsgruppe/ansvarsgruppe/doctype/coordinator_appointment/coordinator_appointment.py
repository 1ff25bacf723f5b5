from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.permissions.endpoints import ChildOfRecord


class CoordinatorAppointment(ChildOfRecord, AuditedRecord, Document):
	"""R2, R3: one appointment of the group's coordinator: who, by whom, when and why. Written by the
	appointment only (``permissions/appointments.py``), never changed."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		appointed_by: DF.Link | None
		appointed_on: DF.Datetime | None
		coordinator: DF.Link | None
		coordinator_name: DF.Data | None
		ip_application: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		previous_coordinator: DF.Link | None
		reason: DF.SmallText | None
	# end: auto-generated types
	pass
