"""The answer to the applicant (R2): the decision letter when the application is answered, the interim answer
when it has waited too long. Each reaches the applicant once, in the portal with an e-mail notice (the
ledger, Sent Alert, keeps it once), or marked for KE to post."""

import frappe
from frappe.utils import getdate

from ansvarsgruppe.alerts.method_alerts import send_method_alert
from ansvarsgruppe.portal.first_time import is_placeholder
from ansvarsgruppe.rules import answers

APPLICATION_ANSWERED = "ansvarsgruppe_application_answered"
INTERIM_ANSWER = "ansvarsgruppe_application_interim_answer"


def applicant_account(doc) -> tuple[str | None, str | None]:
	"""The applicant's portal account and its address: the person's own, or the relation's who applied."""
	if doc.applicant_kind == "Relation" and doc.applicant_relation:
		user = frappe.db.get_value(
			"Service User Relation",
			{"name": doc.applicant_relation, "parent": doc.service_user, "parenttype": "Service User"},
			"portal_user",
		)
	else:
		user = (
			frappe.db.get_value("Service User", doc.service_user, "portal_user") if doc.service_user else None
		)
	email = frappe.db.get_value("User", user, "email") if user else None
	if is_placeholder(email):
		# a first-time applicant's account has no address; the one they gave on the application is used
		email = (
			frappe.db.get_value("Service User Relation", doc.applicant_relation, "email")
			if doc.applicant_kind == "Relation"
			else frappe.db.get_value("Service User", doc.service_user, "email")
		)
	return user, email


def notice_address(doc) -> str | None:
	"""The address that is told an answer waits in the portal; None when the answer goes by post."""
	return answers.notice_address(doc.answer_channel, *applicant_account(doc))


def give_answer(doc):
	"""The application was decided, its coordinator appointed or it was rejected: the applicant gets the
	letter (print format "Svar på søknad om individuell plan og koordinator") in the portal, with an e-mail
	notice, or KE sees it to post."""
	day = getdate()
	doc.db_set("decision_letter_on", day, update_modified=False)
	if doc.applicant_email:
		send_method_alert(doc, APPLICATION_ANSWERED, day, detail=doc.status, due_on=day)
	else:
		doc.db_set("answer_to_post", 1, update_modified=False)


def give_interim_answer(doc, occasion):
	"""The application has waited longer than the settings' limit undecided: the interim answer, once."""
	day = getdate()
	# the applicant may have been given a portal account since the application was saved
	doc.db_set({"interim_answer_on": day, "applicant_email": notice_address(doc)}, update_modified=False)
	if doc.applicant_email:
		send_method_alert(doc, INTERIM_ANSWER, occasion, due_on=day, own_transaction=True)
	else:
		doc.db_set("answer_to_post", 1, update_modified=False)
