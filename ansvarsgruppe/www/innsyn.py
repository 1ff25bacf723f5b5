"""Innsyn: who opened, printed or e-mailed the records of the groups the logged-in family member follows."""

import html

import frappe
from frappe import _
from frappe.utils import format_datetime

from ansvarsgruppe.audit.history import OPENED, PRINTED, SENT, access_history
from ansvarsgruppe.portal.people import page_for_people

no_cache = 1

ACTIONS = {OPENED: "Opened", PRINTED: "Printed or exported", SENT: "Sent by e-mail"}


def action_text(row: dict) -> str:
	action = _(ACTIONS[row["kind"]], context="Innsyn")
	if not row["recipients"]:
		return action
	return _("{0} to {1}", context="Innsyn").format(action, html.unescape(row["recipients"]))


def record_name(doctype: str) -> str:
	# The person's own record is "personal details" to the family, not "the service user".
	return _("Personal details") if doctype == "Service User" else _(doctype)


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
			"what": f"{record_name(row['doctype'])} {row['record']}",
			"action": action_text(row),
		}
		for row in (access_history(groups) if groups else [])
	]
	context.rows = rows
	return context
