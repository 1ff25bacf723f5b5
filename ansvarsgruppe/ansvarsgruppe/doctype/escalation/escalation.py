import frappe
from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.rules_bridge import dates_of, throw_problems, today
from ansvarsgruppe.permissions.grants import check_grants
from ansvarsgruppe.permissions.records import UNRESTRICTED_ROLE
from ansvarsgruppe.rules import escalations
from ansvarsgruppe.rules import status as st


class Escalation(AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ansvarsgruppe.ansvarsgruppe.doctype.escalation_leader.escalation_leader import EscalationLeader

		answer: DF.Text | None
		answered_on: DF.Date | None
		coordinator: DF.Link | None
		group: DF.Link
		group_informed_on: DF.Date | None
		issue: DF.Text
		other_leaders: DF.Table[EscalationLeader]
		raised_on: DF.Date
		service_unit: DF.Link | None
		status: DF.Literal["Open", "Answered", "Informed"]
		title: DF.Data
		unit_leader: DF.Link
	# end: auto-generated types
	"""R14: an issue the group cannot solve, raised by the coordinator to a unit leader (tjenestevei)."""

	def validate(self):
		check_grants(self)
		group = frappe.db.get_value(
			"Responsibility Group", self.group, ["status", "coordinator"], as_dict=True
		)
		self.coordinator = group.coordinator if group else None
		if not self.unit_leader and self.service_unit:
			self.unit_leader = frappe.db.get_value("Service Unit", self.service_unit, "unit_leader")
		if self.status in (st.ESCALATION_ANSWERED, st.ESCALATION_INFORMED) and not self.answered_on:
			self.answered_on = today()
		if self.status == st.ESCALATION_INFORMED and not self.group_informed_on:
			self.group_informed_on = today()
		user = frappe.session.user
		self.check_other_leaders(user)
		values = {
			"status": self.status,
			"unit_leader": self.unit_leader,
			"answer": self.answer,
			"raised_by_coordinator": user == self.coordinator
			or user == "Administrator"
			or UNRESTRICTED_ROLE in frappe.get_roles(user),
			**dates_of(self, "raised_on", "answered_on", "group_informed_on"),
		}
		group_open = bool(group) and group.status != st.GROUP_CLOSED
		throw_problems(escalations.escalation_problems(values, group_open, self.is_new(), today()))

	def check_other_leaders(self, user: str):
		"""R14: the unit leader the issue is raised to brings in the other unit leaders concerned; who added
		each and when is kept as first recorded."""
		stored = None if self.is_new() else self.get_doc_before_save()
		before = {(r.unit_leader, r.service_unit): r for r in (stored.other_leaders if stored else [])}
		after = [{"unit_leader": r.unit_leader, "service_unit": r.service_unit} for r in self.other_leaders]
		raised_to = stored.unit_leader if stored else self.unit_leader
		units = sorted({r.service_unit for r in self.other_leaders if r.service_unit})
		leaders = dict(
			frappe.get_all("Service Unit", {"name": ("in", units)}, ["name", "unit_leader"], as_list=1)
		)
		by_raised_to = user in (raised_to, "Administrator") or UNRESTRICTED_ROLE in frappe.get_roles(user)
		throw_problems(
			escalations.other_leader_problems(
				[{"unit_leader": k[0], "service_unit": k[1]} for k in before],
				after,
				raised_to,
				by_raised_to,
				leaders,
			)
		)
		for row in self.other_leaders:
			kept = before.get((row.unit_leader, row.service_unit))
			row.added_by = kept.added_by if kept else user
			row.added_on = kept.added_on if kept else today()
