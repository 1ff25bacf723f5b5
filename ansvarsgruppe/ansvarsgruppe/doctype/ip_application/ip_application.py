import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from ansvarsgruppe.alerts.answers import give_answer, notice_address
from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.rules_bridge import (
	check_representation,
	dates_of,
	format_problem,
	throw_problems,
	today,
)
from ansvarsgruppe.controllers.workflow_status import sync_workflow_state
from ansvarsgruppe.permissions.appointments import appointment
from ansvarsgruppe.permissions.grants import appointee_problems, check_grants
from ansvarsgruppe.permissions.records import has_unrestricted_access
from ansvarsgruppe.permissions.registry import UNIT_LEADER
from ansvarsgruppe.portal import first_time
from ansvarsgruppe.portal.people import is_portal_user, portal_party
from ansvarsgruppe.portal.web_forms import check_portal_road
from ansvarsgruppe.rules import answers, applications, child_coordinator
from ansvarsgruppe.rules import status as st

KE_FIELDS = (
	"responsible_unit",
	"decision_date",
	"appointed_coordinator",
	"outcome",
	"rejection_reason",
	"consent",
	"responsibility_group",
	"coordinator_unit",
	"coordinator_unit_reason",
	"collaboration_form",
	"collaboration_reason",
	"appointed_by",
	"appointed_on",
	"answer_to_post",
	"interim_answer_on",
	"decision_letter_on",
	"serious_condition",
	"long_term_varied_services",
	"child_coordinator_reason",
)


class IPApplication(AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		answer_channel: DF.Literal["E-mail", "Post"]
		answer_to_post: DF.Check
		applicant_email: DF.Data | None
		applicant_kind: DF.Literal["Service User", "Relation"]
		applicant_name: DF.Data | None
		applicant_relation: DF.Literal[None]
		asks_child_coordinator: DF.Check
		child_coordinator_reason: DF.SmallText | None
		long_term_varied_services: DF.Check
		serious_condition: DF.Check
		applied_for: DF.Literal["Coordinator", "Individual Plan", "Both"]
		appointed_coordinator: DF.Link | None
		consent: DF.Link | None
		date_received: DF.Date
		decision_date: DF.Date | None
		decision_letter_on: DF.Date | None
		interim_answer_on: DF.Date | None
		needs_description: DF.Text
		outcome: DF.SmallText | None
		proposed_coordinator: DF.Link | None
		rejection_reason: DF.SmallText | None
		responsibility_group: DF.Link | None
		responsible_unit: DF.Link | None
		responsible_unit_leader: DF.Link | None
		service_user: DF.Link
		service_user_name: DF.Data | None
		services_involved: DF.SmallText | None
		status: DF.Literal["Received", "Decided", "Coordinator Appointed", "Closed", "Rejected"]

	# end: auto-generated types
	def onload(self):
		self.set_onload("next_step", self.next_step())

	def rule_values(self) -> dict:
		return {
			"status": self.status,
			"responsible_unit": self.responsible_unit,
			"appointed_coordinator": self.appointed_coordinator,
			"coordinator_unit": self.coordinator_unit,
			"coordinator_unit_reason": self.coordinator_unit_reason,
			"collaboration_form": self.collaboration_form,
			"collaboration_reason": self.collaboration_reason,
			"rejection_reason": self.rejection_reason,
			**dates_of(self, "date_received", "decision_date"),
		}

	def next_step(self) -> dict | None:
		"""The application's next step and what it still needs, said before the step is refused; what the
		app fills in itself (the decision date, the coordinator's unit) is not asked for (R2)."""
		values = self.rule_values()
		if self.status == st.APPLICATION_RECEIVED:
			step = _("Decide")
			values.update(status=st.APPLICATION_DECIDED, decision_date=values["decision_date"] or today())
		elif self.status == st.APPLICATION_DECIDED:
			step = _("Appoint Coordinator")
			values.update(
				status=st.APPLICATION_APPOINTED,
				coordinator_unit=values["coordinator_unit"] or values["responsible_unit"],
			)
		else:
			return None
		needs = applications.application_problems(values, today())
		return {
			"status": self.status,
			"step": step,
			"needs": list(dict.fromkeys(format_problem(p) for p in needs)),
		}

	def validate(self):
		check_grants(self)
		sync_workflow_state(self)
		self.check_first_time_applicant()
		check_portal_road(self)
		if self.is_new() and is_portal_user():
			self.set_portal_applicant()
		self.applicant_name = check_representation(
			"apply", self.service_user, self.applicant_kind, self.applicant_relation, self.date_received
		)
		if self.applicant_kind != "Relation":
			self.applicant_relation = None
		self.answer_channel = self.answer_channel or answers.EMAIL
		self.applicant_email = notice_address(self)
		self.fill_known_values()
		problems = applications.application_problems(self.rule_values(), today())
		problems += child_coordinator.child_coordinator_problems(
			self.child_coordinator_values(), self.birth_date()
		)
		if self.moves_to(st.APPLICATION_APPOINTED):
			leader = frappe.db.get_value("Service Unit", self.responsible_unit, "unit_leader")
			user = frappe.session.user
			unrestricted = has_unrestricted_access(user)
			problems += applications.appointer_problems(
				user, leader, unrestricted, UNIT_LEADER in frappe.get_roles(user)
			)
			if self.appointed_coordinator:
				problems += appointee_problems(user, self.appointed_coordinator, unrestricted)
			self.appointed_by, self.appointed_on = user, today()
		throw_problems(problems)

	def check_first_time_applicant(self):
		"""A first-time applicant's application registers the person it is for; anywhere else the new
		applicant's fields and how they were identified are not the form's to set."""
		if not self.is_new():
			return
		if frappe.flags.portal_web_form and first_time.is_first_time_applicant():
			first_time.register(self)
			return
		first_time.refuse_fields(self)
		self.identified_by = None

	def fill_known_values(self):
		"""What the app knows is not asked for: a decision is dated the day it is made, and a coordinator the
		leader appoints belongs to the leader's unit unless she records another (R2)."""
		if self.moves_to(st.APPLICATION_DECIDED) and not self.decision_date:
			self.decision_date = today()
		if self.appointed_coordinator and not self.coordinator_unit:
			self.coordinator_unit = self.responsible_unit

	def child_coordinator_values(self) -> dict:
		return {
			"status": self.status,
			"asks_child_coordinator": self.asks_child_coordinator,
			"serious_condition": self.serious_condition,
			"long_term_varied_services": self.long_term_varied_services,
			"child_coordinator_reason": self.child_coordinator_reason,
			**dates_of(self, "date_received", "decision_date"),
		}

	def birth_date(self):
		birth = (
			frappe.db.get_value("Service User", self.service_user, "birth_date")
			if self.service_user
			else None
		)
		return getdate(birth) if birth else None

	def moves_to(self, status: str) -> bool:
		before = None if self.is_new() else self.get_doc_before_save()
		previous = before.status if before is not None else None
		return self.status == status and previous != status

	def set_portal_applicant(self):
		"""From the family portal the applicant is whoever is logged in, acting as the rules allow (R1)."""
		party = portal_party(self.service_user, applying=True)
		self.applicant_kind, self.applicant_relation = party["kind"], party["relation"]
		self.date_received = today()
		for fieldname in KE_FIELDS:
			self.set(fieldname, None)

	def on_update(self):
		before = self.get_doc_before_save()
		# the group first: the answer and the notices about the appointment name it
		if (
			self.status == st.APPLICATION_APPOINTED
			and not self.responsibility_group
			and self.collaboration_form != applications.OTHER_FORM
		):
			self.create_group()
		# an application brought in from the earlier system was answered there
		if (
			answers.answer_given(before.status if before else None, self.status)
			and not frappe.flags.in_import
		):
			give_answer(self)

	def create_group(self):
		"""The unit leader has appointed the coordinator: the group is proposed (R2), with the appointment
		recorded."""
		group = frappe.get_doc(
			{
				"doctype": "Responsibility Group",
				"service_user": self.service_user,
				"responsible_unit": self.responsible_unit,
				"coordinator": self.appointed_coordinator,
				"consent": self.consent,
				"ip_application": self.name,
				"child_coordinator": int(
					child_coordinator.grants_child_coordinator(
						self.child_coordinator_values(), self.birth_date()
					)
				),
				"has_individual_plan": int(
					self.applied_for in (applications.INDIVIDUAL_PLAN, applications.BOTH)
				),
			}
		)
		group.flags.coordinator_appointment = appointment(
			self.appointed_coordinator, appointed_by=self.appointed_by, ip_application=self.name
		)
		group.insert(ignore_permissions=True)
		self.db_set("responsibility_group", group.name)
		frappe.msgprint(_("Responsibility group {0} was created.").format(group.name), alert=True)
