"""The app is really installed on this site: module, hooks, roles, settings, and rules inside Frappe."""

import frappe

from ansvarsgruppe.controllers.rules_bridge import throw_violation
from ansvarsgruppe.rules import RuleViolation, national_id
from ansvarsgruppe.tests import factories as f


class TestHarness(f.MunicipalityTestCase):
	language = None
	with_staff = False

	def test_module_is_registered_for_the_app(self):
		self.assertIn("ansvarsgruppe", frappe.get_installed_apps())
		self.assertEqual(frappe.db.get_value("Module Def", "Ansvarsgruppe", "app_name"), "ansvarsgruppe")

	def test_hooks_load(self):
		self.assertIn(
			"ansvarsgruppe.setup.install.after_install",
			frappe.get_hooks("after_install", app_name="ansvarsgruppe"),
		)

	def test_roles_and_settings_created_at_install(self):
		for role in ("Coordinating Unit", "Unit Leader", "Coordinator", "Group Participant"):
			self.assertEqual(frappe.db.get_value("Role", role, "desk_access"), 1, role)
		self.assertEqual(frappe.db.get_value("Role", "Family Portal User", "desk_access"), 0)
		settings = frappe.get_single("Ansvarsgruppe Settings")
		self.assertEqual(settings.consent_age_limit, 18)
		self.assertEqual(settings.minutes_deadline_days, 28)

	def test_r20_invalid_value_through_a_rule_raises_validation_error_in_norwegian(self):
		frappe.local.lang = "no"
		try:
			with self.assertRaises(frappe.ValidationError) as caught:
				try:
					national_id.parse("12345678901")
				except RuleViolation as violation:
					throw_violation(violation)
			self.assertIn("kontrollsiffer", str(caught.exception))
		finally:
			frappe.local.lang = "en"
