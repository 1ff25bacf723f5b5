"""Attack suite (bringing in existing groups, R19): over HTTP against the served test site, only the Local
Administrator makes and runs a Data Import, of the app's history DocTypes as new records only; every other
kind of user is refused, nobody else's import is read or run, and nothing changes (rows counted)."""

import frappe

from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_attacks_roads import PASSWORD, RoadsTestCase, count

IMPORTS = {}
MODULE = "frappe.core.doctype.data_import.data_import"


def new_import(doctype: str, import_type: str = "Insert New Records") -> dict:
	"""A new Data Import as the desk's form saves it (with its temporary name)."""
	return {
		"doctype": "Data Import",
		"name": f"new-data-import-{frappe.generate_hash(length=8)}",
		"reference_doctype": doctype,
		"import_type": import_type,
		"__islocal": 1,
	}


class TestImportRoads(RoadsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not IMPORTS:
			with f.unthrottled_users():
				IMPORTS.update(
					importer=f.make_login_user("Liv Lokal", ["Local Administrator"], PASSWORD),
					archive=f.make_login_user("Arve Arkiv", ["Archive"], PASSWORD),
				)
			frappe.set_user(IMPORTS["importer"])
			IMPORTS["history"] = frappe.get_doc(new_import("Consent")).insert().name
			frappe.set_user("Administrator")
			IMPORTS["users"] = frappe.get_doc(new_import("User")).insert().name
			frappe.db.commit()
		for key, value in IMPORTS.items():
			setattr(cls, key, value)

	def save(self, user: str, doc: dict):
		return self.client(user).call("frappe.desk.form.save.savedocs", doc=doc, action="Save")

	def test_r19_the_local_administrator_makes_an_import_of_history(self):
		before = count("Data Import")
		response = self.save(self.importer, new_import("Group Member"))
		self.assertTrue(response.ok, response.text[-3000:])
		self.assertEqual(count("Data Import"), before + 1)
		logs = self.client(self.importer).call(f"{MODULE}.get_import_logs", data_import=self.history)
		self.assertTrue(logs.ok, logs.text[:300])

	def test_r19_the_local_administrator_imports_no_accounts_and_updates_nothing(self):
		before = (count("Data Import"), count("User"))
		for doc in (new_import("User"), new_import("Consent", "Update Existing Records"), new_import("Role")):
			response = self.save(self.importer, doc)
			self.assertFalse(response.ok, doc)
		for method, args in (
			("form_start_import", {"data_import": self.users}),
			("get_import_logs", {"data_import": self.users}),
			("get_preview_from_template", {"data_import": self.users}),
			("get_import_status", {"data_import_name": self.users}),
			("download_import_log", {"data_import_name": self.users}),
		):
			response = self.client(self.importer).call(f"{MODULE}.{method}", **args)
			self.assertFalse(response.ok, method)
		listed = self.client(self.importer).call(
			"frappe.desk.reportview.get", doctype="Data Import", fields=["name"]
		)
		self.assertNotIn(self.users, str(listed.json()))
		self.assertEqual((count("Data Import"), count("User")), before)

	def test_r19_nobody_else_makes_reads_or_runs_an_import(self):
		before = (count("Data Import"), count("Consent"))
		others = {**self.restricted_users(), "parent": self.parent, "archive": self.archive}
		for kind, user in others.items():
			response = self.save(user, new_import("Consent"))
			self.assertFalse(response.ok, kind)
			for method in ("form_start_import", "get_import_logs", "get_preview_from_template"):
				response = self.client(user).call(f"{MODULE}.{method}", data_import=self.history)
				self.assertEqual(response.status_code, 403, (kind, method))
			self.assertFalse(self.client(user).rows("Data Import"), kind)
		self.assertEqual((count("Data Import"), count("Consent")), before)
