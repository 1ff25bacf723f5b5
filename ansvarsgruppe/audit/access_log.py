"""The logs Innsyn reads: every single-record read (View Log), print, export and e-mail (Access Log)."""

import frappe
from frappe.utils import escape_html

MAIL_METHOD = "E-mail"


def record_of(doc) -> tuple[str, str]:
	"""The record a read is about: a child table row's parent, else the document itself."""
	if doc.get("parenttype") and doc.get("parent") and frappe.get_meta(doc.doctype).istable:
		return doc.parenttype, doc.parent
	return doc.doctype, doc.name


def log_read(doc):
	"""One read of one saved record (a form load, a REST read, ``frappe.client.get``, a child row), in
	the View Log Innsyn reads; once per loaded document."""
	if doc.flags.read_logged or not doc.name or doc.is_new() or frappe.session.user == "Guest":
		return
	doc.flags.read_logged = True
	doctype, name = record_of(doc)
	entry = frappe.get_doc(
		{
			"doctype": "View Log",
			"viewed_by": frappe.session.user,
			"reference_doctype": doctype,
			"reference_name": name,
		}
	)
	if frappe.flags.read_only:
		entry.deferred_insert()
	else:
		entry.insert(ignore_permissions=True)
		frappe.local.flags.commit = True  # a GET request commits only when asked


def log_export(doctype: str, name: str, method: str, file_type: str = "PDF", page: str | None = None):
	"""A print, a PDF or a document sent out, in the Access Log Innsyn reads (inside the transaction
	that made it: a mail that is rolled back was not sent)."""
	frappe.get_doc(
		{
			"doctype": "Access Log",
			"user": frappe.session.user,
			"export_from": doctype,
			"reference_document": name,
			"file_type": file_type,
			"method": method,
			"page": page,
		}
	).db_insert()


def log_sent(doctype: str, name: str, files: list[str], recipients: list[str]):
	"""Each document e-mailed (the PDF attached), with its recipients, for Innsyn."""
	log_export(doctype, name, MAIL_METHOD, page=escape_html(", ".join(recipients)))


class AuditedRecord:
	"""Mixin for the app's controllers: every single-record read on any road is logged for Innsyn.

	Frappe serves one record through ``getdoc`` (the form), ``/api/resource/<DocType>/<name>`` (v1 and
	v2) and ``frappe.client.get``; each checks the read permission and then calls
	``apply_fieldlevel_read_permissions`` before answering. The form's own View Log (``add_viewed``) is
	the same entry, so it is written once."""

	def apply_fieldlevel_read_permissions(self):
		super().apply_fieldlevel_read_permissions()
		log_read(self)

	def add_viewed(self, user=None, force=False, unique_views=False):
		log_read(self)
