import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_fullname, getdate

from ansvarsgruppe.ansvarsgruppe.doctype.meeting_minutes import family_voice, meeting_mail
from ansvarsgruppe.audit.access_log import AuditedRecord
from ansvarsgruppe.controllers.rules_bridge import (
	check_final_change,
	check_final_delete,
	dates_of,
	format_problem,
	get_settings,
	mark_closed_group,
	mark_correctable,
	stored_final,
	throw_problems,
	today,
	warn_problem,
)
from ansvarsgruppe.controllers.workflow_status import sync_workflow_state
from ansvarsgruppe.overrides.data_import import HistoryRecord, is_history
from ansvarsgruppe.permissions.grants import check_grants
from ansvarsgruppe.permissions.records import has_unrestricted_access
from ansvarsgruppe.rules import final, minutes, plans
from ansvarsgruppe.rules import members as members_rules
from ansvarsgruppe.rules import status as st


def pre_meeting_required(group: str) -> bool:
	"""R8: the routine's pre-meeting (000) gates the group's meetings unless the municipality turned it off
	or the group records why it meets without one."""
	reason = frappe.db.get_value("Responsibility Group", group, "no_pre_meeting_reason")
	return minutes.pre_meeting_required(get_settings().require_pre_meeting, reason)


class MeetingMinutes(HistoryRecord, AuditedRecord, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ansvarsgruppe.ansvarsgruppe.doctype.meeting_action.meeting_action import MeetingAction
		from ansvarsgruppe.ansvarsgruppe.doctype.meeting_agenda_item.meeting_agenda_item import (
			MeetingAgendaItem,
		)
		from ansvarsgruppe.ansvarsgruppe.doctype.meeting_measure_update.meeting_measure_update import (
			MeetingMeasureUpdate,
		)
		from ansvarsgruppe.ansvarsgruppe.doctype.meeting_participant.meeting_participant import (
			MeetingParticipant,
		)
		from ansvarsgruppe.ansvarsgruppe.doctype.minutes_distribution.minutes_distribution import (
			MinutesDistribution,
		)

		actions: DF.Table[MeetingAction]
		agenda: DF.Table[MeetingAgendaItem]
		approved_by: DF.Link | None
		approved_on: DF.Date | None
		called_outside_by: DF.Link | None
		called_outside_how: DF.Literal["", "Phone", "Letter", "E-mail Outside the App", "In Person"]
		called_outside_on: DF.Date | None
		conclusion: DF.Text | None
		coordinator: DF.Link | None
		distribution: DF.Table[MinutesDistribution]
		end_time: DF.Time | None
		group: DF.Link
		individual_plan: DF.Link | None
		invitation_sent_on: DF.Datetime | None
		measure_updates: DF.Table[MeetingMeasureUpdate]
		meeting_date: DF.Date
		meeting_type: DF.Literal["Pre-meeting", "Ordinary", "Annual Review", "Closing"]
		minute_taker: DF.Link | None
		minutes_due_date: DF.Date | None
		next_meeting_date: DF.Date | None
		next_meeting_time: DF.Time | None
		next_meeting_topic: DF.Data | None
		next_minute_taker: DF.Link | None
		next_plan_revision: DF.Date | None
		participants: DF.Table[MeetingParticipant]
		place: DF.Data | None
		plan_result: DF.Literal["", "Achieved", "Partly", "Not achieved", "Changed"]
		previous_minutes: DF.Link | None
		previous_minutes_approved: DF.Check
		previous_minutes_comments: DF.SmallText | None
		service_user_name: DF.Data | None
		start_time: DF.Time | None
		status: DF.Literal["Invited", "Draft", "Approved", "Distributed"]
	# end: auto-generated types
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
		self.prefill_agreed_next_meeting()
		if not self.participants:
			self.prefill_participants()
		if not self.agenda:
			self.prefill_agenda()
		self.set_individual_plan()
		if not self.measure_updates:
			self.prefill_measure_updates()

	def onload(self):
		mark_closed_group(self)
		mark_correctable(self)
		self.set_onload("minute_taker_choices", self.minute_taker_choices())
		# an invitee reads the call without taking any step: no step is offered that would be refused
		self.set_onload("may_change", bool(frappe.has_permission(self.doctype, "write", doc=self)))
		self.set_onload("next_step", self.next_step())
		if self.status == st.MINUTES_DRAFT and not self.distribution:
			self.set_onload("distribution_suggestion", self.distribution_suggestion())

		self.set_onload("family_voice", family_voice.family_voice(self.name))

	def distribution_suggestion(self) -> list[dict]:
		"""R11 part 9: who the minutes go to, as the app knows it: the coordinator and the group's members
		invited to the meeting (the mail still goes only to those the consent covers)."""
		coordinator = frappe.db.get_value("Responsibility Group", self.group, "coordinator")
		rows = []
		if coordinator:
			email = frappe.db.get_value("User", coordinator, "email")
			rows.append({"recipient_name": get_fullname(coordinator), "email": email, "user": coordinator})
		for participant in self.participants:
			if not participant.group_member or (participant.user and participant.user == coordinator):
				continue
			email = participant.email or (
				frappe.db.get_value("User", participant.user, "email") if participant.user else None
			)
			if email:
				rows.append(
					{"recipient_name": participant.participant_name, "email": email, "user": participant.user}
				)
		return rows

	def next_step(self) -> dict | None:
		"""The minutes' next step and what it still needs, said before the step is refused."""
		if self.status == st.MINUTES_INVITED:
			needs = minutes.draft_problems(bool(self.invitation_sent_on))
			needs += minutes.call_problems(self.meeting_type, self.pre_meeting_held())
			needs += minutes.pre_meeting_problems(
				{**self.as_rule_values(), "participants": self.participants_with_origin(), "status": "Draft"},
				frappe.db.get_value("Responsibility Group", self.group, "mandate"),
			)
			step = _("Write Minutes")
		elif self.status == st.MINUTES_DRAFT:
			needs = minutes.approval_problems(self.as_rule_values(), self.pre_meeting_held(), today())
			needs += minutes.pre_meeting_problems(
				{
					**self.as_rule_values(),
					"participants": self.participants_with_origin(),
					"status": "Approved",
				},
				frappe.db.get_value("Responsibility Group", self.group, "mandate"),
			)
			step = _("Approve")
		else:
			return None
		return {
			"status": self.status,
			"step": step,
			"needs": list(dict.fromkeys(format_problem(p) for p in needs)),
		}

	def minute_taker_choices(self) -> list[str]:
		"""Who may write the minutes: the coordinator and the group's members with a log-in."""
		coordinator = frappe.db.get_value("Responsibility Group", self.group, "coordinator")
		members = frappe.get_all(
			"Group Member",
			filters={
				"group": self.group,
				"status": ("in", (st.MEMBER_APPROVED, st.MEMBER_ACTIVE)),
				"user": ("is", "set"),
			},
			pluck="user",
			order_by="creation",
		)
		return list(dict.fromkeys([user for user in (coordinator, *members) if user]))

	def validate(self):
		check_grants(self)
		sync_workflow_state(self)
		check_final_change(self, final.MINUTES)
		if stored_final(self, final.MINUTES):
			return  # as approved (R11): only distributing remains, and nothing is computed again
		group = frappe.db.get_value(
			"Responsibility Group", self.group, ["status", "mandate", "consent"], as_dict=True
		)
		if group.status == st.GROUP_CLOSED and self.is_new():
			frappe.throw(_("A closed group cannot hold new meetings."), frappe.ValidationError)
		self.consent_reservations = (
			frappe.db.get_value("Consent", group.consent, "reservations") if group.consent else None
		)
		self.set_previous_minutes()
		self.set_previous_minutes_result()
		deadline_days = int(get_settings().minutes_deadline_days or 28)
		self.minutes_due_date = minutes.due_date(getdate(self.meeting_date), deadline_days)
		self.approval_reminder_date = minutes.reminder_date(getdate(self.meeting_date), deadline_days)
		if not minutes.is_final(self.status):
			self.set_individual_plan()
			if not self.measure_updates:
				self.prefill_measure_updates()
			if not self.is_new() and self.has_value_changed("meeting_type"):
				self.add_missing_standing_items()
		if self.moves_to(st.MINUTES_DRAFT) and not self.distribution:
			# R11 part 9: the writer starts from the distribution list the app knows
			for row in self.distribution_suggestion():
				self.append("distribution", row)
		values = self.as_rule_values()
		problems = minutes.date_problems(values)
		if is_history(self):
			# earlier minutes brought in as history: their dates hold, the order of live work does not
			self.approved_on = self.approved_on or (
				self.meeting_date if minutes.is_final(self.status) else None
			)
			throw_problems(problems)
			return
		problems += minutes.agenda_problems(
			self.meeting_type, values["agenda"], bool(get_settings().standing_items_removable)
		)
		problems += minutes.previous_minutes_problems(values)
		problems += minutes.distribution_problems(values["distribution"])
		problems += minutes.pre_meeting_problems(
			{**values, "participants": self.participants_with_origin()}, group.mandate
		)
		outside_call = {
			"called_outside_on": getdate(self.called_outside_on) if self.called_outside_on else None,
			"called_outside_how": self.called_outside_how,
			"called_outside_by": self.called_outside_by,
		}
		problems += minutes.outside_call_problems(outside_call, today())
		if self.is_new() or self.moves_to(st.MINUTES_DRAFT):
			problems += minutes.call_problems(
				self.meeting_type, self.pre_meeting_held(), pre_meeting_required(self.group)
			)
		if self.moves_to(st.MINUTES_DRAFT):
			problems += minutes.draft_problems(
				bool(self.invitation_sent_on), minutes.called_outside(outside_call)
			)
		if minutes.is_final(self.status):
			problems += minutes.approval_problems(
				values, self.pre_meeting_held(), today(), pre_meeting_required(self.group)
			)
			problems += self.plan_problems()
			self.approved_by = self.approved_by or frappe.session.user
			self.approved_on = self.approved_on or today()
		throw_problems(problems)
		for hint in minutes.excluded_topic_hints(self.texts_to_check()):
			warn_problem(
				minutes.Problem(
					"R10",
					"'{item}' looks like a topic that does not belong in the group (see the guidance).",
					{"item": hint},
				)
			)

	def moves_to(self, status: str) -> bool:
		before = None if self.is_new() else self.get_doc_before_save()
		return self.status == status and before is not None and before.status != status

	def texts_to_check(self) -> list[str]:
		"""R10: the agenda items, their discussions and conclusions, and the meeting's conclusion."""
		texts = []
		for item in self.agenda:
			texts += [item.title, item.discussion, item.conclusion]
		return [*texts, self.conclusion]

	def set_previous_minutes_result(self):
		"""R11 part 4: approved, approved with comments or not approved; the check box follows."""
		if not self.previous_minutes:
			self.previous_minutes_result = None
			self.previous_minutes_approved = 0
			return
		self.previous_minutes_result = minutes.previous_minutes_result(
			self.previous_minutes_result, self.previous_minutes_approved
		)
		self.previous_minutes_approved = int(
			self.previous_minutes_result in (minutes.PREVIOUS_APPROVED, minutes.PREVIOUS_WITH_COMMENTS)
		)

	def add_missing_standing_items(self):
		"""R9: a meeting whose type changed gets that type's standing items (an evaluation, a closing)."""
		titles = [item.title for item in self.agenda]
		for position, title in enumerate(minutes.standing_agenda(self.meeting_type)):
			if title not in titles:
				row = self.append("agenda", {"title": title})
				self.agenda.remove(row)
				self.agenda.insert(min(position, len(self.agenda)), row)
				titles.insert(min(position, len(titles)), title)
		for idx, row in enumerate(self.agenda, 1):
			row.idx = idx

	def participants_with_origin(self) -> list[dict]:
		"""R8: each participant with whether they represent one of the municipality's own units."""
		units = {p.service_unit for p in self.participants if p.service_unit}
		internal = set(
			frappe.get_all(
				"Service Unit",
				filters={"name": ("in", sorted(units)), "agency_type": "Internal"},
				pluck="name",
			)
			if units
			else []
		)
		family_members = set(
			frappe.get_all(
				"Group Member",
				filters={
					"name": ("in", [p.group_member for p in self.participants if p.group_member] or [""]),
					"member_role": ("not in", members_rules.PROFESSIONAL_ROLES),
				},
				pluck="name",
			)
		)
		return [
			{
				"participant_name": p.participant_name,
				"attendance": p.attendance,
				"municipal": p.service_unit in internal and p.group_member not in family_members,
			}
			for p in self.participants
		]

	def on_trash(self):
		check_final_delete(self, final.MINUTES)

	def on_update(self):
		self.update_group()
		if is_history(self):
			return  # approved long ago: the plan and the distribution list had them then
		if self.status == st.MINUTES_APPROVED and self.has_value_changed("status"):
			self.update_plan()
			# R11 part 9: the approved minutes go to exactly the distribution list.
			meeting_mail.send_approved_minutes(self)

	@frappe.whitelist()
	def send_invitation(self):
		"""The form's "Send innkalling": the Innkalling PDF and a calendar invitation to every invitee (R9)."""
		minutes = self.stored_for_coordinator()
		throw_problems(minutes.call_problems_now())
		return meeting_mail.send_invitation(minutes)

	@frappe.whitelist()
	def answer_proposal(self, proposal: str, decision: str, answer: str | None = None):
		"""The form's answer to a proposal from the family (R24): taken into the agenda, or why not."""
		return family_voice.answer_proposal(self.name, proposal, decision, answer)

	def call_problems_now(self) -> list:
		"""R8: no invitation to the group's meetings before the pre-meeting was held."""
		return minutes.call_problems(
			self.meeting_type, self.pre_meeting_held(), pre_meeting_required(self.group)
		)

	def stored_for_coordinator(self):
		"""The minutes as stored (never the client's copy), for an action that is the coordinator's."""
		if not self.name or not frappe.db.exists("Meeting Minutes", self.name):
			frappe.throw(_("Save the minutes first."), frappe.ValidationError)
		minutes = frappe.get_doc("Meeting Minutes", self.name)
		minutes.check_permission("read")
		coordinator = frappe.db.get_value("Responsibility Group", minutes.group, "coordinator")
		if frappe.session.user != coordinator and not has_unrestricted_access(frappe.session.user):
			frappe.throw(_("Only the group's coordinator sends the invitation."), frappe.PermissionError)
		return minutes

	def as_rule_values(self) -> dict:
		return {
			"meeting_type": self.meeting_type,
			"status": self.status,
			"start_time": self.start_time,
			"participants": [{"attendance": p.attendance} for p in self.participants],
			"agenda": [
				{
					"title": a.title,
					"discussion": a.discussion,
					"not_applicable": a.not_applicable,
					"not_applicable_reason": a.not_applicable_reason,
				}
				for a in self.agenda
			],
			"previous_minutes_exist": bool(self.previous_minutes),
			"previous_minutes_approved": bool(self.previous_minutes_approved),
			"previous_minutes_result": self.previous_minutes_result,
			"previous_minutes_comments": self.previous_minutes_comments,
			"guidelines_reviewed": bool(self.guidelines_reviewed),
			"mandate_reviewed": bool(self.mandate_reviewed),
			"conclusion": self.conclusion,
			"distribution": [
				{"recipient_name": d.recipient_name, "email": d.email, "user": d.user}
				for d in self.distribution
			],
			"actions": [{"description": a.description, **dates_of(a, "due_date")} for a in self.actions],
			**dates_of(self, "meeting_date", "next_meeting_date"),
		}

	def prefill_agreed_next_meeting(self):
		"""R11 parts 7 and 8: the date, time and minute-taker the group's last approved minutes agreed."""
		previous = frappe.get_all(
			"Meeting Minutes",
			filters={"group": self.group, "status": ("in", st.MINUTES_FINAL)},
			fields=["next_meeting_date", "next_meeting_time", "next_minute_taker"],
			order_by="meeting_date desc",
			limit=1,
		)
		new = {
			"meeting_date": getdate(self.meeting_date) if self.meeting_date else None,
			"start_time": self.start_time,
			"minute_taker": self.minute_taker,
		}
		if previous and previous[0].next_meeting_date:
			previous[0].next_meeting_date = getdate(previous[0].next_meeting_date)
		self.update(minutes.agreed_for_next_meeting(previous[0] if previous else None, new))

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
			filters["member_role"] = ("in", members_rules.PROFESSIONAL_ROLES)
			filters["service_unit"] = (
				"in",
				frappe.get_all("Service Unit", filters={"agency_type": "Internal"}, pluck="name") or [""],
			)
		for member in frappe.get_all(
			"Group Member",
			filters=filters,
			fields=["name", "full_name", "user", "service_unit", "email", "mandate_note"],
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
					"mandate": member.mandate_note,
				},
			)

	# The individual plan in the meeting (R9, R13, R18) ------------------------------------------------

	def set_individual_plan(self):
		"""The group's open plan, whose measures the status round goes through."""
		if not self.individual_plan and self.meeting_type != minutes.PRE_MEETING:
			self.individual_plan = frappe.db.get_value(
				"Individual Plan", {"group": self.group, "status": ("!=", st.PLAN_CLOSED)}, "name"
			)

	def prefill_measure_updates(self):
		"""R9: the status round is prefilled with the plan's open measures, each participant's together,
		in the order of the participant list (the invitation lists them the same way)."""
		if not self.individual_plan:
			return
		measures = frappe.get_all(
			"Plan Measure",
			filters={"parent": self.individual_plan, "parenttype": "Individual Plan"},
			fields=["measure_id", "goal_id", "description", "responsible_person", "end_date", "status"],
			order_by="idx",
		)
		participants = [{"user": p.user, "name": p.participant_name} for p in self.participants]
		for turn in plans.status_round(participants, measures):
			for measure in turn["measures"]:
				self.append(
					"measure_updates",
					{
						"measure_id": measure.measure_id,
						"goal_id": measure.goal_id,
						"description": measure.description,
						"responsible_person": measure.responsible_person,
						"responsible_name": get_fullname(measure.responsible_person),
						"end_date": measure.end_date,
						"status_before": measure.status,
					},
				)

	def plan_updates(self, start_dates: dict | None = None) -> list[dict]:
		start_dates = start_dates or {}
		return [
			{
				"measure_id": row.measure_id,
				"start_date": start_dates.get(row.measure_id),
				"progress": row.progress,
				"new_status": row.new_status,
				"add_evaluation": row.add_evaluation,
				"result": row.result,
				**dates_of(row, "new_end_date", "next_evaluation_date"),
			}
			for row in self.measure_updates
		]

	def plan_problems(self) -> list:
		"""Checked before approval, so that approved minutes always fit into the plan."""
		if not self.individual_plan:
			return []
		start_dates = {
			row.measure_id: getdate(row.start_date) if row.start_date else None
			for row in frappe.get_all(
				"Plan Measure",
				filters={"parent": self.individual_plan, "parenttype": "Individual Plan"},
				fields=["measure_id", "start_date"],
			)
		}
		meeting_date = getdate(self.meeting_date) if self.meeting_date else None
		updates = self.plan_updates(start_dates)
		_changes, _evaluations, missing = plans.plan_changes_from_minutes(
			{measure_id: {} for measure_id in start_dates}, updates, meeting_date, ""
		)
		return [
			*missing,
			*plans.measure_update_problems(updates, meeting_date),
			*plans.annual_review_problems(
				self.meeting_type == minutes.ANNUAL_REVIEW,
				True,
				self.plan_result,
				getdate(self.next_plan_revision) if self.next_plan_revision else None,
				meeting_date,
			),
		]

	def update_plan(self):
		"""R18: approved minutes carry the status round into the plan: each measure's new status, end date
		and next evaluation, the evaluations the group agreed, and, after an annual review (R13), the
		evaluation of the whole plan and the date of its next revision. The minutes' approval is the
		group's decision, so the plan is written whoever approves them."""
		if not self.individual_plan:
			return
		plan = frappe.get_doc("Individual Plan", self.individual_plan)
		if plan.status == st.PLAN_CLOSED:
			return
		meeting_date = getdate(self.meeting_date)
		present = [p.participant_name for p in self.participants if p.attendance == "Present"]
		participants = ", ".join(present or [p.participant_name for p in self.participants])
		current = {
			m.measure_id: {
				"status": m.status,
				"end_date": getdate(m.end_date) if m.end_date else None,
				"next_evaluation_date": getdate(m.next_evaluation_date) if m.next_evaluation_date else None,
			}
			for m in plan.measures
		}
		changes, evaluations, problems = plans.plan_changes_from_minutes(
			current, self.plan_updates(), meeting_date, participants
		)
		throw_problems(problems)
		superseded = self._superseded_version()
		if superseded:
			setting = {
				row.measure_id: {
					f for f, v in (("status", row.new_status), ("end_date", row.new_end_date)) if v
				}
				for row in self.measure_updates
			}
			for measure_id, values in plans.restored_measures(
				self._superseded_rows(superseded), setting, current
			).items():
				changes[measure_id] = {**values, **changes.get(measure_id, {})}
		for measure in plan.measures:
			measure.update(changes.get(measure.measure_id, {}))
		if self.meeting_type == minutes.ANNUAL_REVIEW:
			plan.next_revision_date = self.next_plan_revision
			evaluations.append(
				{
					"reference": plans.WHOLE_PLAN,
					"evaluation_date": meeting_date,
					"participants": participants,
					"result": self.plan_result,
					"notes": self.conclusion or "",
					"next_evaluation_date": self.next_plan_revision,
				}
			)
		written = [e.as_dict() for e in plan.evaluations if superseded and e.meeting_minutes == superseded]
		updates, removed, evaluations = plans.replace_evaluations(written, evaluations)
		for row in plan.evaluations:
			if row.name in updates:
				row.update({**updates[row.name], "meeting_minutes": self.name})
		plan.set("evaluations", [row for row in plan.evaluations if row.name not in removed])
		plan.flags.replaced_rows = {"evaluations": [row["name"] for row in written]}
		for evaluation in evaluations:
			plan.append("evaluations", {**evaluation, "meeting_minutes": self.name})
		if not (changes or evaluations or written):
			return
		plan.flags.ignore_permissions = True
		plan.save()
		plan.add_comment("Info", _("Updated from the approved minutes {0}.").format(self.name))

	def _superseded_version(self) -> str | None:
		"""The approved minutes this version supersedes (R11), whose writing into the plan it replaces."""
		return frappe.db.get_value(
			"Record Correction", {"new_version": self.name, "reference_doctype": self.doctype}, "superseded"
		)

	def _superseded_rows(self, superseded: str) -> list[dict]:
		return frappe.get_all(
			"Meeting Measure Update",
			filters={"parent": superseded, "parenttype": self.doctype},
			fields=["measure_id", "new_status", "status_before", "new_end_date", "end_date"],
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
		"""R8: a pre-meeting of the group on or before this meeting's date, held: its minutes at least
		drafted, with attendance."""
		held = frappe.get_all(
			"Meeting Minutes",
			filters={
				"group": self.group,
				"meeting_type": minutes.PRE_MEETING,
				"meeting_date": ("<=", self.meeting_date),
				"status": ("in", (st.MINUTES_DRAFT, *st.MINUTES_FINAL)),
				"name": ("!=", self.name or ""),
			},
			pluck="name",
		)
		return bool(
			held
			and frappe.db.exists(
				"Meeting Participant",
				{"parenttype": "Meeting Minutes", "parent": ("in", held), "attendance": minutes.PRESENT},
			)
		)

	def update_group(self):
		group = frappe.get_doc("Responsibility Group", self.group)
		if group.status == st.GROUP_CLOSED:
			return  # a closed group stays as it was closed (R16)
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
