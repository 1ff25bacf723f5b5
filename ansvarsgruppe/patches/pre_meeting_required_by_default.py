"""The pre-meeting became a setting: a site whose settings were saved before keeps the stricter routine
(000), as the new field's default says, instead of reading the missing value as off."""

import frappe

SETTINGS = "Ansvarsgruppe Settings"


def execute():
	stored = frappe.db.sql(
		"select 1 from `tabSingles` where doctype = %s and field = 'require_pre_meeting'", SETTINGS
	)
	if not stored:
		frappe.db.set_single_value(SETTINGS, "require_pre_meeting", 1)
