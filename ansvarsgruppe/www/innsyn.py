"""Innsyn: who opened or printed the records of the groups the logged-in family member follows."""

import frappe
from frappe.utils import format_datetime

from ansvarsgruppe.audit import access_history
from ansvarsgruppe.portal import page_for_people

no_cache = 1

RECORD_NAMES = {
	"Responsibility Group": "Ansvarsgruppe",
	"Service User": "Personopplysninger",
	"Consent": "Samtykke",
	"Meeting Minutes": "Møtereferat",
	"Group Member": "Gruppemedlem",
	"Individual Plan": "Individuell plan",
}


def get_context(context):
	people = page_for_people(context, "innsyn", "Innsyn")
	groups = frappe.get_all(
		"Responsibility Group", filters={"service_user": ("in", list(people) or [""])}, pluck="name"
	)
	rows = []
	for group in groups:
		for row in access_history(group):
			rows.append(
				{
					"group": group,
					"when": format_datetime(row["at"], "dd.MM.yyyy HH:mm"),
					"who": row["full_name"],
					"what": f"{RECORD_NAMES.get(row['doctype'], row['doctype'])} {row['record']}",
					"action": "Skrev ut eller eksporterte" if row.get("file_type") else "Åpnet",
				}
			)
	context.rows = rows
	return context
