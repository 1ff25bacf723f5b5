"""The daily job for the alerts a Notification cannot time by itself (hooked in ``scheduler_events``).

Each part finds its candidates together with what the ledger (Sent Alert) already holds about them in one
query, whatever the number of groups, so a run with nothing new to send costs the same few queries at any
size; only the documents actually due are loaded and sent. Running the job twice the same day sends nothing
new. The date-based alerts ("Days Before"/"Days After" Notifications) are sent by Frappe's own daily
``trigger_daily_alerts``, see ``ansvarsgruppe.alerts``.
"""

import datetime

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe import alerts
from ansvarsgruppe.rules import alerts as alert_rules
from ansvarsgruppe.rules import escalations
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.utils import get_settings


def send_daily_alerts():
	today = getdate()
	settings = get_settings()
	unanswered_applications(today, int(settings.application_answer_days or 30))
	escalation_reminders(today, int(settings.escalation_reminder_days or escalations.REMINDER_INTERVAL_DAYS))
	consent_withdrawals(today)


def send_once(doctype: str, method: str, due: list[tuple[str, datetime.date]], sent: set[str] | None = None):
	"""Send ``method``'s alert for each (document name, occasion) not yet in the ledger (``sent``: its keys
	for these documents when the caller read them with its candidates, see ``alerts.join_ledger``)."""
	keys = {name: alert_rules.alert_key(method, doctype, name, occasion) for name, occasion in due}
	if sent is None:
		sent = alerts.sent_keys(keys.values())
	todo = [(name, occasion) for name, occasion in due if keys[name] not in sent]
	if not todo:
		return
	notifications = alerts.method_notifications(doctype, method)
	docs = {doc.name: doc for doc in alerts.load_documents(doctype, [name for name, _ in todo])}
	for name, occasion in todo:
		if name in docs:
			alerts.send_method_alert(docs[name], method, occasion, notifications=notifications, check=False)


def _candidates(query) -> tuple[list[dict], set[str]]:
	"""Rows of a query made by ``alerts.join_ledger``: each candidate once, and the ledger keys about them."""
	candidates, sent = {}, set()
	for row in query.run(as_dict=True):
		candidates.setdefault(row.name, row)
		if row.ledger_key:
			sent.add(row.ledger_key)
	return list(candidates.values()), sent


def unanswered_applications(today: datetime.date, deadline_days: int):
	"""R2: KE is told once when an application has waited longer than the answer deadline undecided."""
	application = DocType("IP Application")
	rows, sent = _candidates(
		alerts.join_ledger(
			frappe.qb.from_(application)
			.select(application.name, application.status, application.date_received)
			.where(application.status.isin(st.APPLICATION_UNDECIDED))
			.where(application.date_received < today - datetime.timedelta(days=deadline_days))
			.orderby(application.name),
			"IP Application",
			application.name,
			alerts.APPLICATION_UNANSWERED,
		)
	)
	due = []
	for row in rows:
		occasion = alert_rules.answer_overdue_occasion(
			{**row, "date_received": getdate(row.date_received)}, today, deadline_days
		)
		if occasion:
			due.append((row.name, occasion))
	send_once("IP Application", alerts.APPLICATION_UNANSWERED, due, sent)


def escalation_reminders(today: datetime.date, interval_days: int):
	"""R14: while an issue is unanswered the unit leader is reminded every ``interval_days`` (open groups)."""
	escalation, group = DocType("Escalation"), DocType("Responsibility Group")
	rows, sent = _candidates(
		alerts.join_ledger(
			frappe.qb.from_(escalation)
			.join(group)
			.on(group.name == escalation.group)
			.select(escalation.name, escalation.status, escalation.raised_on)
			.where(escalation.status == escalations.OPEN)
			.where(group.status != st.GROUP_CLOSED)
			.where(escalation.raised_on <= today - datetime.timedelta(days=interval_days))
			.orderby(escalation.name),
			"Escalation",
			escalation.name,
			alerts.ESCALATION_REMINDER,
		)
	)
	due = []
	for row in rows:
		occasion = escalations.reminder_occasion(
			{**row, "raised_on": getdate(row.raised_on)}, today, interval_days
		)
		if occasion:
			due.append((row.name, occasion))
	send_once("Escalation", alerts.ESCALATION_REMINDER, due, sent)


def consent_withdrawals(today: datetime.date):
	"""R4/R5: a withdrawal registered ahead of time ends access on its date; tell the coordinator that day.
	(A withdrawal that takes effect when it is saved is told at once by the Consent hook; the ledger keeps
	the two roads from sending the same occasion twice.)

	One query: the consents withdrawn today, wholly or for a partner, each with all its partners and the
	ledger's keys for today; only a consent with something new to tell is loaded."""
	consent, partner = DocType("Consent"), DocType("Consent Partner")
	withdrawn_partner = DocType("Consent Partner").as_("withdrawn_partner")
	partner_withdrawn_today = (
		frappe.qb.from_(withdrawn_partner)
		.select(withdrawn_partner.parent)
		.where(withdrawn_partner.parenttype == "Consent")
		.where(withdrawn_partner.withdrawn_on == today)
	)
	query = (
		frappe.qb.from_(consent)
		.left_join(partner)
		.on((partner.parent == consent.name) & (partner.parenttype == "Consent"))
		.select(*alerts.consent_columns(consent, partner))
		.where(
			((consent.withdrawn_on == today) & consent.status.isin([st.CONSENT_ACTIVE, st.CONSENT_WITHDRAWN]))
			| ((consent.status == st.CONSENT_ACTIVE) & consent.name.isin(partner_withdrawn_today))
		)
		.orderby(consent.name)
		.orderby(partner.idx)
	)
	rows = alerts.join_ledger(query, "Consent", consent.name, alerts.CONSENT_ACCESS_ENDED, today).run(
		as_dict=True
	)
	sent = {row.ledger_key for row in rows if row.ledger_key}
	for name, values in sorted(alerts.consent_rows(rows).items()):
		units = alert_rules.units_withdrawn_on(values, today)
		key = alert_rules.alert_key(
			alerts.CONSENT_ACCESS_ENDED, "Consent", name, today, ",".join(sorted(units))
		)
		if units and key not in sent:
			alerts.notify_access_ended(frappe.get_doc("Consent", name), units, today, check=False)
