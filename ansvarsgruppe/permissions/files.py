"""Files attached to the app's records must be private, so they follow the record's own access rules.

The desk uploads attachments as private by default (no DocType here sets ``make_attachments_public``);
this refuses a public one arriving by any other road: uploaded public, made public afterwards, or moved
from one of the app's records to another record and then made public. Every DocType with row-level
access (``records.RULES``) holds personal data, so all of them are protected.
"""

import frappe
from frappe import _

from ansvarsgruppe.permissions.records import RULES, has_unrestricted_access

PROTECTED_DOCTYPES = frozenset(RULES)


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
	"""The File list without the messages' documents the user may not read (their names and sizes
	tell of documents the family sent, also to someone who may read the group)."""
	from ansvarsgruppe.permissions.records import query_conditions

	user = user or frappe.session.user
	if has_unrestricted_access(user):
		return ""
	attachment = "`tabGroup Message Attachment`"
	readable = query_conditions("Group Message", user)
	if not readable:
		return ""
	hidden = (
		f"select {attachment}.`file` from {attachment} where {attachment}.`parenttype` = 'Group Message'"
		f" and {attachment}.`file` is not null and {attachment}.`parent` not in"
		f" (select `tabGroup Message`.`name` from `tabGroup Message` where {readable})"
	)
	return f"(`tabFile`.`name` not in ({hidden}))"


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
