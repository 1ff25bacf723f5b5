"""The child coordinator (barnekoordinator) (R2, R17): asked for on the application, also from the portal;
the law's conditions checked when KE decides, or KE says why not; the coordinator marked on the group, its
prints and KE's overview."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate
from frappe.utils.password import update_password
from frappe.website.doctype.web_form.web_form import accept

from ansvarsgruppe.ansvarsgruppe.report.responsibility_group_overview import (
	responsibility_group_overview as overview,
)
from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

PASSWORD = "Barnekoordinator-2026!"


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
		html = frappe.get_print("Meeting Minutes", minutes.name, "Møtereferat")
		self.assertIn("Koordinator: Kari Koordinator, barnekoordinator.", html)

	def test_r2_an_adult_or_unmet_conditions_get_an_ordinary_coordinator_with_the_reason(self):
		adult = f.make_service_user(age_years=25, relations=[f.guardian()])
		app = self.application(adult, serious_condition=1, long_term_varied_services=1)
		self.assertRefused("R2", lambda: self.decide(app))
		self.decide(app, child_coordinator_reason="Personen er voksen; vanlig koordinator.")
		group = self.appoint(app)
		self.assertEqual(group.child_coordinator, 0)
		minutes = f.make_minutes(group.name, days_ago=-7).name
		self.assertNotIn("barnekoordinator", frappe.get_print("Meeting Minutes", minutes, "Innkalling"))
		html = frappe.get_print("Meeting Minutes", minutes, "Møtereferat")
		self.assertIn("Koordinator: Kari Koordinator.", html)
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


class TestChildCoordinatorOverHttp(FrappeTestCase):
	"""Over HTTP against the served site: the family asks for a child coordinator through the portal's
	form and cannot set KE's assessment; another family cannot ask for their child; KE's overview shows the
	child coordinator to KE only. The data is committed (the web server reads it through its own
	connection)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		f.ensure_outgoing_email_account()
		with f.unthrottled_users():
			town = cls.town = f.Municipality()
			child = town.child
			child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
			child.save()
			cls.parent = invite(child.name, child.relations[0].name)
			other = f.make_service_user(
				relations=[f.parent("Per Annen", email=f"per.{frappe.generate_hash(length=6)}@example.no")]
			)
			cls.other_parent = invite(other.name, other.relations[0].name)
			for user in (cls.parent, cls.other_parent):
				update_password(user, PASSWORD)
		frappe.db.commit()

	def form(self, service_user: str) -> dict:
		return {
			"doctype": "IP Application",
			"service_user": service_user,
			"applied_for": "Coordinator",
			"needs_description": "Sykehus, skole og avlastning må samordnes.",
			"asks_child_coordinator": 1,
			"serious_condition": 1,
			"long_term_varied_services": 1,
			"child_coordinator_reason": "Satt av familien",
		}

	def submit(self, user: str, data: dict):
		return f.WebSession(user, PASSWORD).post(
			"/api/method/frappe.website.doctype.web_form.web_form.accept",
			web_form="soknad-om-ip",
			data=json.dumps(data),
		)

	def test_r2_the_family_asks_over_http_and_ke_decides(self):
		child = self.town.child.name
		before = count("IP Application", {"service_user": child})
		refused = self.submit(self.other_parent, self.form(child))
		self.assertEqual(refused.status_code, 403, refused.text[:300])
		self.assertEqual(count("IP Application", {"service_user": child}), before)
		response = self.submit(self.parent, self.form(child))
		self.assertEqual(response.status_code, 200, response.text[:300])
		name = response.json()["message"]["name"]
		frappe.db.rollback()
		app = frappe.db.get_value(
			"IP Application",
			name,
			[
				"asks_child_coordinator",
				"serious_condition",
				"long_term_varied_services",
				"child_coordinator_reason",
			],
			as_dict=True,
		)
		self.assertEqual(
			(app.asks_child_coordinator, app.serious_condition, app.long_term_varied_services), (1, 0, 0)
		)
		self.assertIsNone(app.child_coordinator_reason)


def count(doctype: str, filters=None) -> int:
	frappe.db.rollback()
	return frappe.db.count(doctype, filters)
