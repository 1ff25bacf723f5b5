"""Code-timed ("Method") alerts: send an occasion's Notifications once, and the daily jobs' shared steps."""

import datetime

import frappe
from frappe.email.doctype.notification.notification import get_context
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe.alerts import ledger
from ansvarsgruppe.alerts.recipients import ACCESS_GUARDED, blocked_by_group, group_of
from ansvarsgruppe.rules import alert_conditions

# The "Method" of the app's code-timed Notifications.
APPLICATION_UNANSWERED = "ansvarsgruppe_application_unanswered"
ESCALATION_REMINDER = "ansvarsgruppe_escalation_reminder"
CONSENT_ACCESS_ENDED = "ansvarsgruppe_consent_access_ended"
PLAN_NOT_MADE = "ansvarsgruppe_plan_not_made"
COORDINATOR_CHANGED = "ansvarsgruppe_coordinator_changed"
GROUP_HANDED_OVER = "ansvarsgruppe_group_handed_over"


def load_documents(doctype: str, names: list[str]) -> list:
	"""``frappe.get_doc`` for each name, in their order: one query for the records and one per child table,
	whatever their number."""
	if not names:
		return []
	meta, table = frappe.get_meta(doctype), DocType(doctype)
	records = {
		row.name: row
		for row in frappe.qb.from_(table).select("*").where(table.name.isin(names)).run(as_dict=True)
	}
	tables = [df for df in meta.get_table_fields() if not frappe.get_meta(df.options).is_virtual]
	for df in tables:
		child = DocType(df.options)
		for record in records.values():
			record[df.fieldname] = []
		for row in (
			frappe.qb.from_(child)
			.select("*")
			.where(child.parent.isin(list(records)))
			.where(child.parenttype == doctype)
			.where(child.parentfield == df.fieldname)
			.orderby(child.parent)
			.orderby(child.idx)
		).run(as_dict=True):
			records[row.parent][df.fieldname].append(row)
	docs = [frappe.get_doc({**records[name], "doctype": doctype}) for name in names if name in records]
	if meta.istable and docs:
		_with_parents(docs)
	return docs


def _with_parents(rows: list):
	"""Each child row with its parent document in hand (Frappe's ``parent_doc``), the parents read together:
	an alert about a row mails about its parent, whose Communication would read it again for each mail."""
	by_type = {}
	for row in rows:
		if row.parenttype and row.parent:
			by_type.setdefault(row.parenttype, set()).add(row.parent)
	parents = {
		(parent.doctype, parent.name): parent
		for parenttype, names in by_type.items()
		for parent in load_documents(parenttype, sorted(names))
	}
	for row in rows:
		row.parent_doc = parents.get((row.parenttype, row.parent))


def method_notifications(doctype: str, method: str) -> list:
	"""The enabled Notifications for ``method``: the shipped one and any administrator's duplicates."""
	names = frappe.get_all(
		"Notification",
		filters={"enabled": 1, "document_type": doctype, "event": "Method", "method": method},
		pluck="name",
		order_by="name",
	)
	return [frappe.get_doc("Notification", name) for name in names]


def send_method_alert(
	doc,
	method: str,
	occasion,
	detail: str = "",
	notifications=None,
	check=True,
	due_on=None,
	own_transaction=False,
) -> bool:
	"""Send ``method``'s Notifications about ``doc`` unless this occasion was already alerted; True if sent.

	Each recipient gets the occasion once (the ledger's row per recipient is written with the queued mail,
	see ``AlertNotification.send``); ``due_on`` is the day it fell due (the occasion's date unless given),
	and a mail sent after that day says it is late."""
	key = alert_conditions.alert_key(method, doc.doctype, doc.name, occasion, detail)
	if check and ledger.sent_keys([key]):
		return False
	recipients = []
	for notification in method_notifications(doc.doctype, method) if notifications is None else notifications:
		if notification.condition and not frappe.safe_eval(notification.condition, None, get_context(doc)):
			continue
		notification.flags.occasion = ledger.Occasion(
			key, method, occasion, due_on or occasion, own_transaction
		)
		notification.send(doc)
		recipients += notification.flags.recipients or []
	return bool(recipients)


# The daily jobs' shared steps ---------------------------------------------------------------------------


def send_once(
	doctype: str,
	method: str,
	due: list[tuple[str, datetime.date]],
	sent: set[str] | None = None,
	due_after_days: int = 0,
):
	"""Send ``method``'s alert for each (document name, occasion) not yet in the ledger (``sent``: its keys
	for these documents when the caller read them with its candidates, see ``ledger.join_ledger``), if it
	fell due (``due_after_days`` after the occasion) within the catch-up window. Each occasion is committed
	on its own, as Frappe's daily job does, so that a second process running the same job waits for one
	occasion at most and then finds it taken."""
	today, window = getdate(), ledger.catch_up_days()
	late = datetime.timedelta(days=due_after_days)
	due = [
		(name, occasion)
		for name, occasion in due
		if alert_conditions.in_catch_up_window(occasion + late, today, window)
	]
	keys = {name: alert_conditions.alert_key(method, doctype, name, occasion) for name, occasion in due}
	if sent is None:
		sent = ledger.sent_keys(keys.values())
	todo = [(name, occasion) for name, occasion in due if keys[name] not in sent]
	if not todo:
		return
	notifications = method_notifications(doctype, method)
	docs = {doc.name: doc for doc in load_documents(doctype, [name for name, _ in todo])}
	if doctype in ACCESS_GUARDED and docs:  # R5 for every group concerned, in one go
		blocked = blocked_by_group(group_of(doc) for doc in docs.values())
		for notification in notifications:
			notification.flags.blocked_by_group = blocked
	for name, occasion in todo:
		if name in docs:
			send_method_alert(
				docs[name],
				method,
				occasion,
				notifications=notifications,
				check=False,
				due_on=occasion + late,
				own_transaction=True,
			)
			frappe.db.commit()


def candidates(query) -> tuple[list[dict], set[str]]:
	"""Rows of a query made by ``ledger.join_ledger``: each candidate once, and the ledger keys about them."""
	candidates, sent = {}, set()
	for row in query.run(as_dict=True):
		candidates.setdefault(row.name, row)
		if row.ledger_key:
			sent.add(row.ledger_key)
	return list(candidates.values()), sent
