import frappe
from frappe import _
from frappe.model.document import Document

from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.rules_bridge import (
	check_final_change,
	check_final_delete,
	consent_values,
	dates_of,
	get_settings,
	stored_final,
	throw_problems,
	today,
)
from ansvarsgruppe.controllers.workflow_status import set_status, sync_workflow_state
from ansvarsgruppe.rules import consent as consent_rules
from ansvarsgruppe.rules import final, groups, members, minutes, transitions
from ansvarsgruppe.rules import status as st


class ResponsibilityGroup(AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ansvarsgruppe.ansvarsgruppe.doctype.group_transition.group_transition import GroupTransition

		closed_date: DF.Date | None
		closing_reason: DF.SmallText | None
		consent: DF.Link | None
		child_coordinator: DF.Check
		coordinator: DF.Link | None
		coordinator_name: DF.Data | None
		established_date: DF.Date | None
		has_individual_plan: DF.Check
		ip_application: DF.Link | None
		last_annual_review: DF.Date | None
		last_archived_on: DF.Datetime | None
		next_archive_due: DF.Date | None
		mandate: DF.Text | None
		meeting_plan: DF.SmallText | None
		next_meeting_date: DF.Date | None
		next_review_due: DF.Date | None
		responsible_unit: DF.Link | None
		service_user: DF.Link
		service_user_name: DF.Data | None
		status: DF.Literal["Proposed", "Approved", "Active", "Closed"]
		transitions: DF.Table[GroupTransition]

	# end: auto-generated types
	def validate(self):
		sync_workflow_state(self)
		check_final_change(self, final.GROUP)
		if stored_final(self, final.GROUP):
			return  # closed (R16): nothing changes, nothing is computed again
		self.validate_consent_belongs_to_user()
		self.keep_child_coordinator()
		if self.status == st.GROUP_APPROVED and not self.established_date:
			self.established_date = today()
		self.set_next_review_due()
		values = {
			"status": self.status,
			"coordinator": self.coordinator,
			"responsible_unit": self.responsible_unit,
			"closing_reason": self.closing_reason,
			"consent_in_force": consent_rules.is_in_force(consent_values(self.consent) or {}, today()),
			"held_meetings": self.count_minutes(
				statuses=(st.MINUTES_DRAFT, *st.MINUTES_FINAL), meeting_type=("!=", minutes.PRE_MEETING)
			),
			"pre_meeting_held": bool(
				self.count_minutes(
					statuses=(st.MINUTES_DRAFT, *st.MINUTES_FINAL), meeting_type=minutes.PRE_MEETING
				)
			),
			"mandate": self.mandate,
			"person_members": self.person_member_count(),
			"no_person_member_reason": self.no_person_member_reason,
			"closing_meeting_planned": bool(self.count_minutes(meeting_type=minutes.CLOSING)),
			**dates_of(self, "established_date", "closed_date"),
		}
		problems = groups.group_problems(values, self.other_open_groups(), today())
		for row in self.transitions:
			row.update(transitions.fill_stage_dates(row.as_dict(), today()))
			row.stage = transitions.stage(row.as_dict())
		problems += transitions.transition_problems(
			[{**row.as_dict(), **dates_of(row, "started_date", "done_date")} for row in self.transitions]
		)
		throw_problems(problems)

	def on_update(self):
		before = self.get_doc_before_save()
		if before is not None and before.coordinator != self.coordinator and self.status != st.GROUP_CLOSED:
			self.keep_coordinator_member()

	def keep_coordinator_member(self):
		"""R3: one coordinator member, always the group's coordinator: the old coordinator's membership
		ends, and the new coordinator's becomes the coordinator membership (or one is added)."""
		current = frappe.get_all(
			"Group Member",
			filters={"group": self.name, "status": ("!=", st.MEMBER_ENDED)},
			fields=["name", "user", "member_role", "status"],
		)
		ending, converting, adding = groups.coordinator_members_after_change(current, self.coordinator)
		for name in ending:
			member = frappe.get_doc("Group Member", name)
			member.flags.ignore_permissions = True
			member.to_date = today()
			set_status(member, st.MEMBER_ENDED)
			member.db_set("to_date", today())
		if converting:
			frappe.db.set_value("Group Member", converting, "member_role", members.COORDINATOR)
		if adding:
			frappe.get_doc(
				{
					"doctype": "Group Member",
					"group": self.name,
					"member_role": members.COORDINATOR,
					"user": self.coordinator,
					"service_unit": self.responsible_unit,
				}
			).insert(ignore_permissions=True)

	def person_member_count(self) -> int:
		"""Members who are the person or act for them (the family), not ended."""
		if self.is_new():
			return 0
		return frappe.db.count(
			"Group Member",
			{
				"group": self.name,
				"member_role": ("in", (members.SERVICE_USER, *members.FAMILY_ROLES)),
				"status": ("!=", st.MEMBER_ENDED),
			},
		)

	def on_trash(self):
		check_final_delete(self, final.GROUP)

	def keep_child_coordinator(self):
		"""R2: whether the coordinator is a child coordinator is KE's decision on the application (set when
		the group is made from it), never the form's."""
		before = None if self.is_new() else self.get_doc_before_save()
		if before is not None:
			self.child_coordinator = before.child_coordinator

	def validate_consent_belongs_to_user(self):
		if self.consent and frappe.db.get_value("Consent", self.consent, "service_user") != self.service_user:
			frappe.throw(_("The consent must be the service user's own."), frappe.ValidationError)

	def other_open_groups(self) -> list[str]:
		return frappe.get_all(
			"Responsibility Group",
			filters={
				"service_user": self.service_user,
				"status": ("in", st.GROUP_OPEN),
				"name": ("!=", self.name),
			},
			pluck="name",
		)

	def count_minutes(self, statuses=None, meeting_type=None) -> int:
		if self.is_new():
			return 0
		filters = {"group": self.name}
		if statuses:
			filters["status"] = ("in", statuses)
		if meeting_type:
			filters["meeting_type"] = meeting_type
		return frappe.db.count("Meeting Minutes", filters)

	def set_next_review_due(self):
		dates = dates_of(self, "last_annual_review", "established_date")
		self.next_review_due = groups.next_review_due(
			dates["last_annual_review"],
			dates["established_date"],
			int(get_settings().annual_review_interval_months or 12),
		)

	def permanent_member_count(self) -> int:
		return frappe.db.count(
			"Group Member", {"group": self.name, "is_permanent": 1, "status": ("!=", st.MEMBER_ENDED)}
		)
