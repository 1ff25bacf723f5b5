"""The plan as the person's own, from the portal (R18, R24): propose a goal, comment on the draft plan,
agree to it.

Each endpoint takes the plan's person from the plan and acts only for a person the logged-in portal user
acts for (``portal.people.portal_party``); another family's plan, or one that does not exist, is refused
alike. The controllers (Plan Proposal, ``individual_plan/plan_voice.py``) hold the rules.
"""

import frappe
from frappe import _

from ansvarsgruppe.ansvarsgruppe.doctype.individual_plan import plan_voice
from ansvarsgruppe.portal.people import is_portal_user, represented


def _family_plan(plan: str) -> tuple[str, dict]:
	"""The plan ``plan`` of a person the portal user acts for, with how they act, or refused."""
	service_user = (
		frappe.db.get_value("Individual Plan", plan, "service_user")
		if isinstance(plan, str) and plan
		else None
	)
	party = represented().get(service_user) if service_user and is_portal_user() else None
	if not party:
		frappe.throw(_("You can only take part in your own family's plan."), frappe.PermissionError)
	return plan, party


@frappe.whitelist(methods=["POST"])
def propose_to_plan(plan: str, kind: str, text: str, life_area: str | None = None):
	"""A goal the person wants in their plan (in an area of life), or a comment on the draft plan; the
	coordinator takes the goal in or answers why not, and answers the comment."""
	plan, _party = _family_plan(plan)
	doc = frappe.get_doc(
		{"doctype": "Plan Proposal", "plan": plan, "kind": kind, "text": text, "life_area": life_area}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


@frappe.whitelist(methods=["POST"])
def agree_to_plan(plan: str):
	"""The person, or whoever acts for them, agrees to the plan as it stands: signed with ID-porten when
	they logged in with it (a log-in too old to sign with is refused: they log in again)."""
	plan, party = _family_plan(plan)
	return plan_voice.record_agreement(plan, party)


@frappe.whitelist(methods=["POST"])
def answer_plan_proposal(proposal: str, decision: str, answer: str | None = None):
	"""The plan's coordinator takes a proposed goal into the plan or answers why not, or answers a
	comment (checked against the plan's coordinator)."""
	return plan_voice.answer_proposal(proposal, decision, answer)
