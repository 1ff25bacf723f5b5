"""Who looked at a group's records and when (the sector norm expects the person to be able to see it).

Innsyn reads two of Frappe's logs in one query: the View Log (every single-record read of the app's
DocTypes on any road, ``AuditedRecord``) and the Access Log (prints, PDFs, and each document sent by
e-mail, with its recipients)."""

import frappe
from frappe import _
from frappe.query_builder import DocType, Field, Order
from frappe.utils import escape_html
from pypika.terms import ValueWrapper

from ansvarsgruppe.permissions.records import _unrestricted

# What Innsyn shows for each kind of log entry (``access_history``).
OPENED, PRINTED, SENT = "Opened", "Printed or exported", "Sent by e-mail"
MAIL_METHOD = "E-mail"


def group_records(group: str) -> list[tuple[str, str]]:
	"""The group and every record that belongs to it, as (doctype, name)."""
	values = frappe.db.get_value(
		"Responsibility Group", group, ["service_user", "consent", "ip_application"], as_dict=True
	)
	records = [("Responsibility Group", group), ("Service User", values.service_user)]
	if values.consent:
		records.append(("Consent", values.consent))
	if values.ip_application:
		records.append(("IP Application", values.ip_application))
	for doctype in ("Meeting Minutes", "Group Member", "Individual Plan", "Escalation"):
		records += [(doctype, name) for name in frappe.get_all(doctype, {"group": group}, pluck="name")]
	return records


def access_history(groups: str | list[str], limit: int = 500) -> list[dict]:
	"""Who opened (View Log), printed or exported, or sent by e-mail (Access Log) the records of the group
	(or groups), newest first, in one query over both logs; each row names its ``group``."""
	group_of = {
		record: group
		for group in ([groups] if isinstance(groups, str) else groups)
		for record in group_records(group)
	}
	records = list(group_of)
	if not records:
		return []
	view, access = DocType("View Log"), DocType("Access Log")
	doctypes, names = [d for d, _n in records], [n for _d, n in records]
	views = (
		frappe.qb.from_(view)
		.select(
			view.creation.as_("at"),
			view.viewed_by.as_("user"),
			view.reference_doctype.as_("doctype"),
			view.reference_name.as_("record"),
			ValueWrapper("").as_("file_type"),
			ValueWrapper("").as_("method"),
			ValueWrapper("").as_("page"),
		)
		.where(view.reference_doctype.isin(doctypes))
		.where(view.reference_name.isin(names))
	)
	exports = (
		frappe.qb.from_(access)
		.select(
			access.creation.as_("at"),
			access.user.as_("user"),
			access.export_from.as_("doctype"),
			access.reference_document.as_("record"),
			access.file_type,
			access.method,
			access.page,
		)
		.where(access.export_from.isin(doctypes))
		.where(access.reference_document.isin(names))
	)
	union = (views + exports).orderby(Field("at"), order=Order.desc).limit(limit * 2)
	rows = [row for row in union.run(as_dict=True) if (row["doctype"], row["record"]) in group_of][:limit]
	for row in rows:
		row["group"] = group_of[(row["doctype"], row["record"])]
		kind = SENT if row.method == MAIL_METHOD else PRINTED if row.file_type else OPENED
		row["kind"], row["action"] = kind, _(kind)
		row["recipients"] = row.page if kind == SENT else ""
	names = dict(
		frappe.get_all(
			"User", {"name": ("in", {r["user"] for r in rows})}, ["name", "full_name"], as_list=True
		)
	)
	for row in rows:
		row["full_name"] = names.get(row["user"], row["user"])
	return rows


# Writing the logs --------------------------------------------------------------------------------------


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


@frappe.whitelist()
def get_group_access_history(group: str) -> list[dict]:
	"""For the group's coordinator (and system managers): who opened or printed the group's records."""
	coordinator = frappe.db.get_value("Responsibility Group", group, "coordinator")
	user = frappe.session.user
	if not (user == coordinator or _unrestricted(user)) or not frappe.has_permission(
		"Responsibility Group", "read", group
	):
		frappe.throw(
			_("Only the group's coordinator can see who has looked at its records."), frappe.PermissionError
		)
	return access_history(group)
