"""Frappe's File, with the documents sent with group messages read as their message is (hooks.py
``override_doctype_class``).

Frappe serves ``/private/files/…`` to whoever may read the record a File is attached to
(``File.is_downloadable``, which does not go through the ``has_permission`` hooks). A message's document
is attached to the group's record (R19), which more people read than the message (a unit leader, KE, a
member when the family wrote to the coordinator only), so its download is decided by the message.
Attaching it leaves no "Added …" comment on the group's timeline, which would name it to every reader
of the group. Every other File behaves exactly as in Frappe.
"""

from frappe.core.doctype.file.file import File

from ansvarsgruppe.permissions.files import message_of_file


class MessageAwareFile(File):
	def is_downloadable(self):
		message = message_of_file(self.name) if self.name else None
		if not message:
			return super().is_downloadable()
		from ansvarsgruppe.api.messages import may_read_message

		return may_read_message(message)

	def create_attachment_record(self):
		if self.flags.message_document:
			return
		super().create_attachment_record()
