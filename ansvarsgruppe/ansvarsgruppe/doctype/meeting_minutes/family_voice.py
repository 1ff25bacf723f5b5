"""The family's answers and proposed agenda items on the minutes form (R9, R24): shown to whoever may read
them by the row rules (the coordinator and the members the consent covers), and decided by the coordinator:
taken into the agenda, or answered why not."""

import frappe
from frappe import _
from frappe.utils import format_datetime

from ansvarsgruppe.controllers.rules_bridge import throw_problems
from ansvarsgruppe.permissions.records import has_unrestricted_access
from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import voice

RESPONSE_FIELDS = ["name", "responder_name", "attendance", "who_comes", "note", "modified"]
PROPOSAL_FIELDS = [
	"name",
	"proposed_by_name",
	"title",
	"details",
	"status",
	"answer",
	"agenda_item",
	"creation",
]


def family_voice(minutes: str) -> dict:
	"""The family's answers and proposals to the meeting ``minutes``, as the user may read them."""
	responses = frappe.get_list(
		"Meeting Response", filters={"minutes": minutes}, fields=RESPONSE_FIELDS, order_by="modified asc"
	)
	proposals = frappe.get_list(
		"Agenda Proposal", filters={"minutes": minutes}, fields=PROPOSAL_FIELDS, order_by="creation asc"
	)
	for response in responses:
		response.attendance_label = _(response.attendance)
		response.answered_at = format_datetime(response.modified, "dd.MM.yyyy HH:mm")
		del response["modified"]
	for proposal in proposals:
		proposal.status_label = _(proposal.status)
		proposal.proposed_at = format_datetime(proposal.creation, "dd.MM.yyyy HH:mm")
		del proposal["creation"]
	return {"responses": responses, "proposals": proposals}


def answer_proposal(minutes_name: str, proposal: str, decision: str, answer: str | None = None) -> str:
	"""The coordinator takes the family's proposal into the agenda (as the last item, the family named as
	responsible) or answers why not; the minutes as stored, never the client's copy."""
	minutes = frappe.get_doc("Meeting Minutes", minutes_name)
	minutes.check_permission("read")
	coordinator = frappe.db.get_value("Responsibility Group", minutes.group, "coordinator")
	if frappe.session.user != coordinator and not has_unrestricted_access(frappe.session.user):
		frappe.throw(
			_("Only the group's coordinator answers the family's proposals."), frappe.PermissionError
		)
	if minutes_rules.is_final(minutes.status):
		frappe.throw(
			_("The minutes are approved, so their agenda can no longer change."), frappe.ValidationError
		)
	doc = (
		frappe.get_doc("Agenda Proposal", proposal) if frappe.db.exists("Agenda Proposal", proposal) else None
	)
	if not doc or doc.minutes != minutes.name:
		frappe.throw(_("The proposal does not belong to this meeting."), frappe.ValidationError)
	throw_problems(voice.decision_problems(doc.status, decision, answer))
	doc.status, doc.answer = decision, (answer or "").strip() or None
	if decision == voice.TAKEN_IN:
		row = minutes.append(
			"agenda", {"title": doc.title, "responsible": doc.proposed_by_name, "proposal": doc.name}
		)
		minutes.save()
		doc.agenda_item = row.name
	doc.save(ignore_permissions=True)
	return doc.status
