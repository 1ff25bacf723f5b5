"""The family's voice before a meeting, from the portal (R24): answer the invitation, propose agenda items.

Each endpoint takes the meeting's group and person from the minutes and acts only for a person the
logged-in portal user acts for (``portal.people.portal_party``); another family's meeting, or one that
does not exist, is refused alike. The controllers (Meeting Response, Agenda Proposal) hold the rules.
"""

import frappe
from frappe import _

from ansvarsgruppe.ansvarsgruppe.doctype.meeting_response.meeting_response import meeting_of
from ansvarsgruppe.portal.people import is_portal_user, represented


def _family_meeting(minutes: str):
	"""The meeting ``minutes`` of a person the portal user acts for, or refused."""
	meeting = meeting_of(minutes) if isinstance(minutes, str) and minutes else None
	if not (is_portal_user() and meeting and meeting.service_user in represented()):
		frappe.throw(
			_("You can only answer the invitations of your own family's group."), frappe.PermissionError
		)
	return meeting


@frappe.whitelist(methods=["POST"])
def answer_invitation(minutes: str, attendance: str, who_comes: str | None = None, note: str | None = None):
	"""Coming or not, who comes, and what the family wants the group to know; a new answer replaces the
	portal user's earlier one."""
	meeting = _family_meeting(minutes)
	name = frappe.db.get_value(
		"Meeting Response", {"minutes": meeting.name, "responder": frappe.session.user}, "name"
	)
	doc = frappe.get_doc("Meeting Response", name) if name else frappe.new_doc("Meeting Response")
	doc.update({"minutes": meeting.name, "attendance": attendance, "who_comes": who_comes, "note": note})
	doc.save(ignore_permissions=True)
	return doc.name


@frappe.whitelist(methods=["POST"])
def propose_agenda_item(minutes: str, title: str, details: str | None = None):
	"""An item the family wants the meeting to talk about; the coordinator takes it in or answers why not."""
	meeting = _family_meeting(minutes)
	doc = frappe.get_doc(
		{"doctype": "Agenda Proposal", "minutes": meeting.name, "title": title, "details": details}
	)
	doc.insert(ignore_permissions=True)
	return doc.name
