"""Every road the installed apps offer, found at run time, beside what the registry decided of each.

``whitelisted_methods`` imports every module of every installed app (a whitelisted function anywhere is a
road: Frappe imports the module a request names) and names each whitelisted function as the request would.
The enumeration test (``tests/test_registry.py``) fails on a method the registry neither opens nor lists as
closed; ``write_closed_roads`` writes the closed list anew, ``write_security_doc`` the open roads per role
(``docs/security.md``):

    bench --site <site> execute ansvarsgruppe.permissions.inventory.write_closed_roads
    bench --site <site> execute ansvarsgruppe.permissions.inventory.write_security_doc
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

import frappe
from frappe.model.base_document import get_controller

from ansvarsgruppe.permissions import registry

# Modules whose import starts or changes something (a server, a build); they hold no whitelisted method.
SKIPPED_MODULES = ("frappe.commands", "frappe.build", "frappe.tests.ui_test_helpers")


def canonical(fn) -> str:
	fn = inspect.unwrap(getattr(fn, "__func__", fn))
	return f"{fn.__module__}.{fn.__qualname__}"


def import_everything() -> list[str]:
	"""Import every module of every installed app; the names of those that failed to import."""
	failed = []
	for app in frappe.get_installed_apps():
		package = importlib.import_module(app)
		for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
			if module.name.startswith(SKIPPED_MODULES):
				continue
			try:
				importlib.import_module(module.name)
			except BaseException:  # an optional dependency missing, a module that needs a request
				failed.append(module.name)
	return failed


def whitelisted_methods() -> dict[str, bool]:
	"""canonical name: allows guests, for every whitelisted function of the installed apps."""
	import_everything()
	guests = {canonical(fn) for fn in frappe.guest_methods}
	return {canonical(fn): canonical(fn) in guests for fn in frappe.whitelisted}


def resolve(method: str):
	"""The function a request's method name reaches, as ``frappe.handler.execute_cmd`` finds it."""
	if "." not in method:
		return getattr(importlib.import_module("frappe.handler"), method, None)
	try:
		return frappe.get_attr(method)
	except Exception:
		return None


def open_methods() -> dict[str, str]:
	"""canonical name: the name the registry opens it under."""
	found = {}
	for name in registry.METHODS:
		fn = resolve(name)
		if fn is not None:
			found[canonical(fn)] = name
	for doctype, methods in registry.DOC_METHODS.items():
		controller = get_controller(doctype)
		for method in methods:
			found[canonical(getattr(controller, method))] = f"{doctype}.{method}"
	return found


def undecided() -> list[str]:
	"""Whitelisted methods the registry neither opens nor closes."""
	opened = open_methods()
	return sorted(m for m in whitelisted_methods() if m not in opened and m not in registry.CLOSED)


def write_closed_roads():
	"""Write ``closed_roads.txt``: every whitelisted method the registry does not open."""
	opened = open_methods()
	closed = sorted(m for m in whitelisted_methods() if m not in opened)
	path = Path(registry.__file__).with_name("closed_roads.txt")
	header = [line for line in path.read_text().splitlines() if line.startswith("#")]
	path.write_text("\n".join(header + closed) + "\n")
	return len(closed)


# The open roads per audience ------------------------------------------------------------------------------


def open_roads() -> dict[str, list[str]]:
	"""audience or role: the roads open to it (methods, document methods, REST verbs, pages)."""
	roads: dict[str, list[str]] = {}

	def add(kind: str, name: str, road: registry.Road):
		for who in road.who:
			guard = f" (guard: {road.guard})" if road.guard else ""
			roads.setdefault(who, []).append(f"{kind} `{name}`{guard}")

	for name, road in registry.METHODS.items():
		add("method", name, road)
	for doctype, methods in registry.DOC_METHODS.items():
		for method, road in methods.items():
			add("document method", f"{doctype}.{method}", road)
	for doctype, verbs in registry.RESOURCES.items():
		for verb, road in verbs.items():
			add("REST", f"{verb} /api/resource/{doctype}", road)
	for route, road in registry.PAGES.items():
		add("page", f"/{route}", road)
	return roads


def roads_per_kind() -> dict[str, tuple[int, int, int, int]]:
	"""kind of user: how many methods, document methods, REST verbs and pages are open to them."""
	kinds = {"guest": ((), "Guest"), "portal user": ((registry.PORTAL_ROLE,), "user")}
	kinds.update({role: ((role,), "user") for role in registry.DESK_ROLES})
	counts = {}
	for kind, (roles, user) in kinds.items():
		audiences = registry.audiences_of(roles, user)

		def count(roads, audiences=audiences, roles=roles):
			return sum(registry.open_to(road, audiences, roles) for road in roads)

		counts[kind] = (
			count(registry.METHODS.values()),
			count(road for methods in registry.DOC_METHODS.values() for road in methods.values()),
			count(road for verbs in registry.RESOURCES.values() for road in verbs.values()),
			count(registry.PAGES.values()),
		)
	return counts


def write_security_doc(path: str | None = None):
	"""``docs/security.md``'s table of open roads, generated from the registry."""
	path = Path(path or Path(frappe.get_app_path("ansvarsgruppe")).parent / "docs" / "security.md")
	roads = open_roads()
	lines = [
		"<!-- generated by ansvarsgruppe.permissions.inventory.write_security_doc from permissions/registry.py -->",
		"## Open roads per audience",
		"",
		"Every road not listed here answers 403 to every user without System Manager (guests included).",
		f"Closed whitelisted methods, decided one by one: {len(registry.CLOSED)} (`permissions/closed_roads.txt`).",
		"",
		"| kind of user | methods | document methods | REST | pages | all |",
		"| --- | --- | --- | --- | --- | --- |",
	]
	for kind, counts in roads_per_kind().items():
		lines.append(f"| {kind} | " + " | ".join(str(n) for n in counts) + f" | {sum(counts)} |")
	lines += [
		"",
		"Staff roads are the same for every desk role; what a road then answers is decided row by row",
		"(`records.py`). The roads open to each audience:",
	]
	for who in (*registry.AUDIENCES, *registry.DESK_ROLES):
		if who not in roads:
			continue
		lines += ["", f"### {who}", ""] + [f"- {road}" for road in sorted(roads[who])]
	text = path.read_text() if path.exists() else ""
	marker = lines[0]
	text = text[: text.index(marker)].rstrip() + "\n\n" if marker in text else text.rstrip() + "\n\n"
	path.write_text(text + "\n".join(lines) + "\n")
	return str(path)
