"""Set-up data created at install and checked after every migrate.

Everything here is idempotent and only creates what is missing, so an administrator's edits (role
settings, the municipality's own values in the settings) survive ``bench migrate``.
"""

import frappe
from frappe.utils import cint

from ansvarsgruppe.setup.workflows import ensure_workflows

DESK_ROLES = ("Coordinating Unit", "Unit Leader", "Coordinator", "Group Participant")
PORTAL_ROLE = "Family Portal User"


def after_install():
	after_migrate()
	frappe.db.commit()


def after_migrate():
	ensure_roles()
	ensure_settings()
	ensure_workflows()
	ensure_indexes()


# Composite indexes (issue #9): ``permissions.records.member_of`` checks a record's group by one lookup on
# (group, user) that reads every column it tests from the index, and the consent's partner by (consent,
# unit). (doctype, index name, columns); created only when missing.
# OLD_INDEXES: made by earlier versions, dropped when present.
INDEXES = (
	(
		"Group Member",
		"group_user_access",
		("group", "user", "status", "from_date", "to_date", "member_role", "service_unit"),
	),
	("Consent Partner", "parent_unit", ("parent", "service_unit", "parenttype", "withdrawn_on")),
	# The daily alert jobs read the ledger about their candidates (``alerts.ledger.join_ledger``).
	("Sent Alert", "reference_alert", ("reference_name", "alert", "occasion_date")),
	# A consent's groups: its alerts' recipients (the coordinators) and the members losing access.
	("Responsibility Group", "consent", ("consent",)),
)
OLD_INDEXES = (("Group Member", "user_status_group"),)


def ensure_indexes():
	for doctype, index_name, columns in INDEXES:
		# Quoted: "group" is a reserved word and add_index joins the names as they are.
		frappe.db.add_index(doctype, [f"`{column}`" for column in columns], index_name)
	for doctype, index_name in OLD_INDEXES:
		if frappe.db.has_index(f"tab{doctype}", index_name):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{index_name}`")


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
	"""Fill settings that are still empty with the seed's defaults; never overwrite a value."""
	settings = frappe.get_single("Ansvarsgruppe Settings")
	changed = False
	for field in settings.meta.fields:
		if field.default and settings.get(field.fieldname) in (None, ""):
			settings.set(
				field.fieldname, cint(field.default) if field.fieldtype in ("Int", "Check") else field.default
			)
			changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()
