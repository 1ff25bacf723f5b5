"""Who brings in existing groups with Data Import (R19): the Local Administrator, the app's history DocTypes
only, as new records (``rules/imports.py``); System Manager anything. The imports themselves: besides
System Manager, only those of the app's history are read, listed and run."""

import frappe

from ansvarsgruppe.permissions import primary, registry
from ansvarsgruppe.permissions.grants import refuse, self_grant_problem_for
from ansvarsgruppe.permissions.records import has_unrestricted_access
from ansvarsgruppe.rules import imports


def check_importer(data_import):
	user = frappe.session.user
	refuse(
		imports.importer_problems(
			frappe.get_roles(user),
			has_unrestricted_access(user),
			data_import.reference_doctype,
			data_import.import_type,
		)
	)


def check_no_self_grant(doc):
	"""R5: an imported record never names the one who imports it in a field that gives access (they bring
	in other people's history, and read none of it by doing so)."""
	user = frappe.session.user
	if has_unrestricted_access(user):
		return
	protected = registry.PROTECTED.get(doc.doctype)
	fields = [field for field in (protected.self_fields if protected else ()) if field != "owner"]
	refuse([self_grant_problem_for(doc.doctype, field) for field in fields if doc.get(field) == user])


@primary.decides_on_primary
def import_permission(doc, ptype=None, user=None, debug=False):
	"""Data Import (``has_permission``): besides System Manager, only the imports of the app's history."""
	user = user or frappe.session.user
	if has_unrestricted_access(user):
		return True
	return doc.reference_doctype in imports.IMPORT_ORDER


@primary.refuses_on_replica
def import_query(user=None, doctype=None):
	"""Data Import's list (``permission_query_conditions``): the same as ``import_permission``."""
	user = user or frappe.session.user
	if has_unrestricted_access(user):
		return ""
	listed = ", ".join(frappe.db.escape(doctype) for doctype in imports.IMPORT_ORDER)
	return f"`tabData Import`.`reference_doctype` in ({listed})"
