"""The daily job for the alerts a Notification cannot time by itself (hooked in ``scheduler_events``).

Each part finds its candidates together with what the ledger (Sent Alert) already holds about them in one
query, whatever the number of groups, so a run with nothing new to send costs the same few queries at any
size; only the documents actually due are loaded and sent. Running the job twice the same day sends nothing
new. The date-based alerts ("Days Before"/"Days After" Notifications) are sent by Frappe's own daily
``trigger_daily_alerts``, see ``ansvarsgruppe.overrides.notification``.
"""

import datetime

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe.alerts.consent_withdrawal import notify_access_ended
from ansvarsgruppe.alerts.ledger import join_ledger
from ansvarsgruppe.alerts.method_alerts import (
	APPLICATION_UNANSWERED,
	CONSENT_ACCESS_ENDED,
	ESCALATION_REMINDER,
	candidates,
	send_once,
)
from ansvarsgruppe.alerts.recipients import consent_columns, consent_rows
from ansvarsgruppe.controllers.rules_bridge import get_settings
from ansvarsgruppe.rules import alert_conditions, escalations
from ansvarsgruppe.rules import status as st


def send_daily_alerts():
	today = getdate()
	settings = get_settings()
	unanswered_applications(today, int(settings.application_answer_days or 30))
	escalation_reminders(today, int(settings.escalation_reminder_days or escalations.REMINDER_INTERVAL_DAYS))
	consent_withdrawals(today)


def unanswered_applications(today: datetime.date, deadline_days: int):
	"""R2: KE is told once when an application has waited longer than the answer deadline undecided."""
	application = DocType("IP Application")
	rows, sent = candidates(
		join_ledger(
			frappe.qb.from_(application)
			.select(application.name, application.status, application.date_received)
			.where(application.status.isin(st.APPLICATION_UNDECIDED))
			.where(application.date_received < today - datetime.timedelta(days=deadline_days))
			.orderby(application.name),
			"IP Application",
			application.name,
			APPLICATION_UNANSWERED,
		)
	)
	due = []
	for row in rows:
		occasion = alert_conditions.answer_overdue_occasion(
			{**row, "date_received": getdate(row.date_received)}, today, deadline_days
		)
		if occasion:
			due.append((row.name, occasion))
	send_once("IP Application", APPLICATION_UNANSWERED, due, sent)


def escalation_reminders(today: datetime.date, interval_days: int):
	"""R14: while an issue is unanswered the unit leader is reminded every ``interval_days`` (open groups)."""
	escalation, group = DocType("Escalation"), DocType("Responsibility Group")
	rows, sent = candidates(
		join_ledger(
			frappe.qb.from_(escalation)
			.join(group)
			.on(group.name == escalation.group)
			.select(escalation.name, escalation.status, escalation.raised_on)
			.where(escalation.status == st.ESCALATION_OPEN)
			.where(group.status != st.GROUP_CLOSED)
			.where(escalation.raised_on <= today - datetime.timedelta(days=interval_days))
			.orderby(escalation.name),
			"Escalation",
			escalation.name,
			ESCALATION_REMINDER,
		)
	)
	due = []
	for row in rows:
		occasion = escalations.reminder_occasion(
			{**row, "raised_on": getdate(row.raised_on)}, today, interval_days
		)
		if occasion:
			due.append((row.name, occasion))
	send_once("Escalation", ESCALATION_REMINDER, due, sent)


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
		.select(*consent_columns(consent, partner))
		.where(
			((consent.withdrawn_on == today) & consent.status.isin([st.CONSENT_ACTIVE, st.CONSENT_WITHDRAWN]))
			| ((consent.status == st.CONSENT_ACTIVE) & consent.name.isin(partner_withdrawn_today))
		)
		.orderby(consent.name)
		.orderby(partner.idx)
	)
	rows = join_ledger(query, "Consent", consent.name, CONSENT_ACCESS_ENDED, today).run(as_dict=True)
	sent = {row.ledger_key for row in rows if row.ledger_key}
	for name, values in sorted(consent_rows(rows).items()):
		units = alert_conditions.units_withdrawn_on(values, today)
		key = alert_conditions.alert_key(
			CONSENT_ACCESS_ENDED, "Consent", name, today, ",".join(sorted(units))
		)
		if units and key not in sent:
			notify_access_ended(frappe.get_doc("Consent", name), units, today, check=False)
