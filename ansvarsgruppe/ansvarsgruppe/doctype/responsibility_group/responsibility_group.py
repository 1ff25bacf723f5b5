import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Count

from ansvarsgruppe.alerts.coordinator_change import notify_coordinator_changed
from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.form_load import loaded_connection_counts
from ansvarsgruppe.controllers.rules_bridge import (
	check_final_change,
	check_final_delete,
	consent_values,
	covered_units,
	dates_of,
	format_problem,
	get_settings,
	stored_final,
	throw_problems,
	today,
)
from ansvarsgruppe.controllers.workflow_status import loaded_transitions, set_status, sync_workflow_state
from ansvarsgruppe.overrides.data_import import HistoryRecord, is_history
from ansvarsgruppe.permissions.appointments import appointment, check_appointment
from ansvarsgruppe.permissions.grants import check_grants
from ansvarsgruppe.rules import consent as consent_rules
from ansvarsgruppe.rules import final, groups, imports, members, minutes, transitions
from ansvarsgruppe.rules import status as st


class ResponsibilityGroup(HistoryRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ansvarsgruppe.ansvarsgruppe.doctype.coordinator_appointment.coordinator_appointment import (
			CoordinatorAppointment,
		)
		from ansvarsgruppe.ansvarsgruppe.doctype.group_transition.group_transition import GroupTransition

		closed_date: DF.Date | None
		closing_cause: DF.Literal[
			"", "Planned", "Moved", "Died", "Declined", "No Longer Needed", "Other Collaboration", "Other"
		]
		closing_reason: DF.SmallText | None
		consent: DF.Link | None
		child_coordinator: DF.Check
		coordinator: DF.Link | None
		coordinator_appointments: DF.Table[CoordinatorAppointment]
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
	def onload(self):
		from ansvarsgruppe.api.messages import conversation_summary

		self.set_onload("next_step", self.next_step())
		# what the form would otherwise ask for at once, each with the same check as its own method
		self.set_onload("conversation", conversation_summary(self.name))
		self.set_onload("workflow_transitions", loaded_transitions(self))
		self.set_onload("connection_counts", loaded_connection_counts(self))

	def rule_values(self) -> dict:
		return {
			"status": self.status,
			"coordinator": self.coordinator,
			"responsible_unit": self.responsible_unit,
			"closing_reason": self.closing_reason,
			"closing_cause": self.closing_cause,
			"consent_in_force": consent_rules.is_in_force(consent_values(self.consent) or {}, today()),
			# A consent that lapses (a withdrawal, its end date, the person coming of age) does not lock the
			# group: it is asked for when the group is approved or activated, or its consent is changed.
			"consent_checked": self.is_new()
			or self.has_value_changed("status")
			or self.has_value_changed("consent"),
			**self.minutes_held(),
			"mandate": self.mandate,
			"person_members": self.person_member_count(),
			"no_person_member_reason": self.no_person_member_reason,
			**dates_of(self, "established_date", "closed_date"),
		}

	def next_step(self) -> dict | None:
		"""The group's next step and what it still needs, said before the step is refused; the established
		date the app fills in itself is not asked for (R3, R4, R6, R8)."""
		if self.status == st.GROUP_PROPOSED:
			step, status = _("Approve"), st.GROUP_APPROVED
		elif self.status == st.GROUP_APPROVED:
			step, status = _("Activate"), st.GROUP_ACTIVE
		else:
			return None
		values = {**self.rule_values(), "status": status}
		values["established_date"] = values["established_date"] or today()
		values["consent_checked"] = True
		needs = groups.group_problems(values, self.other_open_groups(), today())
		return {
			"status": self.status,
			"step": step,
			"needs": list(dict.fromkeys(format_problem(p) for p in needs)),
		}

	def validate(self):
		check_grants(self)
		sync_workflow_state(self)
		check_final_change(self, final.GROUP)
		self.record_appointment()
		if stored_final(self, final.GROUP):
			return  # closed (R16): nothing changes, nothing is computed again
		self.validate_consent_belongs_to_user()
		self.keep_child_coordinator()
		if self.status == st.GROUP_APPROVED and not self.established_date:
			self.established_date = today()
		self.set_next_review_due()
		problems = groups.group_problems(self.rule_values(), self.other_open_groups(), today())
		if is_history(self):
			problems = imports.history_problems(problems)
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
			self.keep_coordinator_member(before.coordinator)
			notify_coordinator_changed(self)
		elif before is not None and before.consent != self.consent and self.status != st.GROUP_CLOSED:
			self.keep_coordinator_member()  # R3: the coordinator joins once the consent covers their unit

	def appoint_coordinator(self, coordinator: str, reason: str | None = None):
		"""R2, R3: the responsible unit's leader appoints ``coordinator`` (the only road that changes the
		coordinator): recorded with who, when and why, the old coordinator's membership ended, KE and the
		members told. Returns the recorded appointment."""
		throw_problems(check_appointment(self, coordinator, reason))
		self.coordinator = coordinator
		self.flags.coordinator_appointment = appointment(coordinator, reason)
		try:
			self.save()
		finally:
			self.flags.coordinator_appointment = None  # one save, not any later one of this document
		return self.coordinator_appointments[-1]

	def record_appointment(self):
		"""R2: every coordinator the group gets is recorded: by the appointment, from the application, or
		set by an administrator (unless they recorded it themselves)."""
		before = None if self.is_new() else self.get_doc_before_save()
		previous = before.coordinator if before is not None else None
		if not self.coordinator or self.coordinator == previous:
			return
		rows, stored_rows = self.coordinator_appointments, before.coordinator_appointments if before else []
		if len(rows) > len(stored_rows) and rows[-1].coordinator == self.coordinator:
			return
		made = self.flags.coordinator_appointment or appointment(self.coordinator)
		self.append(
			"coordinator_appointments",
			{
				"coordinator": self.coordinator,
				"previous_coordinator": previous,
				"appointed_by": made.appointed_by,
				"appointed_on": made.appointed_on,
				"reason": made.reason,
				"ip_application": made.ip_application,
			},
		)

	def keep_coordinator_member(self, previous: str | None = None):
		"""R3: one coordinator member, always the group's coordinator: the old coordinator's memberships
		end, and the new coordinator's becomes the coordinator membership (or one is added)."""
		current = frappe.get_all(
			"Group Member",
			filters={"group": self.name, "status": ("!=", st.MEMBER_ENDED)},
			fields=["name", "user", "member_role", "status"],
		)
		ending, converting, adding = groups.coordinator_members_after_change(
			current, self.coordinator, previous
		)
		for name in ending:
			member = frappe.get_doc("Group Member", name)
			member.flags.ignore_permissions = True
			member.to_date = today()
			set_status(member, st.MEMBER_ENDED)
			member.db_set("to_date", today())
		if converting:
			frappe.db.set_value("Group Member", converting, "member_role", members.COORDINATOR)
		if adding and self.responsible_unit in covered_units(self.consent):  # R5: staff of covered units only
			member = frappe.get_doc(
				{
					"doctype": "Group Member",
					"group": self.name,
					"member_role": members.COORDINATOR,
					"user": self.coordinator,
					"service_unit": self.responsible_unit,
				}
			).insert(ignore_permissions=True)
			# the appointment by the unit's leader is the approval and says what the coordinator does for the
			# unit (R7): the coordinator is invited and gets the minutes from the start. Set as the rules
			# decide it, not as a user's transition: the leader who appoints is no member and reads no
			# membership, which Frappe's workflow check would ask of them.
			member.db_set(
				{
					"mandate_clarified": 1,
					"mandate_note": member.mandate_note or _("Coordinator appointed by the unit's leader."),
				}
			)
			set_status(member, st.MEMBER_APPROVED)

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

	def minutes_held(self) -> dict:
		"""What the group's rules read of its minutes, counted in one query."""
		counts = {}
		if not self.is_new():
			table = frappe.qb.DocType("Meeting Minutes")
			counts = {
				(meeting_type, status): count
				for meeting_type, status, count in frappe.qb.from_(table)
				.select(table.meeting_type, table.status, Count("*"))
				.where(table.group == self.name)
				.groupby(table.meeting_type, table.status)
				.run()
			}
		held = (st.MINUTES_DRAFT, *st.MINUTES_FINAL)
		return {
			"held_meetings": sum(
				count
				for (meeting_type, status), count in counts.items()
				if status in held and meeting_type is not None and meeting_type != minutes.PRE_MEETING
			),
			"pre_meeting_held": any(
				status in held and meeting_type == minutes.PRE_MEETING for meeting_type, status in counts
			),
			"closing_meeting_planned": any(
				meeting_type == minutes.CLOSING for meeting_type, _status in counts
			),
		}

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
