"""Keep a document's ``status`` and its workflow state together, whatever names the states have."""

import frappe
from frappe import _
from frappe.model.workflow import WorkflowStateError, get_transitions, get_workflow_name


def _workflow(doctype: str):
	name = get_workflow_name(doctype)
	return frappe.get_cached_doc("Workflow", name) if name else None


def state_for_status(doctype: str, status: str) -> str | None:
	"""The first workflow state that sets ``status`` (None without an active workflow)."""
	workflow = _workflow(doctype)
	if not workflow:
		return None
	for state in workflow.states:
		if state.update_field == "status" and state.update_value == status:
			return state.state
	return None


def status_for_state(doctype: str, state: str | None) -> str | None:
	workflow = _workflow(doctype)
	if not workflow or not state:
		return None
	for row in workflow.states:
		if row.state == state and row.update_field == "status":
			return row.update_value
	return None


def sync_workflow_state(doc):
	"""Called from ``validate``: a status changed in code moves the workflow state with it.

	Frappe's workflow check runs after ``validate``, so the move must still be a transition the
	user's roles allow; a status no state sets is refused.
	"""
	workflow = _workflow(doc.doctype)
	if not workflow:
		return
	field = workflow.workflow_state_field
	if doc.is_new() and doc.flags.history_import and state_for_status(doc.doctype, doc.status):
		# brought in as history (overrides/data_import.py): in the state its status was in the old system
		doc.set(field, state_for_status(doc.doctype, doc.status))
		return
	if doc.is_new():
		# A new document starts in the workflow's first state, whatever status it was given.
		doc.status = status_for_state(doc.doctype, doc.get(field) or workflow.states[0].state) or doc.status
		return
	before = doc.get_doc_before_save()
	state_changed = before is not None and before.get(field) != doc.get(field)
	status_changed = before is not None and before.get("status") != doc.status
	if state_changed or not status_changed:
		from_state = status_for_state(doc.doctype, doc.get(field))
		if from_state:
			doc.status = from_state
		return
	state = state_for_status(doc.doctype, doc.status)
	if not state:
		frappe.throw(
			_("The status {0} can only be set through the workflow.").format(_(doc.status)),
			frappe.ValidationError,
		)
	doc.set(field, state)


def set_status(doc, status: str):
	"""Set a status the rules themselves decide (a withdrawal, an expiry), outside any user's transition."""
	values = {"status": status}
	workflow = _workflow(doc.doctype)
	state = state_for_status(doc.doctype, status)
	if workflow and state:
		values[workflow.workflow_state_field] = state
	doc.db_set(values, notify=True)


def loaded_transitions(doc) -> dict | None:
	"""The workflow steps the user may take on the document as loaded, with the version they are for: the
	form shows them without asking ``get_transitions`` again (workflow_actions.js)."""
	if doc.is_new() or not get_workflow_name(doc.doctype) or not doc.has_permission("read"):
		return None
	try:
		transitions = get_transitions(doc, raise_exception=True)
	except WorkflowStateError:
		return None
	return {"modified": str(doc.modified), "transitions": transitions}
