"""The app's staff see only the app's workspaces in the desk's sidebar; Frappe's own (users, tools,
website, integrations, build) stay for System Managers. Set with a module profile when a user is given an
app role, and again after every migrate."""

import frappe
from frappe.desk.desktop import get_workspace_sidebar_items

from ansvarsgruppe.portal.people import is_portal_user
from ansvarsgruppe.setup import homes
from ansvarsgruppe.setup.roles import DESK_ROLES, PORTAL_ROLE
from ansvarsgruppe.tests import factories as f

APP_MODULE = "Ansvarsgruppe"


class TestStaffSidebar(f.MunicipalityTestCase):
	@classmethod
	def make_staff(cls):
		return None  # two users of its own, no municipality

	def sidebar(self, user: str) -> list[dict]:
		frappe.clear_cache(user=user)
		with self.set_user(user):
			return get_workspace_sidebar_items()["pages"]

	def test_a_coordinator_sees_only_the_apps_workspaces_until_made_system_manager(self):
		user = f.make_user("Kari Koordinator", ["Coordinator"])
		pages = self.sidebar(user)
		self.assertIn("Mine grupper", [page.name for page in pages])
		self.assertEqual({page.module for page in pages}, {APP_MODULE})
		self.assertEqual(frappe.db.get_value("User", user, "module_profile"), homes.STAFF_PROFILE)

		doc = frappe.get_doc("User", user)
		doc.append_roles("System Manager")
		doc.save(ignore_permissions=True)
		self.assertFalse(doc.module_profile)
		self.assertFalse(doc.block_modules)
		self.assertIn("Users", [page.name for page in self.sidebar(user)])

	def test_every_staff_role_is_limited_to_the_apps_workspaces(self):
		for role in DESK_ROLES:
			self.assertTrue(homes.is_staff([role]), role)
		self.assertFalse(homes.is_staff(["Coordinator", "System Manager"]))
		self.assertFalse(homes.is_staff(["Family Portal User"]))
		self.assertNotIn(APP_MODULE, homes.blocked_modules())
		self.assertIn("Core", homes.blocked_modules())

	def test_a_staff_member_who_is_also_a_portal_user_is_treated_as_staff(self):
		# R1: the portal's own rules (acting for a child) are for family members, never for the app's staff
		for role in DESK_ROLES:
			with self.subTest(role=role):
				user = f.make_user(f"Dobbel {role}", [role, PORTAL_ROLE])
				self.assertFalse(is_portal_user(user))
		self.assertTrue(is_portal_user(f.make_user("Frida Familie", [PORTAL_ROLE])))

	def test_after_migrate_existing_staff_get_the_profile_idempotently_and_an_own_profile_is_kept(self):
		user = f.make_user("Gammel Bruker", ["Group Participant"])
		frappe.db.delete("Block Module", {"parenttype": "User", "parent": user})
		frappe.db.set_value("User", user, "module_profile", None)
		homes.ensure_staff_modules()
		blocked = frappe.get_all("Block Module", {"parenttype": "User", "parent": user}, pluck="name")
		self.assertTrue(blocked)
		homes.ensure_staff_modules()
		self.assertEqual(
			frappe.get_all("Block Module", {"parenttype": "User", "parent": user}, pluck="name"), blocked
		)
		self.assertEqual({page.module for page in self.sidebar(user)}, {APP_MODULE})

		if not frappe.db.exists("Module Profile", "Egen profil"):
			frappe.get_doc({"doctype": "Module Profile", "module_profile_name": "Egen profil"}).insert()
		doc = frappe.get_doc("User", user)
		doc.module_profile = "Egen profil"
		doc.save(ignore_permissions=True)
		self.assertFalse(doc.block_modules)
		homes.ensure_staff_modules()
		self.assertEqual(frappe.db.get_value("User", user, "module_profile"), "Egen profil")
