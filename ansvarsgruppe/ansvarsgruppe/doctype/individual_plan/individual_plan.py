import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.rules_bridge import (
	check_final_change,
	check_final_delete,
	dates_of,
	mark_closed_group,
	mark_correctable,
	throw_problems,
	today,
)
from ansvarsgruppe.controllers.workflow_status import sync_workflow_state
from ansvarsgruppe.overrides.data_import import HistoryRecord, is_history
from ansvarsgruppe.permissions.records import has_unrestricted_access
from ansvarsgruppe.rules import consent as consent_rules
from ansvarsgruppe.rules import final, plan_basis, plans
from ansvarsgruppe.rules import status as st


class IndividualPlan(HistoryRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ansvarsgruppe.ansvarsgruppe.doctype.plan_evaluation.plan_evaluation import PlanEvaluation
		from ansvarsgruppe.ansvarsgruppe.doctype.plan_goal.plan_goal import PlanGoal
		from ansvarsgruppe.ansvarsgruppe.doctype.plan_measure.plan_measure import PlanMeasure

		approved_by: DF.Link | None
		approved_on: DF.Date | None
		collaboration: DF.Text | None
		consent: DF.Link | None
		coordinator: DF.Link | None
		evaluations: DF.Table[PlanEvaluation]
		family_contribution: DF.Text | None
		goals: DF.Table[PlanGoal]
		group: DF.Link | None
		ip_application: DF.Link | None
		measures: DF.Table[PlanMeasure]
		needs: DF.Text | None
		next_revision_date: DF.Date | None
		own_goals: DF.Text | None
		participants: DF.SmallText | None
		person_contribution: DF.Text | None
		plan_from: DF.Date | None
		plan_to: DF.Date | None
		resources: DF.Text | None
		service_user: DF.Link
		service_user_name: DF.Data | None
		services_contribution: DF.Text | None
		status: DF.Literal["Draft", "Approved", "Under Revision", "Closed"]
	# end: auto-generated types
	"""R18: the person's individual plan: goals, measures, responsibility, period and evaluation.

	One open (not closed) plan per person. Its status follows the plan's workflow (draft, approved, under
	revision, closed); approving needs the six parts and records who approved it and when. An approved plan
	is revised by a new version that supersedes it (``ansvarsgruppe.api.archive.correct``): the approved
	version is closed and kept as it was.
	"""

	def onload(self):
		mark_closed_group(self)
		mark_correctable(self)

	def validate(self):
		sync_workflow_state(self)
		check_final_change(self, final.PLAN)
		group = frappe.db.get_value(
			"Responsibility Group", self.group, ["service_user", "consent", "coordinator"], as_dict=True
		)
		if group:
			if not self.service_user:
				self.service_user = group.service_user
				self.service_user_name = frappe.db.get_value("Service User", self.service_user, "full_name")
			self.consent, self.coordinator = group.consent, group.coordinator
		else:
			throw_problems(self.rest_on_person())
		self._number_rows()
		if not self._keeps_approved_version():
			self.participants = self._participants()
		problems = plans.plan_problems(self.rule_values(), today(), self._other_open_plans())
		if group:
			problems = [
				*filter(None, [plans.group_problem(self.service_user, group.service_user)]),
				*problems,
			]
		throw_problems(problems)
		self._record_approval()

	def rule_values(self) -> dict:
		before = None if self.is_new() else self.get_doc_before_save()
		return {
			"status": self.status,
			"approving": self.status == st.PLAN_APPROVED
			and (before is None or before.status != st.PLAN_APPROVED),
			**dates_of(self, "plan_from", "plan_to", "next_revision_date"),
			"goals": [
				{"goal_id": g.goal_id, "parent_goal": (g.parent_goal or "").strip()} for g in self.goals
			],
			"measures": [
				{
					"idx": m.idx,
					"goal_id": (m.goal_id or "").strip(),
					"measure_id": m.measure_id,
					"responsible_person": m.responsible_person,
					"evaluation_form": m.evaluation_form,
					**dates_of(m, "start_date", "end_date", "next_evaluation_date"),
				}
				for m in self.measures
			],
			"evaluations": [
				{"idx": e.idx, "reference": (e.reference or "").strip(), **dates_of(e, "evaluation_date")}
				for e in self.evaluations
			],
		}

	def _number_rows(self):
		for rows, prefix, field in ((self.goals, "M", "goal_id"), (self.measures, "T", "measure_id")):
			used = {(row.get(field) or "").strip() for row in rows}
			n = 0
			for row in rows:
				row.set(field, (row.get(field) or "").strip())
				if not row.get(field):
					n += 1
					while f"{prefix}{n}" in used:
						n += 1
					row.set(field, f"{prefix}{n}")
					used.add(row.get(field))

	def _participants(self) -> str:
		members = frappe.get_all(
			"Group Member",
			filters={"group": self.group, "status": ("in", [st.MEMBER_APPROVED, st.MEMBER_ACTIVE])},
			fields=["full_name", "service_unit"],
			order_by="creation asc",
		)
		return "\n".join(
			f"{m.full_name} ({m.service_unit})" if m.service_unit else (m.full_name or "") for m in members
		)

	def on_update(self):
		self.sync_group()

	def on_trash(self):
		check_final_delete(self, final.PLAN)
		self.sync_group(leaving=True)

	def _keeps_approved_version(self) -> bool:
		"""An approved version being followed up (not revised): who took part stays as approved."""
		before = None if self.is_new() else self.get_doc_before_save()
		return before is not None and final.is_final(final.PLAN, before.status)

	def sync_group(self, leaving: bool = False):
		"""The group's "has individual plan" says whether the person has a plan that is not closed."""
		if not self.group:
			return
		filters = {"group": self.group, "status": ("!=", st.PLAN_CLOSED)}
		if leaving:
			filters["name"] = ("!=", self.name)
		has_plan = int(bool(frappe.db.exists("Individual Plan", filters)))
		if frappe.db.get_value("Responsibility Group", self.group, "has_individual_plan") != has_plan:
			frappe.db.set_value(
				"Responsibility Group", self.group, "has_individual_plan", has_plan, update_modified=False
			)

	@frappe.whitelist()
	def update_my_measure(
		self, measure_id: str, status: str | None = None, next_evaluation_date: str | None = None
	):
		"""The person responsible for a measure reports its status and next evaluation between meetings;
		the rest of the plan stays the coordinator's. Works on the plan as stored, never the client's copy,
		and changes only that measure's status and next evaluation."""
		if not self.name or not frappe.db.exists("Individual Plan", self.name):
			frappe.throw(_("You can only update measures you are responsible for."), frappe.PermissionError)
		plan = frappe.get_doc("Individual Plan", self.name)
		plan.check_permission("read")
		measure = next((m for m in plan.measures if m.measure_id == measure_id), None)
		if measure is None or measure.responsible_person != frappe.session.user:
			frappe.throw(_("You can only update measures you are responsible for."), frappe.PermissionError)
		if plan.status == st.PLAN_CLOSED:
			frappe.throw(_("A closed plan cannot be changed."), frappe.ValidationError)
		if status:
			if status not in st.MEASURE_STATUSES:
				frappe.throw(_("Choose one of the measure statuses."), frappe.ValidationError)
			measure.status = status
		if next_evaluation_date:
			measure.next_evaluation_date = getdate(next_evaluation_date)
		plan.flags.ignore_permissions = True
		plan.save()
		self.reload()
		return {"status": measure.status, "next_evaluation_date": measure.next_evaluation_date}

	def rest_on_person(self) -> list:
		"""A plan without a group ("annen samarbeidsform", 000): the coordinator is the one appointed through
		the person's application, and the consent the person's own in force (R2, R4, R18)."""
		application = (
			frappe.db.get_value(
				"IP Application",
				self.ip_application,
				["service_user", "status", "appointed_coordinator", "responsibility_group"],
				as_dict=True,
			)
			if self.ip_application
			else None
		)
		if application and not self.service_user:
			self.service_user = application.service_user
		if self.service_user:
			self.service_user_name = frappe.db.get_value("Service User", self.service_user, "full_name")
		consent = self.consent_in_force()
		problems = plan_basis.without_group_problems(self.service_user, application, consent)
		if not problems:
			self.coordinator, self.consent = application.appointed_coordinator, consent
		return problems

	def consent_in_force(self) -> str | None:
		"""The person's newest consent in force today (R4)."""
		for consent in frappe.get_all(
			"Consent",
			filters={"service_user": self.service_user or "", "status": st.CONSENT_ACTIVE},
			fields=["name", "status", "valid_from", "valid_to", "withdrawn_on"],
			order_by="valid_from desc, creation desc",
		):
			values = {**consent, **dates_of(consent, "valid_from", "valid_to", "withdrawn_on")}
			if consent_rules.is_in_force(values, today()):
				return consent.name
		return None

	def _other_open_plans(self) -> list[str]:
		if not self.service_user:
			return []
		# Two plans saved at once for the same person must not both pass the check: the person's row is
		# locked until the transaction ends, so the second waits and then sees the first.
		frappe.db.get_value("Service User", self.service_user, "name", for_update=True)
		return frappe.get_all(
			"Individual Plan",
			filters={
				"service_user": self.service_user,
				"status": ("!=", st.PLAN_CLOSED),
				"name": ("!=", self.name or ""),
			},
			pluck="name",
		)

	def _record_approval(self):
		before = self.get_doc_before_save()
		if is_history(self) and self.approved_by and self.approved_on:
			return  # approved in the old system, by whom and when it says
		if self.status == st.PLAN_APPROVED and (before is None or before.status != self.status):
			self.approved_by, self.approved_on = frappe.session.user, today()


@frappe.whitelist()
def make_individual_plan(group: str) -> str:
	"""The group's open plan, or a new draft plan started from the group and the application that asked
	for it: the needs described in the application, the services involved, the period from today."""
	frappe.has_permission("Individual Plan", "create", throw=True)
	group_doc = frappe.get_doc("Responsibility Group", group)
	group_doc.check_permission("read")
	if frappe.session.user != group_doc.coordinator and not has_unrestricted_access(frappe.session.user):
		frappe.throw(_("Only the group's coordinator starts its individual plan."), frappe.PermissionError)
	existing = frappe.db.get_value(
		"Individual Plan", {"group": group, "status": ("!=", st.PLAN_CLOSED)}, "name"
	)
	if existing:
		return existing
	application = (
		frappe.db.get_value(
			"IP Application",
			group_doc.ip_application,
			["needs_description", "services_involved"],
			as_dict=True,
		)
		if group_doc.ip_application
		else None
	) or frappe._dict()
	plan = frappe.get_doc(
		{
			"doctype": "Individual Plan",
			"group": group,
			"ip_application": group_doc.ip_application,
			"plan_from": today(),
			"needs": application.needs_description,
			"collaboration": application.services_involved,
		}
	)
	plan.flags.ignore_permissions = True  # the coordinator's right was checked above, row by row
	plan.insert()
	return plan.name
