"""Names, not e-mail addresses, for the people a form shows.

The desk writes a person by the full name it finds in ``frappe.boot.user_info``, and by the user id (the
e-mail address) when it finds none. The boot holds only the reader, and ``getdoc`` adds the people of the
record's comments, assignments, shares, views and workflow log, but not who made the record, who changed it
last, who wrote each change in its history, nor the owners of its milestones: a reader who is none of
them (a participant) reads the coordinator's e-mail address in the form's sidebar and timeline.

``docinfo.user_info`` (merged into ``frappe.boot.user_info`` by the desk before the form is drawn) gets
the full name, and nothing else, of each of these people, and of the recipients of the record's alerts
(which the timeline lists by address): only of a record the reader has just been allowed to read
(``getdoc``, ``get_docinfo``), and only as the history the reader is shown names them.
"""

import frappe
from frappe.utils import split_emails


def alert_addresses(docinfo: dict) -> set[str]:
	"""The addresses the timeline names as an alert's recipients ("Varsel sendt til …"). Frappe splits the
	stored list at each comma and looks up every part as it is, so the list is given back without the spaces
	after its commas (else only the first address would find its name)."""
	addresses = set()
	rows = [*(docinfo.get("automated_messages") or ()), *(docinfo.get("communications") or ())]
	for row in rows:
		if row.get("communication_type") != "Automated Message":
			continue
		for field in ("recipients", "cc", "bcc"):
			if row.get(field):
				parts = split_emails(row[field])
				row[field] = ",".join(parts)
				addresses.update(parts)
	return addresses


def shown_users(docinfo: dict, docs=()) -> set[str]:
	"""The people the form names beside those Frappe already added: the record's owner and last editor, and
	the owners of its history and milestones as the reader is shown them."""
	users = set()
	doc = next((d for d in docs if d.get("doctype") == docinfo.get("doctype")), None)
	if doc is None and docinfo.get("doctype") and docinfo.get("name"):
		doc = frappe.db.get_value(docinfo["doctype"], docinfo["name"], ["owner", "modified_by"], as_dict=True)
	if doc:
		users.update((doc.get("owner"), doc.get("modified_by")))
	for key in ("versions", "milestones"):
		users.update(row.get("owner") for row in docinfo.get(key) or ())
	return users


def add_shown_names():
	"""Put the full names of the people the form names into the response's ``docinfo.user_info``."""
	docinfo = frappe.response.get("docinfo")
	if not docinfo:
		return
	known = docinfo.setdefault("user_info", {})
	# the reader is in the boot already, with more than a name: left as it is
	missing = shown_users(docinfo, frappe.response.get("docs") or ()) - set(known)
	missing -= {None, "", "Guest", frappe.session.user}
	if missing:
		for user, full_name in frappe.get_all(
			"User", {"name": ("in", sorted(missing))}, ["name", "full_name"], as_list=True
		):
			if full_name:
				known[user] = {"fullname": full_name}
	# an alert's recipients, by the address the timeline looks up (a user's e-mail, whatever their id)
	addresses = alert_addresses(docinfo) - set(known) - {frappe.session.user}
	if addresses:
		for email, full_name in frappe.get_all(
			"User", {"email": ("in", sorted(addresses))}, ["email", "full_name"], as_list=True
		):
			if full_name and email not in known:
				known[email] = {"fullname": full_name}
