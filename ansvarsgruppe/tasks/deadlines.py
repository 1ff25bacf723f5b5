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
from ansvarsgruppe.alerts.ledger import catch_up_days, join_ledger
from ansvarsgruppe.alerts.method_alerts import (
	APPLICATION_UNANSWERED,
	CONSENT_ACCESS_ENDED,
	ESCALATION_REMINDER,
	PLAN_NOT_MADE,
	candidates,
	load_documents,
	method_notifications,
	send_once,
)
from ansvarsgruppe.alerts.recipients import consent_columns, consent_rows
from ansvarsgruppe.controllers.rules_bridge import get_settings
from ansvarsgruppe.rules import alert_conditions, escalations
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.dates import add_months


def send_daily_alerts():
	today = getdate()
	settings = get_settings()
	unanswered_applications(today, int(settings.application_answer_days or 30))
	escalation_reminders(today, int(settings.escalation_reminder_days or escalations.REMINDER_INTERVAL_DAYS))
	consent_withdrawals(today)
	plans_not_made(today, int(settings.plan_deadline_months or 3))


def unanswered_applications(today: datetime.date, deadline_days: int):
	"""R2: KE is told once when an application has waited longer than the answer deadline undecided."""
	application = DocType("IP Application")
	send_due(
		"IP Application",
		frappe.qb.from_(application)
		.select(application.name, application.status, application.date_received)
		.where(application.status.isin(st.APPLICATION_UNDECIDED))
		.where(application.date_received < today - datetime.timedelta(days=deadline_days))
		.orderby(application.name),
		APPLICATION_UNANSWERED,
		"date_received",
		lambda row: alert_conditions.answer_overdue_occasion(row, today, deadline_days),
	)


def escalation_reminders(today: datetime.date, interval_days: int):
	"""R14: while an issue is unanswered the unit leader is reminded every ``interval_days`` (open groups)."""
	escalation, group = DocType("Escalation"), DocType("Responsibility Group")
	send_due(
		"Escalation",
		frappe.qb.from_(escalation)
		.join(group)
		.on(group.name == escalation.group)
		.select(escalation.name, escalation.status, escalation.raised_on)
		.where(escalation.status == st.ESCALATION_OPEN)
		.where(group.status != st.GROUP_CLOSED)
		.where(escalation.raised_on <= today - datetime.timedelta(days=interval_days))
		.orderby(escalation.name),
		ESCALATION_REMINDER,
		"raised_on",
		lambda row: escalations.reminder_occasion(row, today, interval_days),
	)


def send_due(doctype: str, query, alert: str, date_field: str, occasion_of):
	"""Send ``alert`` once for each candidate of ``query`` (over ``doctype``, selecting its ``name`` and
	``date_field``) whose rule gives an occasion not yet in the ledger; the candidates and the ledger are
	read in one query. ``occasion_of`` is the rule, called with the candidate's row (its ``date_field`` as
	a date)."""
	rows, sent = candidates(join_ledger(query, doctype, DocType(doctype).name, alert))
	due = []
	for row in rows:
		occasion = occasion_of({**row, date_field: getdate(row[date_field])})
		if occasion:
			due.append((row.name, occasion))
	send_once(doctype, alert, due, sent)


def consent_withdrawals(today: datetime.date):
	"""R4/R5: a withdrawal registered ahead of time ends access on its date; tell the coordinator that day,
	or on the first run after it within the catch-up window. (A withdrawal that takes effect when it is
	saved is told at once by the Consent hook; the ledger keeps the two roads from sending the same
	occasion twice.)

	One query: the consents withdrawn in the window, wholly or for a partner, each with all its partners and
	the ledger's keys; only a consent with something new to tell is loaded."""
	first = today - datetime.timedelta(days=catch_up_days())
	consent, partner = DocType("Consent"), DocType("Consent Partner")
	withdrawn_partner = DocType("Consent Partner").as_("withdrawn_partner")
	partner_withdrawn = (
		frappe.qb.from_(withdrawn_partner)
		.select(withdrawn_partner.parent)
		.where(withdrawn_partner.parenttype == "Consent")
		.where(withdrawn_partner.withdrawn_on.between(first, today))
	)
	query = (
		frappe.qb.from_(consent)
		.left_join(partner)
		.on((partner.parent == consent.name) & (partner.parenttype == "Consent"))
		.select(*consent_columns(consent, partner))
		.where(
			(
				consent.withdrawn_on.between(first, today)
				& consent.status.isin([st.CONSENT_ACTIVE, st.CONSENT_WITHDRAWN])
			)
			| ((consent.status == st.CONSENT_ACTIVE) & consent.name.isin(partner_withdrawn))
		)
		.orderby(consent.name)
		.orderby(partner.idx)
	)
	rows = join_ledger(query, "Consent", consent.name, CONSENT_ACCESS_ENDED).run(as_dict=True)
	sent = {row.ledger_key for row in rows if row.ledger_key}
	due = []
	for name, values in sorted(consent_rows(rows).items()):
		days = {values.get("withdrawn_on")} | {p.get("withdrawn_on") for p in values["partners"]}
		for day in sorted(d for d in days if d and first <= d <= today):
			units = alert_conditions.units_withdrawn_on(values, day)
			key = alert_conditions.alert_key(
				CONSENT_ACCESS_ENDED, "Consent", name, day, ",".join(sorted(units))
			)
			if units and key not in sent:
				due.append((name, units, day))
	if not due:
		return
	# What the alerts need, read once for the run: the Notifications and the consents due.
	notifications = method_notifications("Consent", CONSENT_ACCESS_ENDED)
	consents = {doc.name: doc for doc in load_documents("Consent", sorted({name for name, _, _ in due}))}
	for name, units, day in due:
		notify_access_ended(
			consents[name],
			units,
			day,
			check=False,
			own_transaction=True,
			notifications=notifications,
		)
		frappe.db.commit()


def plans_not_made(today: datetime.date, deadline_months: int):
	"""The coordinator is told once when a group whose application asked for an individual plan has no
	approved plan ``deadline_months`` after it was established (000: the group sees that a plan is made)."""
	send_due(
		"Responsibility Group",
		groups_without_approved_plan(today, deadline_months),
		PLAN_NOT_MADE,
		"established_date",
		lambda row: alert_conditions.plan_missing_occasion(row, False, today, deadline_months),
	)


def groups_without_approved_plan(today: datetime.date, deadline_months: int):
	"""The open groups that asked for an individual plan, were established ``deadline_months`` ago or more
	and have no approved plan: the candidates of ``plans_not_made``."""
	group, plan = DocType("Responsibility Group"), DocType("Individual Plan")
	approved = frappe.qb.from_(plan).select(plan.group).where(plan.approved_on.isnotnull())
	return (
		frappe.qb.from_(group)
		.select(group.name, group.status, group.has_individual_plan, group.established_date)
		.where(group.status != st.GROUP_CLOSED)
		.where(group.has_individual_plan == 1)
		.where(group.established_date <= add_months(today, -deadline_months))
		.where(group.name.notin(approved))
		.orderby(group.name)
	)
