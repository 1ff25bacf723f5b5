"""Set-up data created at install and checked after every migrate.

Everything here is idempotent and only creates what is missing, so an administrator's edits (role
settings, the municipality's own values in the settings) survive ``bench migrate``.
"""

import frappe
from frappe.query_builder import DocType
from frappe.utils import cint

from ansvarsgruppe.permissions.side_channels import stop_frappe_follow_digests
from ansvarsgruppe.setup.homes import ensure_homes, ensure_staff_modules
from ansvarsgruppe.setup.imports import ensure_importer_permission
from ansvarsgruppe.setup.locale import ensure_norwegian_defaults, ensure_user_names_in_links
from ansvarsgruppe.setup.portal_home import ensure_portal_home
from ansvarsgruppe.setup.roles import DESK_ROLES, PORTAL_ROLE
from ansvarsgruppe.setup.workflows import ensure_workflows


def after_install():
	ensure_norwegian_defaults()
	after_migrate()
	frappe.db.commit()


def after_migrate():
	ensure_roles()
	ensure_settings()
	ensure_workflows()
	ensure_user_names_in_links()
	ensure_homes()
	ensure_staff_modules()
	ensure_portal_home()
	stop_frappe_follow_digests()
	ensure_importer_permission()


def ensure_roles():
	for role_name in DESK_ROLES:
		_ensure_role(role_name, desk_access=1)
	_ensure_role(PORTAL_ROLE, desk_access=0)


def _ensure_role(role_name: str, desk_access: int):
	if frappe.db.exists("Role", role_name):
		# A role named in a DocType's permissions is created with desk access; a portal role must not have it.
		if not desk_access and frappe.db.get_value("Role", role_name, "desk_access"):
			frappe.db.set_value("Role", role_name, "desk_access", 0)
		return
	frappe.get_doc({"doctype": "Role", "role_name": role_name, "desk_access": desk_access}).insert(
		ignore_permissions=True
	)


def ensure_settings():
	"""Fill settings that are still empty with the guideline's defaults; never overwrite a value."""
	settings = frappe.get_single("Ansvarsgruppe Settings")
	singles = DocType("Singles")
	stored = set(
		frappe.qb.from_(singles)
		.select(singles.field)
		.where(singles.doctype == "Ansvarsgruppe Settings")
		.run(pluck=True)
	)
	changed = False
	for field in settings.meta.fields:
		if field.default and (
			field.fieldname not in stored or settings.get(field.fieldname) in (None, "")
		):  # a new setting reads 0 until it is stored
			settings.set(
				field.fieldname, cint(field.default) if field.fieldtype in ("Int", "Check") else field.default
			)
			changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()
