"""The guideline's alerts that nothing sent (R12, R15, R16, an IP applied for), by time travel: on the right
day, once, to the right people, never to a member whose access has ended (R5)."""

import frappe
from frappe.utils import add_days, add_months, getdate

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_alerts import KE_EMAIL, AlertTestCase, fmt


class TestR15MissedTransition(AlertTestCase):
	def add_transition(self, group, days_ahead, **extra):
		return f.add_transition(group, add_days(self.today, days_ahead), self.staff.teacher, **extra)

	def test_r15_a_missed_transition_is_told_the_day_after_once_to_the_responsible_and_the_coordinator(self):
		group = self.approve(self.town.group)
		f.make_member(group.name, self.staff.teacher, self.staff.school)
		row = self.add_transition(group, 5, started=1)
		self.assertEqual((row.stage, getdate(row.started_date)), ("Started", self.today))
		planned = getdate(row.planned_date)
		self.assert_first_sent_on(
			add_days(planned, 1),
			"ikke registrert som gjennomført",
			group.name,
			"ikke registrert som gjennomført",
			{self.staff.teacher, self.staff.coordinator},
			text=(fmt(planned),),
		)

	def test_r15_done_transitions_are_not_told_and_an_ended_member_is_not_told(self):
		group = self.approve(self.town.group)
		done = self.add_transition(group, 3, done=1)
		self.assertEqual((done.stage, getdate(done.done_date)), ("Done", self.today))
		self.run_on(add_days(done.planned_date, 1))
		self.assert_none(group.name, "ikke registrert som gjennomført")

		member = f.make_member(group.name, self.staff.teacher, self.staff.school)
		row = self.add_transition(frappe.get_doc("Responsibility Group", group.name), 4)
		f.advance(member, st.MEMBER_ENDED)  # R5: the teacher's access ended with the membership
		self.run_on(add_days(row.planned_date, 1))
		self.assert_sent_once(
			group.name,
			"ikke registrert som gjennomført",
			{self.staff.coordinator},
			not_to=(self.staff.teacher,),
		)


class TestIndividualPlanWhenAppliedFor(AlertTestCase):
	""" "Ansvarsgruppen har ansvar for at det utarbeides individuell plan dersom bruker har søkt om IP" (000)."""

	def test_the_coordinator_is_told_once_when_no_plan_is_approved_within_the_set_time(self):
		group = self.approve(self.town.group)
		group.db_set("has_individual_plan", 1)
		due = add_months(getdate(group.established_date), 3)
		self.run_on(due)
		self.assert_none(group.name, "ingen godkjent individuell plan")
		self.run_on(add_days(due, 1))
		self.run_on(add_days(due, 2))
		self.assert_sent_once(group.name, "ingen godkjent individuell plan", {self.staff.coordinator})

	def test_no_alert_with_an_approved_plan_or_without_an_application_for_one(self):
		group = self.approve(self.town.group)
		due = add_months(getdate(group.established_date), 3)
		self.run_on(add_days(due, 1))  # the group's application asked for a coordinator only
		self.assert_none(group.name, "ingen godkjent individuell plan")
		other = self.approve(f.Municipality(self.staff).group)
		other.db_set("has_individual_plan", 1)
		frappe.get_doc(
			{"doctype": "Individual Plan", "group": other.name, "own_goals": "Klare mer selv."}
		).insert(ignore_permissions=True).db_set("approved_on", self.today)
		self.run_on(add_days(due, 1))
		self.assert_none(other.name, "ingen godkjent individuell plan")


class TestR12ReminderFromTheSetting(AlertTestCase):
	def test_r12_with_a_14_day_deadline_the_reminder_comes_a_week_before_the_overdue_alert(self):
		settings = frappe.get_single("Ansvarsgruppe Settings")
		settings.minutes_deadline_days = 14
		settings.save()
		try:
			group = self.approve(self.town.group)
			minutes = f.make_minutes(group.name, days_ago=1)
			meeting = getdate(minutes.meeting_date)
			self.run_on(add_days(meeting, 7))
			self.assert_sent_once(
				minutes.name, "er ikke godkjent", {self.staff.coordinator}, text=("7 dager siden",)
			)
			self.assert_none(minutes.name, "Fristen for referat")
			self.run_on(add_days(meeting, 14))
			self.assert_sent_once(minutes.name, "Fristen for referat", {self.staff.coordinator})
		finally:
			settings.reload()
			settings.minutes_deadline_days = 28
			settings.save()
			frappe.db.commit()  # the daily run committed the 14 days


class TestR16KEAddress(AlertTestCase):
	def test_r16_ke_is_told_on_its_address_when_a_group_is_established_and_closed(self):
		group = self.approve(self.town.group)
		self.assert_sent_once(group.name, "er opprettet", {self.ke, KE_EMAIL}, exact=False)
		self.close(group)
		self.assert_sent_once(group.name, "er avsluttet", {self.ke, KE_EMAIL}, exact=False)
