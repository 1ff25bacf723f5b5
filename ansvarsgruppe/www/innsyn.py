"""Innsyn: who opened, printed or e-mailed the records of the groups the logged-in family member follows."""

import html

import frappe
from frappe.utils import format_datetime

from ansvarsgruppe.api.messages import may_read_message
from ansvarsgruppe.audit.history import DOWNLOADED, OPENED, PRINTED, SENT, access_history
from ansvarsgruppe.permissions.files import message_of_file
from ansvarsgruppe.portal.people import page_for_people

no_cache = 1

RECORD_NAMES = {
	"Responsibility Group": "Ansvarsgruppe",
	"Service User": "Personopplysninger",
	"Consent": "Samtykke",
	"Meeting Minutes": "Møtereferat",
	"Group Member": "Gruppemedlem",
	"Individual Plan": "Individuell plan",
	"IP Application": "Søknad om IP/koordinator",
	"Escalation": "Sak i tjenestevei",
	"Group Message": "Melding",
	"File": "Dokument",
}
ACTIONS = {
	OPENED: "Åpnet",
	PRINTED: "Skrev ut eller eksporterte",
	SENT: "Sendte på e-post",
	DOWNLOADED: "Lastet ned",
}


def shown(row) -> bool:
	"""A message (or its document) the family member may not read, such as another parent's message to
	the coordinator only, is left out."""
	if row["doctype"] == "Group Message":
		return may_read_message(row["record"])
	if row["doctype"] == "File":
		message = message_of_file(row["record"])
		return bool(message) and may_read_message(message)
	return True


def get_context(context):
	people = page_for_people(context, "innsyn", "Innsyn")
	groups = frappe.get_all(
		"Responsibility Group", filters={"service_user": ("in", list(people) or [""])}, pluck="name"
	)
	rows = [
		{
			"group": row["group"],
			"when": format_datetime(row["at"], "dd.MM.yyyy HH:mm"),
			"who": row["full_name"],
			"what": f"{RECORD_NAMES.get(row['doctype'], row['doctype'])} {row['record']}",
			"action": ACTIONS[row["kind"]]
			+ (f" til {html.unescape(row['recipients'])}" if row["recipients"] else ""),
		}
		for row in (access_history(groups) if groups else [])
		if shown(row)
	]
	context.rows = rows
	return context
