from frappe.model.document import Document

from ansvarsgruppe.permissions.grants import check_grants


class ServiceUnit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency_type: DF.Literal["Internal", "External"]
		email: DF.Data | None
		is_active: DF.Check
		phone: DF.Data | None
		unit_leader: DF.Link | None
		unit_name: DF.Data

	# end: auto-generated types
	def validate(self):
		check_grants(self)  # R2: nobody makes themselves a unit's leader
