"""Who reads a group's message and its documents (R5, R19), on every road: the conversation, the app's
download, the File record and ``/private/files/…`` (``permissions/files.py``).

Staff read by the row rules (``records.message_criterion``: the coordinator, and the members with access
today); the family (the person, a parent with parental responsibility or a guardian,
``portal.people.represented``) their own open groups' messages, except one another's messages to the
coordinator only. A withdrawn message is read by its sender and the group's coordinator alone.
"""

import frappe

from ansvarsgruppe.portal.people import is_portal_user, represented
from ansvarsgruppe.rules import messages as rules
from ansvarsgruppe.rules import status as st

MESSAGE_FIELDS = ("name", "group", *rules.CONTENT_FIELDS, "withdrawn", "withdrawn_on", "creation")


def group_values(group: str):
	return frappe.db.get_value(
		"Responsibility Group", group, ["name", "status", "coordinator", "service_user"], as_dict=True
	)


def family_takes_part(user: str, group) -> bool:
	"""A portal user takes part in the conversation of an open group of a person they act for."""
	return bool(group) and group.status != st.GROUP_CLOSED and group.service_user in represented(user)


def family_reads(user: str, message) -> bool:
	"""The family reads their group's messages, except one another's messages to the coordinator only and
	one another's withdrawn messages."""
	if message.withdrawn and not rules.reads_withdrawn(user, message.sender, None):
		return False
	if not message.only_to_coordinator:
		return True
	return user in (message.sender, message.private_with)


def may_read_message(message: str, user: str | None = None) -> bool:
	"""Whether ``user`` may read the message named ``message`` (and its documents), on any road."""
	user = user or frappe.session.user
	if user == "Guest":
		return False
	if is_portal_user(user):
		values = frappe.db.get_value("Group Message", message, MESSAGE_FIELDS, as_dict=True)
		return (
			bool(values)
			and family_takes_part(user, group_values(values.group))
			and family_reads(user, values)
		)
	if not frappe.db.exists("Group Message", message):
		return False
	return bool(frappe.has_permission("Group Message", "read", doc=message, user=user))
