"""Who looked at a group's records and when (the sector norm expects the person to be able to see it)."""

import frappe
from frappe import _
from frappe.query_builder import DocType, Order

from ansvarsgruppe.permissions.records import _unrestricted


def group_records(group: str) -> list[tuple[str, str]]:
	"""The group and every record that belongs to it, as (doctype, name)."""
	values = frappe.db.get_value("Responsibility Group", group, ["service_user", "consent"], as_dict=True)
	records = [("Responsibility Group", group), ("Service User", values.service_user)]
	if values.consent:
		records.append(("Consent", values.consent))
	for doctype in ("Meeting Minutes", "Group Member", "Individual Plan"):
		records += [(doctype, name) for name in frappe.get_all(doctype, {"group": group}, pluck="name")]
	return records


def access_history(group: str, limit: int = 500) -> list[dict]:
	"""Views (View Log) and prints/PDF exports (Access Log) of the group's records, newest first."""
	records = group_records(group)
	view, access = DocType("View Log"), DocType("Access Log")
	views = _log_rows(
		view, records, limit, user=view.viewed_by, doctype=view.reference_doctype, record=view.reference_name
	)
	exports = _log_rows(
		access,
		records,
		limit,
		access.file_type,
		user=access.user,
		doctype=access.export_from,
		record=access.reference_document,
	)
	wanted = set(records)
	rows = [
		{**row, "action": _("Printed or exported") if row.get("file_type") else _("Opened")}
		for row in views + exports
		if (row["doctype"], row["record"]) in wanted
	]
	names = dict(
		frappe.get_all(
			"User", {"name": ("in", {r["user"] for r in rows})}, ["name", "full_name"], as_list=True
		)
	)
	for row in rows:
		row["full_name"] = names.get(row["user"], row["user"])
	return sorted(rows, key=lambda r: r["at"], reverse=True)[:limit]


def _log_rows(table, records: list[tuple[str, str]], limit: int, *extra, user, doctype, record) -> list[dict]:
	"""The newest entries of a log table (View Log, Access Log) about ``records``, in one shape."""
	return (
		frappe.qb.from_(table)
		.select(
			table.creation.as_("at"), user.as_("user"), doctype.as_("doctype"), record.as_("record"), *extra
		)
		.where(doctype.isin([d for d, _n in records]))
		.where(record.isin([n for _d, n in records]))
		.orderby(table.creation, order=Order.desc)
		.limit(limit)
		.run(as_dict=True)
	)


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
