import frappe
from frappe.model.document import Document
from frappe.utils import get_fullname, getdate

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.rules_bridge import throw_problems, today
from ansvarsgruppe.rules import voice


def meeting_of(minutes: str):
	"""The meeting's status and day, its group and the group's person and status."""
	values = frappe.db.get_value(
		"Meeting Minutes", minutes, ["name", "status", "meeting_date", "group"], as_dict=True
	)
	if not values:
		return None
	group = frappe.db.get_value(
		"Responsibility Group", values.group, ["service_user", "status", "coordinator"], as_dict=True
	)
	values.update(service_user=group.service_user, group_status=group.status, coordinator=group.coordinator)
	return values


def check_meeting_open(meeting):
	"""R9, R24: only a called meeting not yet held, in an open group, takes the family's answers."""
	throw_problems(
		[voice.answer_problem(meeting.status, getdate(meeting.meeting_date), today(), meeting.group_status)]
	)


class MeetingResponse(AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attendance: DF.Literal["", "Coming", "Not coming"]
		group: DF.Link | None
		minutes: DF.Link
		note: DF.SmallText | None
		responder: DF.Link | None
		responder_name: DF.Data | None
		service_user: DF.Link | None
		who_comes: DF.Data | None
	# end: auto-generated types
	"""The family's answer to an invitation (R24): coming or not, who comes, what they want the group to
	know. The meeting, its group and person are taken from the minutes, never from what was sent."""

	def validate(self):
		meeting = meeting_of(self.minutes)
		if not meeting:
			frappe.throw(frappe._("The meeting was not found."), frappe.DoesNotExistError)
		if not self.is_new() and self.get_doc_before_save():
			before = self.get_doc_before_save()
			self.minutes, self.responder = before.minutes, before.responder
		self.group, self.service_user = meeting.group, meeting.service_user
		self.responder = self.responder or frappe.session.user
		self.responder_name = get_fullname(self.responder)
		check_meeting_open(meeting)
		throw_problems(voice.response_problems(self.attendance, self.who_comes, self.note))
