"""The plan as the person's own, on the plan's side (R18, R24): the family's proposals beside the plan in
the desk, the coordinator's answer to each, and the person's agreement to the plan (signed with ID-porten
where it is on) or the coordinator's reason for approving without it.

Wired from ``hooks.py`` (``doc_events``) so the plan's controller stays as it is. The agreement is recorded
by the portal's own road only (``api/plan_voice.py``); on every other save those fields keep their stored
values, and a new version of a plan starts without them.
"""

import frappe
from frappe import _
from frappe.utils import format_datetime

from ansvarsgruppe.controllers.rules_bridge import throw_problems
from ansvarsgruppe.controllers.workflow_status import status_for_state
from ansvarsgruppe.overrides.data_import import is_history
from ansvarsgruppe.permissions.records import has_unrestricted_access
from ansvarsgruppe.portal.idporten import digital_signature
from ansvarsgruppe.rules import final, plan_voice
from ansvarsgruppe.rules import status as st

AGREEMENT_FIELDS = (
	"person_agreed",
	"agreed_by",
	"agreed_by_name",
	"agreed_as",
	"agreed_at",
	"agreement_signed_digitally",
	"agreement_signature_level",
	"agreement_signature_ids",
	"agreement_auth_time",
	"agreement_amr",
	"agreement_digest",
)
PROPOSAL_FIELDS = [
	"name",
	"kind",
	"proposed_by_name",
	"text",
	"life_area",
	"status",
	"answer",
	"goal_id",
	"creation",
]
WORKFLOW_STATE = "workflow_state"


def digest(doc) -> str:
	return plan_voice.plan_digest(
		{
			**{field: doc.get(field) for field in plan_voice.AGREED_FIELDS},
			"goals": [row.as_dict() for row in doc.goals],
			"measures": [row.as_dict() for row in doc.measures],
		}
	)


def agreement_holds(doc) -> bool:
	return plan_voice.agreement_holds(doc.person_agreed, doc.agreement_digest, digest(doc))


def before_validate(doc, method=None):
	"""Whether this save is the coordinator's approval through the workflow (the desk's "Godkjenn")."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	doc.flags.approving_in_workflow = (
		before is not None
		and before.get(WORKFLOW_STATE) != doc.get(WORKFLOW_STATE)
		and status_for_state("Individual Plan", doc.get(WORKFLOW_STATE)) == st.PLAN_APPROVED
	)


def validate(doc, method=None):
	"""R24: the agreement as the portal recorded it; approved in the workflow only with the person's
	agreement to the plan as it stands or the coordinator's reason why not."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	if not (is_history(doc) and before is None):
		for field in AGREEMENT_FIELDS:
			doc.set(field, before.get(field) if before else None)
		for field, value in (doc.flags.agreement_values or {}).items():
			doc.set(field, value)
		if doc.flags.agreement_values:
			doc.agreement_digest = digest(doc)
		elif doc.person_agreed and not final.is_final(final.PLAN, doc.status) and not agreement_holds(doc):
			# changed after the person agreed: that was an agreement to another plan
			for field in AGREEMENT_FIELDS:
				doc.set(field, None)
		for field in ("person_agreed", "agreement_signed_digitally"):
			doc.set(field, int(doc.get(field) or 0))
	if before is None and not is_history(doc):
		doc.no_agreement_reason = None  # a new version is agreed to anew
	doc.no_agreement_reason = (doc.no_agreement_reason or "").strip() or None
	if approving(doc, before):
		throw_problems([plan_voice.approval_problem(agreement_holds(doc), doc.no_agreement_reason)])


def approving(doc, before) -> bool:
	"""The workflow's approval, or the same approval reached by a user setting the status in a saved form
	(the status moves the workflow state with it, as the user's roles allow). Only the system's own account
	(set-up, the demo, migrations) sets an approved status without the agreement."""
	if doc.flags.approving_in_workflow:
		return True
	return (
		frappe.session.user != "Administrator"
		and before is not None
		and before.status != st.PLAN_APPROVED
		and doc.status == st.PLAN_APPROVED
	)


def onload(doc, method=None):
	doc.set_onload(
		"plan_voice",
		{
			"proposals": proposals(doc.name) if doc.name else [],
			"life_areas": [{"value": area, "label": _(area)} for area in plan_voice.LIFE_AREAS],
		},
	)


def proposals(plan: str) -> list[dict]:
	"""The family's proposals and comments to ``plan``, as the user may read them (the row rules)."""
	rows = frappe.get_list(
		"Plan Proposal", filters={"plan": plan}, fields=PROPOSAL_FIELDS, order_by="creation asc"
	)
	for row in rows:
		row.kind_label = _(row.kind)
		row.status_label = _(row.status)
		row.life_area_label = _(row.life_area) if row.life_area else ""
		row.proposed_at = format_datetime(row.creation, "dd.MM.yyyy HH:mm")
		del row["creation"]
	return rows


def answer_proposal(proposal: str, decision: str, answer: str | None = None) -> str:
	"""The coordinator takes a proposed goal into the plan (the person's own goal, in its area of life) or
	answers why not, or answers a comment; on the plan as stored, never the client's copy."""
	doc = (
		frappe.get_doc("Plan Proposal", proposal)
		if isinstance(proposal, str) and frappe.db.exists("Plan Proposal", proposal)
		else None
	)
	plan = frappe.get_doc("Individual Plan", doc.plan) if doc else None
	if plan is None or not (
		frappe.session.user == plan.coordinator or has_unrestricted_access(frappe.session.user)
	):
		frappe.throw(_("Only the plan's coordinator answers the family's proposals."), frappe.PermissionError)
	plan.check_permission("read")
	throw_problems(plan_voice.decision_problems(doc.kind, doc.status, decision, answer))
	if decision == plan_voice.TAKEN_IN:
		group_closed = frappe.db.get_value("Responsibility Group", plan.group, "status") == st.GROUP_CLOSED
		throw_problems([plan_voice.open_problem(plan.status, group_closed)])
		row = plan.append(
			"goals", {"goal": doc.text, "is_persons_own_goal": 1, "life_area": doc.life_area or None}
		)
		plan.flags.ignore_permissions = True  # the coordinator's right was checked above
		plan.save()
		doc.goal_id = row.goal_id
	doc.status, doc.answer = decision, (answer or "").strip() or None
	doc.save(ignore_permissions=True)
	return doc.status


def record_agreement(plan_name: str, party: dict) -> dict:
	"""The person (or whoever acts for them, ``party``) agrees to the plan as it stands: signed with their
	ID-porten log-in when the session is one at the required level (R4, R24)."""
	plan = frappe.get_doc("Individual Plan", plan_name)
	group_closed = frappe.db.get_value("Responsibility Group", plan.group, "status") == st.GROUP_CLOSED
	throw_problems([plan_voice.open_problem(plan.status, group_closed)])
	signature = digital_signature()
	signer, signed_at, level, ids, auth_time, amr = signature or (frappe.session.user, None, *[None] * 4)
	plan.flags.agreement_values = {
		"person_agreed": 1,
		"agreed_by": frappe.session.user,
		"agreed_by_name": frappe.utils.get_fullname(frappe.session.user),
		"agreed_as": agreed_as(party),
		"agreed_at": signed_at or frappe.utils.now_datetime(),
		"agreement_signed_digitally": int(bool(signature)),
		"agreement_signature_level": level,
		"agreement_signature_ids": ids,
		"agreement_auth_time": auth_time,
		"agreement_amr": amr,
	}
	plan.flags.ignore_permissions = True  # the portal road checked whom the user acts for
	plan.save()
	return {"signed_digitally": bool(signature), "agreed_at": str(plan.agreed_at)}


def agreed_as(party: dict) -> str:
	if party["kind"] == "Service User":
		return "The Person"
	is_guardian = frappe.db.get_value("Service User Relation", party["relation"], "is_guardian")
	return "Guardian" if is_guardian else "Parent with Parental Responsibility"
