"""What the family proposes (an agenda item, a goal for the plan, a comment on it) and the coordinator's
answer to it, given once: the family's words stay as they wrote them, and the answer is set by the one
save that moves the status, as the rules allow."""

import frappe
from frappe.utils import get_fullname, now_datetime

from ansvarsgruppe.controllers.rules_bridge import throw_problems

ANSWER_FIELDS = ("answer", "answered_by", "answered_on")


def new_proposal(doc, proposed_status: str, outcome_field: str):
	"""A new proposal: by its author (the session's user unless set), proposed, unanswered."""
	doc.proposed_by = doc.proposed_by or frappe.session.user
	doc.proposed_by_name = get_fullname(doc.proposed_by)
	doc.status = proposed_status
	for field in (*ANSWER_FIELDS, outcome_field):
		doc.set(field, None)


def keep_or_answer(doc, before, kept_fields: tuple, outcome_field: str, decision_problems):
	"""A later save: the family's fields as stored; the answer as stored unless the status moves, then the
	decision's problems (``decision_problems()``, a list of messages) refuse it or it is recorded as the
	session user's, now."""
	for field in kept_fields:
		doc.set(field, before.get(field))
	if doc.status == before.status:
		for field in (*ANSWER_FIELDS, outcome_field):
			doc.set(field, before.get(field))
		return
	throw_problems(decision_problems())
	doc.answered_by = frappe.session.user
	doc.answered_on = now_datetime()
