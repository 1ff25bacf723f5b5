"""The ledger (Sent Alert): which alert went out about which record on which occasion."""

import frappe
from frappe.query_builder import DocType
from frappe.utils import now_datetime


def join_ledger(query, reference_doctype, reference_name, alert: str, occasion=None):
	"""``query`` with the keys the ledger holds for ``alert`` about each candidate (``ledger_key``, a LEFT
	JOIN: a candidate appears once per entry, or once with none), so the candidates and what was already
	sent about them cost one query."""
	ledger = DocType("Sent Alert").as_("alert_ledger")
	about = (
		(ledger.reference_name == reference_name)
		& (ledger.reference_doctype == reference_doctype)
		& (ledger.alert == alert)
	)
	if occasion is not None:
		about &= ledger.occasion_date == occasion
	return query.left_join(ledger).on(about).select(ledger.alert_key.as_("ledger_key"))


def sent_keys(keys) -> set[str]:
	keys = list(keys)
	if not keys:
		return set()
	return set(frappe.get_all("Sent Alert", filters={"alert_key": ("in", keys)}, pluck="alert_key"))


def record(key: str, alert: str, doc, occasion, recipients: list[str]):
	"""Write down that ``alert`` went out for ``doc`` on this occasion (a child row under its parent)."""
	reference = (doc.parenttype, doc.parent) if doc.meta.istable else (doc.doctype, doc.name)
	try:
		frappe.get_doc(
			{
				"doctype": "Sent Alert",
				"alert_key": key,
				"alert": alert,
				"reference_doctype": reference[0],
				"reference_name": reference[1],
				"occasion_date": occasion,
				"recipients": "\n".join(recipients),
				"sent_on": now_datetime(),
			}
		).insert(ignore_permissions=True, ignore_links=True)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		pass  # a parallel run wrote it first
