"""Files attached to the app's records must be private, so they follow the record's own access rules.

The desk uploads attachments as private by default (no DocType here sets ``make_attachments_public``);
this refuses a public one arriving by any other road: uploaded public, made public afterwards, or moved
from one of the app's records to another record and then made public. Every DocType with row-level
access (``records.RULES``) holds personal data, so all of them are protected.
"""

import frappe
from frappe import _

from ansvarsgruppe.permissions.records import has_unrestricted_access, query_conditions
from ansvarsgruppe.permissions.registry import PROTECTED

PROTECTED_DOCTYPES = frozenset(PROTECTED)


def refuse_public_attachment(doc, method=None):
	attached_to = {doc.attached_to_doctype}
	before = None if doc.is_new() else doc.get_doc_before_save()
	if before is not None:
		attached_to.add(before.attached_to_doctype)
	protected = sorted(attached_to & PROTECTED_DOCTYPES)
	if protected and not doc.is_private:
		frappe.throw(
			_("Files attached to {0} must be private.").format(_(protected[0])),
			frappe.ValidationError,
		)


# Documents sent with a group message ---------------------------------------------------------------
# A message's document is a File attached to the group's record (so the archive takes it as a received
# document, R19) and named in the message's attachment table; it is read exactly as the message is.


def message_of_file(file_name: str) -> str | None:
	"""The Group Message a File was sent with, if any."""
	return frappe.db.get_value(
		"Group Message Attachment", {"file": file_name, "parenttype": "Group Message"}, "parent"
	)


def file_permission(doc, ptype=None, user=None, debug=False):
	"""``has_permission`` for File: a message's document is read by whoever reads the message and
	changed or deleted by nobody but System Manager; any other File is left to Frappe's own rule."""
	message = message_of_file(doc.name) if doc.name else None
	if not message:
		return None
	from ansvarsgruppe.api.messages import may_read_message

	user = user or frappe.session.user
	if ptype in (None, "read", "print", "select", "email", "export", "report", "download"):
		return may_read_message(message, user)
	return has_unrestricted_access(user)


def file_query(user=None):
	"""The File list as ``has_permission`` reads a File: the files of the app's records only where the user
	may read the record (or uploaded the file), and without the messages' documents the user may not read.
	A file's name and size tell of the family's health, also to someone who may read the group."""
	user = user or frappe.session.user
	if has_unrestricted_access(user):
		return ""
	conditions = [_attached_to_readable_records(user)]
	attachment = "`tabGroup Message Attachment`"
	readable = query_conditions("Group Message", user)
	if readable:
		hidden = (
			f"select {attachment}.`file` from {attachment} where {attachment}.`parenttype` = 'Group Message'"
			f" and {attachment}.`file` is not null and {attachment}.`parent` not in"
			f" (select `tabGroup Message`.`name` from `tabGroup Message` where {readable})"
		)
		conditions.append(f"(`tabFile`.`name` not in ({hidden}))")
	return " and ".join(conditions)


def _attached_to_readable_records(user: str) -> str:
	"""Frappe's own rule for a private File (``frappe.core.doctype.file.file.has_permission``: its owner,
	or whoever reads the record it is attached to) as a condition over the File list, for the app's
	records."""
	protected = ", ".join(frappe.db.escape(doctype) for doctype in sorted(PROTECTED_DOCTYPES))
	parts = [
		"`tabFile`.`attached_to_doctype` is null",
		f"`tabFile`.`attached_to_doctype` not in ({protected})",
		f"`tabFile`.`owner` = {frappe.db.escape(user)}",
	]
	for doctype in sorted(PROTECTED_DOCTYPES):
		part = f"`tabFile`.`attached_to_doctype` = {frappe.db.escape(doctype)}"
		condition = query_conditions(doctype, user)
		if condition:
			part += f" and `tabFile`.`attached_to_name` in (select `tab{doctype}`.`name` from `tab{doctype}` where {condition})"
		parts.append(f"({part})")
	return "(" + " or ".join(parts) + ")"


def hide_unreadable_documents():
	"""The form's attachment list (``docinfo.attachments``) without the messages' documents the user may
	not read: a group's form is read by more people than its private messages."""
	docinfo = frappe.response.get("docinfo")
	if not docinfo or not docinfo.get("attachments"):
		return
	docinfo["attachments"] = [
		a for a in docinfo["attachments"] if file_permission(frappe._dict(a), "read") is not False
	]


@frappe.whitelist()
def getdoc(doctype, name, user=None):
	"""``frappe.desk.form.load.getdoc``, with ``hide_unreadable_documents``."""
	from frappe.desk.form import load

	load.getdoc(doctype, name, user)
	hide_unreadable_documents()


@frappe.whitelist()
def get_docinfo(doc=None, doctype=None, name=None):
	"""``frappe.desk.form.load.get_docinfo``, with ``hide_unreadable_documents``."""
	from frappe.desk.form import load

	load.get_docinfo(doc, doctype, name)
	hide_unreadable_documents()
