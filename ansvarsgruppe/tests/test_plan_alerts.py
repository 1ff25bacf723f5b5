"""R18's alerts, by time travel (the same mechanism as the other scheduled alerts): a measure still open
after its end date without an evaluation, told once to the person responsible and the coordinator; the
plan's revision date, told ahead to the coordinator and everyone responsible for a measure."""

from unittest.mock import patch

import frappe
from frappe.core.doctype.communication import communication
from frappe.email.doctype.notification.notification import trigger_daily_alerts
from frappe.utils import add_days

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tasks.plans import send_daily_plan_alerts
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_alerts import AlertTestCase, fmt


class TestPlanAlerts(AlertTestCase):
	def setUp(self):
		super().setUp()
		self.group = f.advance(self.town.group, st.GROUP_APPROVED)
		f.make_member(self.group.name, self.staff.teacher, self.staff.school)
		f.make_member(self.group.name, self.staff.nurse, self.staff.health)
		self.end = add_days(self.today, 10)

	def run_on(self, day):
		with self.on(day):
			trigger_daily_alerts()
			send_daily_plan_alerts()

	def make_plan(self, **extra):
		def measure(description, person, **values):
			return {
				"description": description,
				"responsible_person": person,
				"start_date": add_days(self.today, -30),
				"end_date": self.end,
				"status": "Ongoing",
				"evaluation_form": "Conversation",
				**values,
			}

		plan = frappe.get_doc(
			{
				"doctype": "Individual Plan",
				"group": self.group.name,
				"plan_from": add_days(self.today, -30),
				"plan_to": add_days(self.today, 335),
				"next_revision_date": add_days(self.today, 100),
				"goals": [{"goal": "Lese alderstilpasset tekst"}],
				"measures": [
					measure("Lesekurs", self.staff.teacher),
					measure("Helsesamtaler", self.staff.nurse),
					measure("Kartlegging", self.staff.teacher, status="Done"),
				],
				**extra,
			}
		).insert()
		plan.status = "Approved"
		plan.save()
		return plan

	def test_r18_measure_past_its_end_without_evaluation_alerts_the_responsible_and_coordinator_once(self):
		plan = self.make_plan()
		plan.append("evaluations", {"reference": "T2", "evaluation_date": self.today, "result": "Partly"})
		plan.save()
		self.run_on(self.end)
		self.assert_none(plan.name, "over sluttdato")
		# T2 was evaluated, but before its end: it is due as well, until it is evaluated again.
		day_after = add_days(self.end, 1)
		with self.on(day_after):
			plan.reload()
			plan.append("evaluations", {"reference": "T2", "evaluation_date": self.end, "result": "Achieved"})
			plan.save()
		self.run_on(day_after)
		self.run_on(add_days(self.end, 2))
		self.assert_sent_once(
			plan.name,
			f"Tiltak T1 i individuell plan {plan.name} er over sluttdato uten evaluering",
			{self.staff.teacher, self.staff.coordinator},
			text=(fmt(self.end)),
		)
		self.assert_none(plan.name, "Tiltak T2")
		self.assert_none(plan.name, "Tiltak T3")

	def test_r18_a_measures_alert_mails_about_its_plan_read_with_the_measures(self):
		"""The mail of an alert about a measure (a row of the plan) is about the plan: its Communication is
		given the plan read together with the run's measures, instead of reading it again for each mail."""
		plan = self.make_plan()
		given = []
		original = communication.get_parent_doc

		def get_parent_doc(doc):
			if doc.reference_name == plan.name:
				given.append(getattr(doc, "_parent_doc", None))
			return original(doc)

		with patch.object(communication, "get_parent_doc", get_parent_doc), self.on(add_days(self.end, 1)):
			send_daily_plan_alerts()
		self.assertTrue(given)
		self.assertNotIn(None, given)
		self.assertEqual({(p.doctype, p.name) for p in given}, {("Individual Plan", plan.name)})
		self.assert_sent_once(
			plan.name,
			f"Tiltak T1 i individuell plan {plan.name} er over sluttdato uten evaluering",
			{self.staff.teacher, self.staff.coordinator},
		)

	def test_r18_no_measure_alerts_for_a_closed_plan(self):
		plan = self.make_plan()
		plan.status = "Closed"
		plan.save()
		self.run_on(add_days(self.end, 1))
		self.assert_none(plan.name, "over sluttdato")

	def test_r18_revision_date_alerts_the_coordinator_and_the_responsible_30_days_ahead(self):
		plan = self.make_plan()
		revision = add_days(self.today, 100)
		self.assert_first_sent_on(
			add_days(revision, -30),
			"skal revideres",
			plan.name,
			f"Individuell plan {plan.name} skal revideres om 30 dager",
			{self.staff.coordinator, self.staff.teacher, self.staff.nurse},
			text=(fmt(revision)),
		)
