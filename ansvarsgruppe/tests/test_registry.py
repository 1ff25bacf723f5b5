"""The registry of roads cannot go stale (R5): every whitelisted method of every installed app, found at run
time, is either opened by the registry or decided closed, and every DocType reachable over REST is opened
by the registry or refused by the gate, for every audience."""

import frappe
from frappe.tests.utils import FrappeTestCase

from ansvarsgruppe.permissions import gate, inventory, registry

# A user of each kind the gate tells apart: (audiences, roles).
KINDS = {
	"guest": (registry.audiences_of((), "Guest"), ()),
	"portal": (registry.audiences_of((registry.PORTAL_ROLE,), "x"), (registry.PORTAL_ROLE,)),
	**{role: (registry.audiences_of((role,), "x"), (role,)) for role in registry.DESK_ROLES},
}
VERBS = ("GET", "POST", "PUT", "DELETE")


def opens(request: gate.Request, audiences, roles) -> bool:
	"""Whether the gate lets ``request`` (with no arguments) through for a user of ``audiences``."""
	try:
		gate.check(request, frappe._dict(), audiences, roles)
	except frappe.PermissionError:
		return False
	return True


class TestRegistry(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.methods = inventory.whitelisted_methods()
		cls.opened = inventory.open_methods()

	def test_r5_every_whitelisted_method_is_decided(self):
		undecided = sorted(m for m in self.methods if m not in self.opened and m not in registry.CLOSED)
		self.assertEqual(
			undecided,
			[],
			"whitelisted methods neither opened nor closed in permissions/registry.py "
			"(open one in METHODS, or run inventory.write_closed_roads)",
		)
		self.assertGreater(len(self.methods), 400)

	def test_r5_every_road_the_registry_opens_exists_and_is_not_also_closed(self):
		# Frappe answers these two itself: the log-in before any method, a document's method by its own check.
		for name in set(registry.METHODS) - {"login", "run_doc_method"}:
			fn = inventory.resolve(name)
			self.assertIsNotNone(fn, name)
			self.assertIn(inventory.canonical(fn), self.methods, f"{name} is not a whitelisted method")
		self.assertFalse(set(self.opened) & registry.CLOSED, "opened and closed at once")

	def test_r5_closed_methods_are_refused_to_every_kind_of_user(self):
		refused = 0
		for canonical in sorted(registry.CLOSED)[:: max(1, len(registry.CLOSED) // 60)]:
			for audiences, roles in KINDS.values():
				road = gate.Request("method", canonical, None, registry.road_of_method(canonical))
				self.assertFalse(opens(road, audiences, roles), canonical)
				refused += 1
		self.assertGreater(refused, 400)

	def test_r5_rest_resources_are_open_only_as_the_registry_says(self):
		doctypes = frappe.get_all("DocType", pluck="name")
		counts = {}
		for kind, (audiences, roles) in KINDS.items():
			for doctype in doctypes:
				for verb in VERBS:
					road = registry.road_of_resource(doctype, verb)
					request = gate.Request("resource", f"{doctype} {verb}", doctype, road)
					self.assertEqual(
						opens(request, audiences, roles),
						registry.open_to(road, audiences, roles),
						f"{kind}: {verb} /api/resource/{doctype}",
					)
					if doctype not in registry.RESOURCES:
						self.assertFalse(opens(request, audiences, roles), f"{kind}: {verb} {doctype}")
					counts[kind] = counts.get(kind, 0) + opens(request, audiences, roles)
		self.assertEqual(counts["guest"], 0)
		self.assertEqual(counts["portal"], 0)

	def test_r5_every_doctype_of_the_app_is_in_the_registry(self):
		app_doctypes = set(frappe.get_all("DocType", {"module": "Ansvarsgruppe"}, pluck="name"))
		known = set(registry.PROTECTED) | set(registry.CHILD_TABLES) | set(registry.UNPROTECTED)
		self.assertEqual(app_doctypes - known, set(), "a DocType of the app the registry does not know")
		self.assertEqual(known - app_doctypes, set(), "the registry names a DocType the app does not have")

	def test_r5_the_security_doc_lists_the_open_roads_as_the_registry_has_them(self):
		import shutil
		import tempfile
		from pathlib import Path

		committed = Path(frappe.get_app_path("ansvarsgruppe")).parent / "docs" / "security.md"
		with tempfile.TemporaryDirectory() as folder:
			fresh = Path(folder) / "security.md"
			shutil.copy(committed, fresh)
			inventory.write_security_doc(str(fresh))
			self.assertEqual(
				fresh.read_text(),
				committed.read_text(),
				"docs/security.md is stale: run inventory.write_security_doc",
			)

	def test_r5_open_roads_per_kind_of_user(self):
		"""Prints how many roads are open to each kind of user (methods, document methods, REST, pages)."""
		lines = []
		for kind, (audiences, roles) in KINDS.items():
			methods = sum(registry.open_to(road, audiences, roles) for road in registry.METHODS.values())
			doc_methods = sum(
				registry.open_to(road, audiences, roles)
				for methods_of in registry.DOC_METHODS.values()
				for road in methods_of.values()
			)
			rest = sum(
				registry.open_to(road, audiences, roles)
				for verbs in registry.RESOURCES.values()
				for road in verbs.values()
			)
			pages = sum(registry.open_to(road, audiences, roles) for road in registry.PAGES.values())
			lines.append(
				f"{kind}: {methods} methods, {doc_methods} document methods, {rest} REST, {pages} pages"
			)
			if kind == "guest":
				self.assertLessEqual(methods, 12)
		print(
			f"\nopen roads ({len(self.methods)} whitelisted methods found, {len(registry.CLOSED)} closed):\n  "
			+ "\n  ".join(lines)
		)
