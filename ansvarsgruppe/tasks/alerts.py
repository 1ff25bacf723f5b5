"""The daily job for the alerts a Notification cannot time by itself (hooked in ``scheduler_events``).

Each part reads its candidates in a fixed number of queries, whatever the number of groups, and asks the
ledger (Sent Alert) once which occasions were already alerted; only the documents actually due are loaded and
sent. Running the job twice the same day sends nothing new. The date-based alerts ("Days Before"/"Days After"
Notifications) are sent by Frappe's own daily ``trigger_daily_alerts``, see ``ansvarsgruppe.alerts``.
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


def _send_once(doctype: str, method: str, due: list[tuple[str, datetime.date]]):
	"""Send ``method``'s alert for each (document name, occasion) not yet in the ledger."""
	keys = {name: alert_rules.alert_key(method, doctype, name, occasion) for name, occasion in due}
	sent = alerts.sent_keys(keys.values())
	todo = [(name, occasion) for name, occasion in due if keys[name] not in sent]
	if not todo:
		return
	notifications = alerts.method_notifications(doctype, method)
	for name, occasion in todo:
		alerts.send_method_alert(
			frappe.get_doc(doctype, name), method, occasion, notifications=notifications, check=False
		)


def unanswered_applications(today: datetime.date, deadline_days: int):
	"""R2: KE is told once when an application has waited longer than the answer deadline undecided."""
	application = DocType("IP Application")
	rows = (
		frappe.qb.from_(application)
		.select(application.name, application.status, application.date_received)
		.where(application.status.isin(st.APPLICATION_UNDECIDED))
		.where(application.date_received < today - datetime.timedelta(days=deadline_days))
		.orderby(application.name)
	).run(as_dict=True)
	due = []
	for row in rows:
		occasion = alert_rules.answer_overdue_occasion(
			{**row, "date_received": getdate(row.date_received)}, today, deadline_days
		)
		if occasion:
			due.append((row.name, occasion))
	_send_once("IP Application", alerts.APPLICATION_UNANSWERED, due)


def escalation_reminders(today: datetime.date, interval_days: int):
	"""R14: while an issue is unanswered the unit leader is reminded every ``interval_days`` (open groups)."""
	escalation, group = DocType("Escalation"), DocType("Responsibility Group")
	rows = (
		frappe.qb.from_(escalation)
		.join(group)
		.on(group.name == escalation.group)
		.select(escalation.name, escalation.status, escalation.raised_on)
		.where(escalation.status == escalations.OPEN)
		.where(group.status != st.GROUP_CLOSED)
		.where(escalation.raised_on <= today - datetime.timedelta(days=interval_days))
		.orderby(escalation.name)
	).run(as_dict=True)
	due = []
	for row in rows:
		occasion = escalations.reminder_occasion(
			{**row, "raised_on": getdate(row.raised_on)}, today, interval_days
		)
		if occasion:
			due.append((row.name, occasion))
	_send_once("Escalation", alerts.ESCALATION_REMINDER, due)


def consent_withdrawals(today: datetime.date):
	"""R4/R5: a withdrawal registered ahead of time ends access on its date; tell the coordinator that day.
	(A withdrawal that takes effect when it is saved is told at once by the Consent hook; the ledger keeps
	the two roads from sending the same occasion twice.)"""
	consent, partner = DocType("Consent"), DocType("Consent Partner")
	names = set(
		frappe.qb.from_(consent)
		.select(consent.name)
		.where(consent.withdrawn_on == today)
		.where(consent.status.isin([st.CONSENT_ACTIVE, st.CONSENT_WITHDRAWN]))
		.run(pluck=True)
	)
	names |= set(
		frappe.qb.from_(partner)
		.join(consent)
		.on(consent.name == partner.parent)
		.select(partner.parent)
		.where(partner.parenttype == "Consent")
		.where(partner.withdrawn_on == today)
		.where(consent.status == st.CONSENT_ACTIVE)
		.run(pluck=True)
	)
	for name in sorted(names):
		doc = frappe.get_doc("Consent", name)
		units = alert_rules.units_withdrawn_on(doc.as_rule_values(), today)
		if units:
			alerts.notify_access_ended(doc, units, today)
