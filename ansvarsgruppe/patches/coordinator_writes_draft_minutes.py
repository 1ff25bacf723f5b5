"""The coordinator writes draft minutes too (the usual minute-taker at a pre-meeting): a Meeting Minutes
workflow still as first shipped, where only Group Participant edits a draft, gets the draft state editable
by the Coordinator. A workflow an administrator has changed is left as it is."""

import frappe

from ansvarsgruppe.rules import status as st

FIRST_SHIPPED_STATES = [
	("Innkalt", "Invited", "Coordinator"),
	("Utkast", "Draft", "Group Participant"),
	("Godkjent", "Approved", "Coordinator"),
	("Distribuert", "Distributed", "Coordinator"),
]
FIRST_SHIPPED_TRANSITIONS = [
	("Innkalt", "Skriv referat", "Utkast", "Coordinator"),
	("Innkalt", "Skriv referat", "Utkast", "Group Participant"),
	("Utkast", "Godkjenn", "Godkjent", "Coordinator"),
	("Godkjent", "Distribuer", "Distribuert", "Coordinator"),
]


def execute():
	name = frappe.db.get_value("Workflow", {"document_type": "Meeting Minutes"}, "name")
	if not name:
		return
	workflow = frappe.get_doc("Workflow", name)
	states = [(row.state, row.update_value, row.allow_edit) for row in workflow.states]
	transitions = [(row.state, row.action, row.next_state, row.allowed) for row in workflow.transitions]
	if states != FIRST_SHIPPED_STATES or transitions != FIRST_SHIPPED_TRANSITIONS:
		return
	row = workflow.append(
		"states",
		{
			"state": "Utkast",
			"doc_status": "0",
			"update_field": "status",
			"update_value": st.MINUTES_DRAFT,
			"allow_edit": "Coordinator",
		},
	)
	# beside the draft's other row, as in the shipped file
	states = [state for state in workflow.states if state is not row]
	states.insert(2, row)
	for idx, state in enumerate(states, start=1):
		state.idx = idx
	workflow.states = states
	workflow.save(ignore_permissions=True)
