"""The child coordinator (barnekoordinator) (R2, R17): asked for on the application, also from the portal;
the law's conditions checked when KE decides, or KE says why not; the coordinator marked on the group, its
prints and KE's overview."""

import json

import frappe
from frappe.utils import getdate
from frappe.website.doctype.web_form.web_form import accept

from ansvarsgruppe.ansvarsgruppe.report.responsibility_group_overview import (
	responsibility_group_overview as overview,
)
from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


class TestChildCoordinator(f.MunicipalityTestCase):
	with_town = True
	sends_email = True
	school_led = True

	def application(self, child, **extra):
		return f.new_application(
			child, "Relation", child.relations[0].name, asks_child_coordinator=1, **extra
		).insert()

	def decide(self, app, **values):
		app.reload()
		app.update(
			{
				"status": st.APPLICATION_DECIDED,
				"responsible_unit": self.staff.school,
				"decision_date": getdate(),
				**values,
			}
		)
		app.save()
		return app

	def appoint(self, app):
		app = f.decided_for_appointment(app, self.staff.school, self.staff.coordinator)
		app.consent = f.make_consent(app.service_user, [self.staff.school]).name
		with self.set_user(self.leader):
			app.save(ignore_permissions=True)
		return frappe.get_doc("Responsibility Group", app.responsibility_group)

	def test_r2_ke_checks_the_laws_conditions_and_the_group_is_marked(self):
		child = f.make_service_user(age_years=7, relations=[f.parent()])
		app = self.application(child)
		self.assertRefused("R2", lambda: self.decide(app, serious_condition=1))
		self.assertEqual(frappe.db.get_value("IP Application", app.name, "status"), st.APPLICATION_RECEIVED)
		self.decide(app, serious_condition=1, long_term_varied_services=1)
		group = self.appoint(app)
		self.assertEqual(group.child_coordinator, 1)

		# the form cannot make or unmake it
		group.child_coordinator = 0
		group.save()
		self.assertEqual(frappe.db.get_value("Responsibility Group", group.name, "child_coordinator"), 1)

		row = {r.name: r for r in overview.execute({"status": "All"})[1]}[group.name]
		self.assertEqual(row.child_coordinator, 1)
		summary = {item["label"]: item["value"] for item in overview.execute({"status": "All"})[4]}
		self.assertGreaterEqual(summary["Barnekoordinatorer"], 1)

		minutes = f.make_minutes(group.name, days_ago=-7)
		html = frappe.get_print("Meeting Minutes", minutes.name, "Innkalling")
		self.assertIn("barnekoordinator", html)

	def test_r2_an_adult_or_unmet_conditions_get_an_ordinary_coordinator_with_the_reason(self):
		adult = f.make_service_user(age_years=25, relations=[f.guardian()])
		app = self.application(adult, serious_condition=1, long_term_varied_services=1)
		self.assertRefused("R2", lambda: self.decide(app))
		self.decide(app, child_coordinator_reason="Personen er voksen; vanlig koordinator.")
		group = self.appoint(app)
		self.assertEqual(group.child_coordinator, 0)
		html = frappe.get_print("Meeting Minutes", f.make_minutes(group.name, days_ago=-7).name, "Innkalling")
		self.assertNotIn("barnekoordinator", html)

	def test_r2_the_family_asks_from_the_portal_and_cannot_decide_for_ke(self):
		child = self.town.child
		child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
		child.save()
		with self.set_user(self.staff.coordinator):
			parent = invite(child.name, child.relations[0].name)
		with self.set_user(parent):
			data = {
				"doctype": "IP Application",
				"service_user": child.name,
				"applied_for": "Coordinator",
				"needs_description": "Vi trenger én som samordner sykehus, skole og avlastning.",
				"asks_child_coordinator": 1,
				"serious_condition": 1,
				"long_term_varied_services": 1,
				"child_coordinator_reason": "Satt av familien",
			}
			doc = accept("soknad-om-ip", json.dumps(data))
		app = frappe.get_doc("IP Application", doc.name)
		self.assertEqual(app.asks_child_coordinator, 1)
		self.assertEqual(
			(app.serious_condition, app.long_term_varied_services, app.child_coordinator_reason), (0, 0, None)
		)
