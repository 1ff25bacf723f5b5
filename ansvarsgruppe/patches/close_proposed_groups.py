"""A Proposed group may close for a cause that says why: the Ansvarsgruppe workflow made before that gets
the coordinator's "Avslutt" from the proposed state, unless an administrator already has such a transition."""

import frappe

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.setup.workflows import shipped_workflows


def execute():
	name = frappe.db.get_value("Workflow", {"document_type": "Responsibility Group"}, "name")
	if not name:
		return
	workflow = frappe.get_doc("Workflow", name)
	state_of = {row.update_value: row.state for row in workflow.states if row.update_field == "status"}
	proposed, closed = state_of.get(st.GROUP_PROPOSED), state_of.get(st.GROUP_CLOSED)
	if not proposed or not closed:
		return
	if any(row.state == proposed and row.next_state == closed for row in workflow.transitions):
		return
	shipped = next(w for w in shipped_workflows() if w["document_type"] == "Responsibility Group")
	row = next(
		r for r in shipped["transitions"] if r["state"] == "Foreslått" and r["next_state"] == "Avsluttet"
	)
	workflow.append("transitions", {**row, "state": proposed, "next_state": closed})
	workflow.save(ignore_permissions=True)
