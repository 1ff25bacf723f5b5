from frappe.model.document import Document


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
	pass
