"""The workflows, shipped as data in ``ansvarsgruppe/workflow/`` (one Workflow document per file, and
the states' styles in ``workflow_states.json``), created at install when missing and never overwritten
afterwards.

Each state sets the document's stable ``status`` (``update_field``); the app's code reads ``status``,
so an administrator may rename states, change roles or add states and transitions in the desk. No
transition has a condition: the controllers enforce the rules and say in Norwegian why a step is refused.
"""

import json
from pathlib import Path

import frappe

WORKFLOW_FOLDER = Path(__file__).resolve().parent.parent / "workflow"
STATE_STYLES = "workflow_states.json"


def shipped_workflows() -> list[dict]:
	"""The shipped Workflow documents, as dicts, in file-name order."""
	return [
		json.loads(path.read_text(encoding="utf-8"))
		for path in sorted(WORKFLOW_FOLDER.glob("*.json"))
		if path.name != STATE_STYLES
	]


def ensure_workflows():
	"""Create each missing workflow (with its states and actions); leave existing ones untouched."""
	styles = {
		state["workflow_state_name"]: state["style"]
		for state in json.loads((WORKFLOW_FOLDER / STATE_STYLES).read_text(encoding="utf-8"))
	}
	for workflow in shipped_workflows():
		if frappe.db.exists("Workflow", {"document_type": workflow["document_type"]}):
			continue
		for row in workflow["states"]:
			_ensure(
				"Workflow State",
				row["state"],
				{"workflow_state_name": row["state"], "style": styles.get(row["state"])},
			)
		for row in workflow["transitions"]:
			_ensure("Workflow Action Master", row["action"], {"workflow_action_name": row["action"]})
		frappe.get_doc(workflow).insert(ignore_permissions=True)
		_states_from_status(workflow)


def _ensure(doctype: str, name: str, values: dict):
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)


def _states_from_status(workflow: dict):
	"""Records stored before their DocType had a workflow get the state that sets their status (Frappe gave
	them the first state when it made the workflow)."""
	field = workflow["workflow_state_field"]
	table = f"tab{workflow['document_type']}"
	for row in workflow["states"]:
		if row.get("update_field") != "status":
			continue
		frappe.db.sql(
			f"UPDATE `{table}` SET `{field}` = %s WHERE status = %s",
			(row["state"], row["update_value"]),
		)
