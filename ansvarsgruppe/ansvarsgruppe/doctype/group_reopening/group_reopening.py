from frappe.model.document import Document

from ansvarsgruppe.archive.log import KeptLog


class GroupReopening(KeptLog, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		group: DF.Link
		reason: DF.SmallText
		reopened_by: DF.Link | None
		reopened_on: DF.Datetime | None
	# end: auto-generated types
	"""R16: a closed group reopened by the Local Administrator, with the reason. Kept as written."""
