"""Frappe's File, with files that follow their record (hooks.py ``override_doctype_class``; the rules are
``permissions/files.py``).

The checks sit in the controller because Frappe's roads around the permission hooks all end here:
``/private/files/…`` asks ``File.is_downloadable``, which does not go through the ``has_permission``
hooks; a new File reads the file it points at in ``before_insert``, before the create permission is
checked and also when inserted with ``ignore_permissions`` (``add_attachments``, an Attach field's
value); an attachment is removed with ``ignore_permissions`` by whoever may change its record. A
message's document and an archive package, attached to the group's record (R19), leave no "Added …"
comment on the group's timeline, which would name them to every reader of the group.
"""

import frappe
from frappe.core.doctype.file.file import File

from ansvarsgruppe.permissions import files


class RecordFile(File):
	def before_insert(self):
		files.check_new_file(self)
		super().before_insert()

	def validate(self):
		if not self.flags.in_insert:
			files.check_file_change(self)
		super().validate()

	def on_trash(self):
		files.check_removal(self)
		super().on_trash()

	def is_downloadable(self):
		decision = files.read_decision(self, frappe.session.user)
		return super().is_downloadable() if decision is None else decision

	def create_attachment_record(self):
		if self.flags.message_document or self.flags.archive_package:
			return
		super().create_attachment_record()
