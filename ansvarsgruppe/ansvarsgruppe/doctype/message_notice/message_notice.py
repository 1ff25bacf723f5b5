from frappe.model.document import Document


class MessageNotice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		notice_key: DF.Data
		recipient: DF.Data | None
		sent_on: DF.Datetime | None
	# end: auto-generated types
	"""The e-mail notices of new messages sent, at most one per recipient per hour (its ``notice_key``)."""
