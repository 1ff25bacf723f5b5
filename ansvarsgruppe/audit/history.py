"""Innsyn: who opened, printed or was sent a group's records, newest first."""

import frappe
from frappe import _
from frappe.query_builder import DocType, Field, Order
from pypika.terms import ValueWrapper

from ansvarsgruppe.audit.access_log import MAIL_METHOD

# What Innsyn shows for each kind of log entry (``access_history``).
OPENED, PRINTED, SENT, DOWNLOADED = "Opened", "Printed or exported", "Sent by e-mail", "Downloaded"
# The columns Innsyn reads from both logs (View Log and Access Log), besides the time.
LOG_COLUMNS = ("user", "doctype", "record", "file_type", "method", "page")


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
	packages = [name for doctype, name in records if doctype == "Archive Package"]
	if packages:  # a package's ZIP downloaded by its file URL, beside the app's download
		urls = frappe.get_all("Archive Package", {"name": ("in", packages)}, pluck="package_file")
		files = frappe.get_all("File", {"file_url": ("in", [u for u in urls if u] or ["-"])}, pluck="name")
		records += [("File", name) for name in files]
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

	def entries(log, columns: tuple[str, ...]):
		"""The log's rows about the records: its ``columns`` (its own names, "" for none) under the names
		both logs answer with."""
		user, doctype, record = (log[column] for column in columns[:3])
		return (
			frappe.qb.from_(log)
			.select(
				log.creation.as_("at"),
				*(
					(log[column] if column else ValueWrapper("")).as_(shared)
					for shared, column in zip(LOG_COLUMNS, columns, strict=True)
				),
			)
			.where(doctype.isin(doctypes))
			.where(record.isin(names))
		)

	views = entries(view, ("viewed_by", "reference_doctype", "reference_name", "", "", ""))
	exports = entries(access, ("user", "export_from", "reference_document", "file_type", "method", "page"))
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
