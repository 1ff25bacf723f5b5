"""Innsyn: who opened, printed or e-mailed the records of the groups the logged-in family member follows."""

import html

import frappe
from frappe import _
from frappe.utils import format_datetime

from ansvarsgruppe.audit.history import DOWNLOADED, OPENED, PRINTED, SENT, access_history
from ansvarsgruppe.permissions.files import messages_of_file
from ansvarsgruppe.permissions.messages import may_read_message
from ansvarsgruppe.portal.pages import render_body
from ansvarsgruppe.portal.people import page_for_people

no_cache = 1
BODY = "ansvarsgruppe/templates/portal/innsyn.html"

ACTIONS = {
	OPENED: "Opened",
	PRINTED: "Printed or exported",
	SENT: "Sent by e-mail",
	DOWNLOADED: "Downloaded",
}


def action_text(row: dict) -> str:
	action = _(ACTIONS[row["kind"]], context="Innsyn")
	if not row["recipients"]:
		return action
	return _("{0} to {1}", context="Innsyn").format(action, html.unescape(row["recipients"]))


def record_name(doctype: str) -> str:
	# The person's own record is "personal details" to the family, not "the service user".
	if doctype == "Service User":
		return _("Personal details")
	return _("Document") if doctype == "File" else _(doctype)


def shown(row) -> bool:
	"""A message (or its document) the family member may not read, such as another parent's message to
	the coordinator only, is left out; an archive package's file is shown as the package is."""
	if row["doctype"] == "Group Message":
		return may_read_message(row["record"])
	if row["doctype"] == "File":
		messages = messages_of_file(row["record"])
		return any(may_read_message(m) for m in messages) if messages else True
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
			"what": f"{record_name(row['doctype'])} {row['record']}",
			"action": action_text(row),
		}
		for row in (access_history(groups) if groups else [])
		if shown(row)
	]
	context.rows = rows
	# staff who reach the page follow no group as the person or family: say so, not "nobody has looked"
	context.follows_nobody = not people
	context.is_staff = frappe.get_cached_value("User", frappe.session.user, "user_type") == "System User"
	context.page_body = render_body(BODY, context)
	return context
