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

		answer: DF.Text | None
		answered_on: DF.Date | None
		coordinator: DF.Link | None
		group: DF.Link
		group_informed_on: DF.Date | None
		issue: DF.Text
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
