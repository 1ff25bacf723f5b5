"""The daily clean-up of first-time applicants' accounts: one that logged in with ID-porten and never applied
is removed after the settings' days (default 30); one that applied, acts for someone, or logged in lately
stays, and so does every other account. Run again, it changes nothing."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from ansvarsgruppe.portal import first_time
from ansvarsgruppe.portal.people import ensure_portal_user
from ansvarsgruppe.tasks.unused_accounts import remove_unused_first_time_accounts
from ansvarsgruppe.tests import factories as f


def placeholder(days_old: int, email: str | None = None) -> str:
	email = email or f"soker-{frappe.generate_hash(length=20)}@{first_time.DOMAIN}"
	user = ensure_portal_user(email, "Ny Søker").name
	frappe.db.set_value("User", user, "creation", add_days(now_datetime(), -days_old), update_modified=False)
	return user


class TestUnusedFirstTimeAccounts(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		# accounts left by other tests' log-ins are not this test's
		frappe.db.set_value("Ansvarsgruppe Settings", None, "unused_account_days", 30)
		remove_unused_first_time_accounts()

	def test_an_account_that_never_applied_is_removed_after_the_days_and_a_second_run_changes_nothing(self):
		unused = placeholder(31)
		recent = placeholder(5)
		seen_lately = placeholder(90)
		frappe.db.set_value("User", seen_lately, "last_login", add_days(now_datetime(), -2))
		applied = placeholder(60)
		person = f.make_service_user(relations=[f.parent()])
		application = f.new_application(person).insert(ignore_permissions=True)
		frappe.db.set_value("IP Application", application.name, "owner", applied)
		parent = placeholder(60)
		frappe.db.set_value("Service User Relation", person.relations[0].name, "portal_user", parent)
		own = placeholder(60)
		f.make_service_user().db_set("portal_user", own)
		staff = f.make_user("Sissel Stab", ["Group Participant"])
		frappe.db.set_value("User", staff, "creation", add_days(now_datetime(), -90), update_modified=False)

		users = frappe.db.count("User")
		self.assertEqual(remove_unused_first_time_accounts(), [unused])
		self.assertFalse(frappe.db.exists("User", unused))
		self.assertEqual(frappe.db.count("User"), users - 1)
		for kept in (recent, seen_lately, applied, parent, own, staff):
			self.assertTrue(frappe.db.get_value("User", kept, "enabled"), kept)
		self.assertEqual(remove_unused_first_time_accounts(), [])
		self.assertEqual(frappe.db.count("User"), users - 1)

	def test_the_days_come_from_the_settings_and_zero_turns_it_off(self):
		account = placeholder(10)
		frappe.db.set_value("Ansvarsgruppe Settings", None, "unused_account_days", 0)
		self.assertEqual(remove_unused_first_time_accounts(), [])
		frappe.db.set_value("Ansvarsgruppe Settings", None, "unused_account_days", 7)
		self.assertEqual(remove_unused_first_time_accounts(), [account])
		self.assertFalse(frappe.db.exists("User", account))

	def test_the_job_is_scheduled_daily(self):
		self.assertIn(
			"ansvarsgruppe.tasks.unused_accounts.remove_unused_first_time_accounts",
			frappe.get_hooks("scheduler_events")["daily"],
		)
