"""Innsyn: who opened, printed or was sent a group's records, newest first."""

import frappe
from frappe import _
from frappe.query_builder import DocType, Field, Order
from pypika.terms import ValueWrapper

from ansvarsgruppe.audit.access_log import MAIL_METHOD

# What Innsyn shows for each kind of log entry (``access_history``).
OPENED, PRINTED, SENT, DOWNLOADED = "Opened", "Printed or exported", "Sent by e-mail", "Downloaded"


def group_records(group: str) -> list[tuple[str, str]]:
	"""The group and every record that belongs to it, as (doctype, name)."""
	values = frappe.db.get_value(
		"Responsibility Group", group, ["service_user", "consent", "ip_application"], as_dict=True
	)
	records = [("Responsibility Group", group), ("Service User", values.service_user)]
	consent = values.consent
	while consent and ("Consent", consent) not in records:  # with the versions it superseded
		records.append(("Consent", consent))
		consent = frappe.db.get_value("Consent", consent, "supersedes")
	if values.ip_application:
		records.append(("IP Application", values.ip_application))
	for doctype in (
		"Meeting Minutes",
		"Group Member",
		"Individual Plan",
		"Escalation",
		"Group Message",
		"Archive Package",
	):
		records += [(doctype, name) for name in frappe.get_all(doctype, {"group": group}, pluck="name")]
	messages = [name for doctype, name in records if doctype == "Group Message"]
	if messages:
		documents = frappe.get_all(
			"Group Message Attachment",
			{"parent": ("in", messages), "parenttype": "Group Message"},
			pluck="file",
		)
		records += [("File", name) for name in documents if name]
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
		if row.doctype in ("File", "Archive Package"):
			kind = DOWNLOADED
		else:
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
