import frappe
from frappe.model.document import Document

from ansvarsgruppe.ansvarsgruppe.doctype.meeting_response.meeting_response import (
	check_meeting_open,
	meeting_of,
)
from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.proposals import keep_or_answer, new_proposal
from ansvarsgruppe.controllers.rules_bridge import throw_problems
from ansvarsgruppe.rules import voice

# What the family wrote stays as they wrote it; the coordinator's decision is added once.
KEPT_FIELDS = ("minutes", "group", "service_user", "proposed_by", "proposed_by_name", "title", "details")


class AgendaProposal(AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agenda_item: DF.Data | None
		answer: DF.SmallText | None
		answered_by: DF.Link | None
		answered_on: DF.Datetime | None
		details: DF.SmallText | None
		group: DF.Link | None
		minutes: DF.Link
		proposed_by: DF.Link | None
		proposed_by_name: DF.Data | None
		service_user: DF.Link | None
		status: DF.Literal["Proposed", "Taken in", "Not taken in"]
		title: DF.Data
	# end: auto-generated types
	"""An agenda item the family proposes (R9, R24), and the coordinator's answer: taken into the agenda,
	or not with the reason, once."""

	def validate(self):
		before = None if self.is_new() else self.get_doc_before_save()
		if before is None:
			self.validate_proposal()
			return
		keep_or_answer(
			self,
			before,
			KEPT_FIELDS,
			"agenda_item",
			lambda: voice.decision_problems(before.status, self.status, self.answer),
		)

	def validate_proposal(self):
		meeting = meeting_of(self.minutes)
		if not meeting:
			frappe.throw(frappe._("The meeting was not found."), frappe.DoesNotExistError)
		self.group, self.service_user = meeting.group, meeting.service_user
		new_proposal(self, voice.PROPOSED, "agenda_item")
		check_meeting_open(meeting)
		throw_problems(voice.proposal_problems(self.title, self.details))
