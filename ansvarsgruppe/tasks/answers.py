"""The daily job for interim answers (forvaltningsloven § 11 a): an application still undecided after the
settings' limit gives its applicant an interim answer, once; never after the decision."""

import datetime

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe.alerts.answers import INTERIM_ANSWER, give_interim_answer
from ansvarsgruppe.alerts.ledger import join_ledger
from ansvarsgruppe.alerts.method_alerts import candidates
from ansvarsgruppe.controllers.rules_bridge import get_settings
from ansvarsgruppe.rules import alert_conditions, answers
from ansvarsgruppe.rules import status as st


def send_interim_answers():
	today = getdate()
	limit = int(get_settings().interim_answer_days or answers.INTERIM_ANSWER_DAYS)
	application = DocType("IP Application")
	query = (
		frappe.qb.from_(application)
		.select(
			application.name, application.status, application.date_received, application.interim_answer_on
		)
		.where(application.status.isin(st.APPLICATION_UNDECIDED))
		.where(application.interim_answer_on.isnull())
		.where(application.date_received < today - datetime.timedelta(days=limit))
		.orderby(application.name)
	)
	rows, sent = candidates(join_ledger(query, "IP Application", application.name, INTERIM_ANSWER))
	for row in rows:
		occasion = answers.interim_answer_occasion(
			{**row, "date_received": getdate(row.date_received)}, today, limit
		)
		if not occasion:
			continue
		if alert_conditions.alert_key(INTERIM_ANSWER, "IP Application", row.name, occasion) in sent:
			frappe.db.set_value("IP Application", row.name, "interim_answer_on", today, update_modified=False)
		else:
			give_interim_answer(frappe.get_doc("IP Application", row.name), occasion)
		frappe.db.commit()
