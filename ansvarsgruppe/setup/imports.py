"""The Local Administrator brings in existing groups with Frappe's Data Import (``overrides/data_import.py``)."""

import frappe
from frappe.permissions import add_permission, update_permission_property

from ansvarsgruppe.rules.imports import IMPORTER_ROLES

IMPORT_DOCTYPE = "Data Import"


def ensure_importer_permission():
	"""Data Import for the importer roles: create, read and change their imports (the controller decides
	what they may import). Added once; an administrator's later edits stay."""
	for role in IMPORTER_ROLES:
		if frappe.db.exists("Custom DocPerm", {"parent": IMPORT_DOCTYPE, "role": role}):
			continue
		add_permission(IMPORT_DOCTYPE, role, 0, "create")
		for ptype in ("write", "read"):
			update_permission_property(IMPORT_DOCTYPE, role, 0, ptype, 1, validate=False)
