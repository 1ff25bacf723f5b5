"""The person's own plan in the demo (R18, R24): the adult who uses the portal themselves gets a new version
of their approved plan, proposes a goal of their own and comments on it through the portal's endpoints;
the coordinator takes the goal in and answers the comment; the person agrees to the plan as it stands, and
the coordinator approves it in the workflow. The approved plan shows who agreed and when."""

import frappe
from frappe.model.workflow import apply_workflow, get_workflow_name

from ansvarsgruppe.api.archive import correct
from ansvarsgruppe.api.plan_voice import agree_to_plan, answer_plan_proposal, propose_to_plan
from ansvarsgruppe.rules import status as st

GOAL = ("Jeg vil ha en fast fritidsaktivitet med andre på min alder", "Leisure")
COMMENT = "Jeg vil at møtene skal være etter skoletid, så jeg kan være med selv."
ANSWER = "Vi legger møtene til etter klokken 15 fra nå av."


def ensure_plan_voice(families) -> int:
	"""Once: the first person who uses the portal themselves, with an approved plan, takes part in its new
	version and agrees to it. Returns the number of proposals written."""
	for user, _name, _kind, person in families:
		if frappe.db.get_value("Service User", person, "portal_user") != user:
			continue
		if frappe.db.exists("Plan Proposal", {"service_user": person}):
			return 0
		plan = frappe.db.get_value(
			"Individual Plan", {"service_user": person, "status": st.PLAN_APPROVED}, ["name", "coordinator"]
		)
		if plan:
			return _take_part(user, *plan)
	return 0


def _take_part(person_user: str, plan: str, coordinator: str) -> int:
	frappe.set_user(coordinator)
	try:
		plan = correct("Individual Plan", plan, "Årlig revidering sammen med personen")["new_version"]
		frappe.set_user(person_user)
		goal = propose_to_plan(plan, "Goal", *GOAL)
		comment = propose_to_plan(plan, "Comment", COMMENT)
		frappe.set_user(coordinator)
		answer_plan_proposal(goal, "Taken in")
		answer_plan_proposal(comment, "Answered", ANSWER)
		frappe.set_user(person_user)
		agree_to_plan(plan)
		frappe.set_user(coordinator)
		doc = frappe.get_doc("Individual Plan", plan)
		apply_workflow(doc, _approve_action(doc))
	finally:
		frappe.set_user("Administrator")
	return 2


def _approve_action(doc) -> str:
	"""The workflow's action that approves the plan from where it is, whatever the states are called."""
	workflow = frappe.get_cached_doc("Workflow", get_workflow_name("Individual Plan"))
	approved = {s.state for s in workflow.states if s.update_value == st.PLAN_APPROVED}
	state = doc.get(workflow.workflow_state_field)
	return next(t.action for t in workflow.transitions if t.state == state and t.next_state in approved)
