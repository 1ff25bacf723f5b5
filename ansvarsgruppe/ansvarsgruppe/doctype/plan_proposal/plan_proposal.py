import frappe
from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.proposals import keep_or_answer, new_proposal
from ansvarsgruppe.controllers.rules_bridge import throw_problems
from ansvarsgruppe.rules import plan_voice
from ansvarsgruppe.rules import status as st

# What the family wrote stays as they wrote it; the coordinator's decision is added once.
KEPT_FIELDS = (
	"plan",
	"group",
	"service_user",
	"proposed_by",
	"proposed_by_name",
	"kind",
	"text",
	"life_area",
)


def plan_of(plan: str | None):
	"""The plan's status, group, person and whether its group is closed, or None."""
	if not plan:
		return None
	values = frappe.db.get_value(
		"Individual Plan", plan, ["name", "status", "group", "service_user"], as_dict=True
	)
	if values:
		values.group_closed = (
			frappe.db.get_value("Responsibility Group", values.group, "status") == st.GROUP_CLOSED
		)
	return values


class PlanProposal(AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		answer: DF.SmallText | None
		answered_by: DF.Link | None
		answered_on: DF.Datetime | None
		goal_id: DF.Data | None
		group: DF.Link | None
		kind: DF.Literal["Goal", "Comment"]
		life_area: DF.Literal[
			"",
			"Health",
			"Housing",
			"School and Education",
			"Work",
			"Leisure",
			"Family and Network",
			"Finances",
			"Other",
		]
		plan: DF.Link
		proposed_by: DF.Link | None
		proposed_by_name: DF.Data | None
		service_user: DF.Link | None
		status: DF.Literal["Proposed", "Taken in", "Not taken in", "Answered"]
		text: DF.SmallText
	# end: auto-generated types
	"""A goal the person proposes for their own plan, or a comment on the draft plan (R18, R24), and the
	coordinator's answer: the goal taken into the plan or not with the reason, the comment answered; once."""

	def validate(self):
		before = None if self.is_new() else self.get_doc_before_save()
		if before is None:
			self.validate_proposal()
			return
		keep_or_answer(
			self,
			before,
			KEPT_FIELDS,
			"goal_id",
			lambda: plan_voice.decision_problems(self.kind, before.status, self.status, self.answer),
		)

	def validate_proposal(self):
		plan = plan_of(self.plan)
		if not plan:
			frappe.throw(frappe._("The plan was not found."), frappe.DoesNotExistError)
		self.group, self.service_user = plan.group, plan.service_user
		new_proposal(self, plan_voice.PROPOSED, "goal_id")
		self.text = (self.text or "").strip()
		if self.kind != plan_voice.GOAL:
			self.life_area = None
		throw_problems(
			plan_voice.proposal_problems(self.kind, self.text, self.life_area, plan.status, plan.group_closed)
		)
