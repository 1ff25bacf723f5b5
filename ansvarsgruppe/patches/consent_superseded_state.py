"""A consent corrected by a new version is superseded once the new one is in force: the Consent workflow
made before that gets the state that sets the status, unless an administrator already has one."""

import frappe

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.setup.workflows import shipped_workflows


def execute():
	name = frappe.db.get_value("Workflow", {"document_type": "Consent"}, "name")
	if not name:
		return
	workflow = frappe.get_doc("Workflow", name)
	if any(
		row.update_field == "status" and row.update_value == st.CONSENT_SUPERSEDED for row in workflow.states
	):
		return
	shipped = next(w for w in shipped_workflows() if w["document_type"] == "Consent")
	state = next(row for row in shipped["states"] if row.get("update_value") == st.CONSENT_SUPERSEDED)
	if not frappe.db.exists("Workflow State", state["state"]):
		frappe.get_doc(
			{"doctype": "Workflow State", "workflow_state_name": state["state"], "style": "Inverse"}
		).insert(ignore_permissions=True)
	workflow.append("states", {key: value for key, value in state.items() if key != "doctype"})
	workflow.save(ignore_permissions=True)
