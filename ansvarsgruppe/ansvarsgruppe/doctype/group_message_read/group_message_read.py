import frappe
from frappe.model.document import Document


class GroupMessageRead(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		group: DF.Link | None
		message: DF.Link
		read_on: DF.Datetime | None
		user: DF.Link
	# end: auto-generated types
	"""Who has read a group message, once per reader (for its sender)."""


def on_doctype_update():
	frappe.db.add_unique("Group Message Read", ["message", "user"], constraint_name="message_reader")
