import frappe
from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.rules_bridge import throw_problems
from ansvarsgruppe.rules import messages as rules
from ansvarsgruppe.rules import status as st

# What a sent message keeps as it was (besides its documents).
KEPT_FIELDS = ("group", "service_user", *rules.CONTENT_FIELDS, *rules.WITHDRAWAL_FIELDS)


class GroupMessage(AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ansvarsgruppe.ansvarsgruppe.doctype.group_message_attachment.group_message_attachment import (
			GroupMessageAttachment,
		)

		attachments: DF.Table[GroupMessageAttachment]
		group: DF.Link
		only_to_coordinator: DF.Check
		private_with: DF.Link | None
		reply_to: DF.Link | None
		sender: DF.Link | None
		sender_name: DF.Data | None
		sent_by_family: DF.Check
		service_user: DF.Link | None
		text: DF.Text
		withdrawn: DF.Check
		withdrawn_by: DF.Link | None
		withdrawn_on: DF.Datetime | None
	# end: auto-generated types
	"""A message in a group's conversation (R5): never edited or deleted once sent, only withdrawn by its
	sender, which keeps its content for the archive (R19)."""

	def validate(self):
		if self.is_new():
			self.validate_message()
			return
		before = self.get_doc_before_save()
		if before is None:
			return
		problem = rules.change_problem(self.kept_values(before), self.kept_values(self))
		throw_problems([problem])

	@staticmethod
	def kept_values(doc) -> dict:
		values = {field: doc.get(field) for field in KEPT_FIELDS}
		values["withdrawn"] = int(values["withdrawn"] or 0)
		values["withdrawn_on"] = str(values["withdrawn_on"] or "") or None
		values["attachments"] = tuple((row.file, row.file_name) for row in doc.get("attachments") or [])
		return values

	def validate_message(self):
		"""Fill in the sender from the session and check the message against the conversation's rules."""
		from ansvarsgruppe.permissions.messages import family_takes_part, group_values, may_read_message
		from ansvarsgruppe.permissions.records import takes_part
		from ansvarsgruppe.portal.people import is_portal_user

		user = frappe.session.user
		group = group_values(self.group) if self.group else None
		self.sender = user
		self.sender_name = frappe.db.get_value("User", user, "full_name") or user
		self.sent_by_family = 1 if is_portal_user(user) else 0
		self.service_user = group.service_user if group else None
		self.withdrawn, self.withdrawn_on, self.withdrawn_by = 0, None, None
		if self.attachments and not self.documents_checked(group):
			frappe.throw(
				frappe._("Documents are sent by uploading them with the message."), frappe.ValidationError
			)
		reply = None
		if self.reply_to:
			reply = frappe.db.get_value(
				"Group Message",
				self.reply_to,
				["group", "only_to_coordinator", "private_with"],
				as_dict=True,
			)
			if not reply or reply.group != self.group or not may_read_message(self.reply_to, user):
				frappe.throw(frappe._("Answer a message in the same group."), frappe.ValidationError)
		from_coordinator = bool(group) and group.coordinator == user
		reply_private = bool(reply and reply.only_to_coordinator)
		if reply_private and (from_coordinator or self.sent_by_family):
			self.only_to_coordinator = 1  # an answer in a private thread stays in it
		if not self.only_to_coordinator:
			self.private_with = None
		elif self.sent_by_family:
			self.private_with = reply.private_with if reply_private else user
		elif reply_private:
			self.private_with = reply.private_with
		if self.sent_by_family:
			part = family_takes_part(user, group)
		else:
			part = bool(group) and takes_part(user, self.group)
		throw_problems(
			rules.message_problems(
				{
					"text": self.text,
					"group_open": bool(group) and group.status != st.GROUP_CLOSED,
					"takes_part": part,
					"from_family": bool(self.sent_by_family),
					"from_coordinator": from_coordinator,
					"only_to_coordinator": bool(self.only_to_coordinator),
					"reply_private": reply_private,
				},
				is_new=True,
			)
		)

	def documents_checked(self, group) -> bool:
		"""The documents were uploaded with this message (``post_message``) into the group's record."""
		if not self.flags.documents_uploaded or not group:
			return False
		files = frappe.get_all(
			"File",
			filters={"name": ("in", [row.file for row in self.attachments])},
			fields=["attached_to_doctype", "attached_to_name", "is_private"],
		)
		return len(files) == len(self.attachments) and all(
			f.attached_to_doctype == "Responsibility Group"
			and f.attached_to_name == group.name
			and f.is_private
			for f in files
		)

	def after_insert(self):
		from ansvarsgruppe.api.messages import notify_readers

		notify_readers(self)

	def on_trash(self):
		throw_problems([rules.deletion_problem()])
