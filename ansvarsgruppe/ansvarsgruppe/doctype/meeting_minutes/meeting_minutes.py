import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from ansvarsgruppe.rules import minutes
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.utils import dates_of, get_settings, throw_problems, today, warn_problem
from ansvarsgruppe.workflow_status import sync_workflow_state


class MeetingMinutes(Document):
	# Frappe v15 fills every empty Time field with the current time when a document is inserted
	# (frappe.model.create_new.set_dynamic_default_values); a meeting's times are only what was entered,
	# so the invitation, the minutes (R11 part 3 and 7) and the calendar invitation never show a made-up time.
	TIMES_AS_ENTERED = ("start_time", "end_time", "next_meeting_time")

	def _set_defaults(self):
		empty = [field for field in self.TIMES_AS_ENTERED if not self.get(field)] if self.is_new() else []
		super()._set_defaults()
		for field in empty:
			self.set(field, None)

	def before_insert(self):
		if not self.participants:
			self.prefill_participants()
		if not self.agenda:
			self.prefill_agenda()

	def validate(self):
		sync_workflow_state(self)
		group_status = frappe.db.get_value("Responsibility Group", self.group, "status")
		if group_status == st.GROUP_CLOSED and self.is_new():
			frappe.throw(_("A closed group cannot hold new meetings."), frappe.ValidationError)
		self.set_previous_minutes()
		self.minutes_due_date = minutes.due_date(
			getdate(self.meeting_date), int(get_settings().minutes_deadline_days or 28)
		)
		values = self.as_rule_values()
		problems = minutes.date_problems(values)
		if minutes.is_final(self.status):
			problems += minutes.approval_problems(values, self.pre_meeting_held())
			self.approved_by = self.approved_by or frappe.session.user
			self.approved_on = self.approved_on or today()
		throw_problems(problems)
		for hint in minutes.excluded_topic_hints([item.title for item in self.agenda]):
			warn_problem(
				minutes.Problem(
					"R10",
					"'{item}' looks like a topic that does not belong in the group (see the guidance).",
					{"item": hint},
				)
			)

	def on_update(self):
		self.update_group()
		if self.status == st.MINUTES_APPROVED and self.has_value_changed("status"):
			# R11 part 9: the approved minutes go to exactly the distribution list (issue #5).
			from ansvarsgruppe.meeting_mail import send_approved_minutes

			send_approved_minutes(self)

	@frappe.whitelist()
	def send_invitation(self):
		"""The form's "Send innkalling": the Innkalling PDF and a calendar invitation to every invitee (R9)."""
		from ansvarsgruppe.meeting_mail import send_invitation

		self.check_permission("write")
		return send_invitation(self)

	def as_rule_values(self) -> dict:
		return {
			"meeting_type": self.meeting_type,
			"status": self.status,
			"start_time": self.start_time,
			"participants": [{"attendance": p.attendance} for p in self.participants],
			"agenda": [{"title": a.title, "discussion": a.discussion} for a in self.agenda],
			"previous_minutes_exist": bool(self.previous_minutes),
			"previous_minutes_approved": bool(self.previous_minutes_approved),
			"conclusion": self.conclusion,
			"distribution": [d.recipient_name for d in self.distribution],
			"actions": [{"description": a.description, **dates_of(a, "due_date")} for a in self.actions],
			**dates_of(self, "meeting_date", "next_meeting_date"),
		}

	def prefill_agenda(self):
		"""R9: the standing agenda, with the time-boxed status round."""
		for title in minutes.standing_agenda(self.meeting_type):
			allotted = None
			if title.startswith("Status"):
				allotted = minutes.STATUS_ROUND_MINUTES * max(1, len(self.participants))
			self.append("agenda", {"title": title, "minutes_allotted": allotted})

	def prefill_participants(self):
		"""Invite the group's current members; a pre-meeting is for the municipal representatives (R8)."""
		filters = {"group": self.group, "status": ("in", (st.MEMBER_APPROVED, st.MEMBER_ACTIVE))}
		if self.meeting_type == minutes.PRE_MEETING:
			filters["member_role"] = ("in", ("Coordinator", "Professional"))
		for member in frappe.get_all(
			"Group Member",
			filters=filters,
			fields=["name", "full_name", "user", "service_unit", "email"],
			order_by="creation",
		):
			self.append(
				"participants",
				{
					"participant_name": member.full_name,
					"group_member": member.name,
					"user": member.user,
					"service_unit": member.service_unit,
					"email": member.email,
				},
			)

	def set_previous_minutes(self):
		if self.meeting_type == minutes.PRE_MEETING:
			self.previous_minutes = None
			return
		self.previous_minutes = frappe.db.get_value(
			"Meeting Minutes",
			{
				"group": self.group,
				"name": ("!=", self.name or ""),
				"meeting_type": ("!=", minutes.PRE_MEETING),
				"meeting_date": ("<", self.meeting_date),
			},
			"name",
			order_by="meeting_date desc",
		)

	def pre_meeting_held(self) -> bool:
		"""R8: a pre-meeting of the group on or before this meeting's date."""
		return bool(
			frappe.db.exists(
				"Meeting Minutes",
				{
					"group": self.group,
					"meeting_type": minutes.PRE_MEETING,
					"meeting_date": ("<=", self.meeting_date),
					"name": ("!=", self.name or ""),
				},
			)
		)

	def update_group(self):
		group = frappe.get_doc("Responsibility Group", self.group)
		changed = False
		if self.meeting_type == minutes.ANNUAL_REVIEW and minutes.is_final(self.status):
			# R13: approving an annual review restarts the review interval.
			meeting_date = getdate(self.meeting_date)
			if not group.last_annual_review or getdate(group.last_annual_review) < meeting_date:
				group.last_annual_review = meeting_date
				changed = True
		next_meeting = self.next_group_meeting()
		if next_meeting != (getdate(group.next_meeting_date) if group.next_meeting_date else None):
			group.next_meeting_date = next_meeting
			changed = True
		if changed:
			group.set_next_review_due()
			group.db_update()

	def next_group_meeting(self):
		"""The earliest meeting still to come, called or agreed in approved minutes."""
		upcoming = frappe.get_all(
			"Meeting Minutes",
			filters={"group": self.group, "meeting_date": (">=", today())},
			pluck="meeting_date",
		)
		agreed = frappe.get_all(
			"Meeting Minutes",
			filters={
				"group": self.group,
				"next_meeting_date": (">=", today()),
				"status": ("in", st.MINUTES_FINAL),
			},
			pluck="next_meeting_date",
		)
		dates = [getdate(d) for d in upcoming + agreed if d]
		return min(dates) if dates else None
