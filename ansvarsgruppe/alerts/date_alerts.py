"""The documents a "Days Before"/"Days After" alert is due for today, missed days included (the app's
DocTypes)."""

import frappe
from frappe.email.doctype.notification.notification import get_context
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe.alerts import ledger
from ansvarsgruppe.alerts.method_alerts import load_documents
from ansvarsgruppe.alerts.recipients import ACCESS_GUARDED, GROUP_FIELD, blocked_by_group, group_of
from ansvarsgruppe.rules import alert_conditions
from ansvarsgruppe.rules import status as st


def documents_due(notification) -> list:
	"""The documents a date-based alert is due for today: those whose day is today, and those whose day
	came in the last days of the catch-up window (``ledger.catch_up_days``) without the alert being sent (a
	server down, a paused scheduler, a job that failed), as long as it is still true (its condition holds
	and its date still says so). In a fixed number of queries whatever the number of groups: one finds the
	candidates (open groups only) with what the ledger already holds about them and the columns the
	Notification's condition reads; the condition is evaluated on those values (``condition_fields``), and
	only the documents due are loaded, together (one query per table). A condition that needs the whole
	document is evaluated on the candidates loaded together instead."""
	doctype, field = notification.document_type, notification.date_changed
	first, last = alert_conditions.occasion_range(
		notification.event, notification.days_in_advance, getdate(), ledger.catch_up_days()
	)
	meta = frappe.get_meta(doctype)
	fields = alert_conditions.condition_fields(notification.condition, frappe.db.get_table_columns(doctype))
	table = DocType(doctype)
	query = frappe.qb.from_(table).select(
		table.name, table[field].as_("alert_occasion"), *(table[f] for f in fields or () if f != "name")
	)
	df = meta.get_field(field)
	if first > last:
		return []
	if field in ("creation", "modified") or (df and df.fieldtype == "Datetime"):
		query = query.where(table[field].between(f"{first} 00:00:00", f"{last} 23:59:59.999999"))
		on_occasion = None
	else:
		query = query.where(table[field].between(first, last))
		on_occasion = table[field]
	group_field = GROUP_FIELD.get(doctype)
	if group_field == "name":
		query = query.where(table.status != st.GROUP_CLOSED)
	elif group_field:
		group = DocType("Responsibility Group").as_("alert_group")
		query = query.join(group).on(group.name == table[group_field]).where(group.status != st.GROUP_CLOSED)
		if group_field == "parent":
			query = query.where(table.parenttype == "Responsibility Group")
	reference = (table.parenttype, table.parent) if meta.istable else (doctype, table.name)
	query = ledger.join_ledger(query, *reference, notification.name, on_occasion).orderby(table.name)
	rows = query.run(as_dict=True)
	sent = {row.ledger_key for row in rows if row.ledger_key}
	candidates = {}
	for row in rows:  # a row per ledger entry about the same record (its recipients, a group's transitions)
		candidates.setdefault(row.name, row)
	names = [
		name
		for name, row in candidates.items()
		if alert_conditions.alert_key(notification.name, doctype, name, getdate(row.alert_occasion))
		not in sent
	]
	if fields is not None:
		names = [name for name in names if condition_holds(notification, candidates[name])]
		docs = load_documents(doctype, names)
	else:
		docs = [doc for doc in load_documents(doctype, names) if condition_holds(notification, doc)]
	if doctype in ACCESS_GUARDED and docs:  # R5 for every group concerned, in one go (see blocked_addresses)
		notification.flags.blocked_by_group = blocked_by_group(group_of(doc) for doc in docs)
	for doc in docs:
		doc.reload = _read_in_this_run(doc)
	return docs


def _read_in_this_run(doc):
	"""Frappe's daily job reloads each document before sending about it, a query per table; these were read
	together moments ago in this run, so the reload before the send is skipped (one run only: the
	documents are not kept)."""

	def reload():
		del doc.reload  # the next reload (none in a daily run) reads the database again
		return doc

	return reload


def condition_holds(notification, doc) -> bool:
	"""The Notification's condition, as Frappe evaluates it (``doc`` may be the columns it reads)."""
	return not notification.condition or bool(
		frappe.safe_eval(notification.condition, None, get_context(doc))
	)
