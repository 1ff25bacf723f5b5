"""Messages and documents between the family and the group: one conversation per group (R5, R19).

The same endpoints serve the family portal and the desk. Who reads and writes follows the group's access
rules (``permissions/messages.py``): staff through the row rules (``permissions.records.message_criterion``:
the coordinator, and the members with access today), the family (the person, a parent with parental
responsibility or a guardian, ``portal.people.represented``) for their own open groups. A message the
family sends to the coordinator only is read by the coordinator and its sender, a withdrawn message by its
sender and the coordinator. Every read of a message or a document is logged for
Innsyn, and the reader is written down (Group Message Read) so that the sender sees who has read it.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Max
from frappe.utils import cint, escape_html, format_datetime, get_url, now_datetime

from ansvarsgruppe.audit.access_log import log_export
from ansvarsgruppe.controllers.rules_bridge import throw_problems
from ansvarsgruppe.permissions.messages import (
	MESSAGE_FIELDS,
	family_reads,
	family_takes_part,
	group_values,
	may_read_message,
)
from ansvarsgruppe.permissions.records import takes_part
from ansvarsgruppe.portal.people import is_portal_user, represented
from ansvarsgruppe.rules import messages as rules
from ansvarsgruppe.rules import status as st

DOWNLOAD_METHOD = "Download"


# Who reads and writes (the readership itself is permissions/messages.py) ---------------------------


def check_takes_part(group: str, user: str | None = None):
	"""Refuse a user who does not take part in the group's conversation (R5)."""
	user = user or frappe.session.user
	values = group_values(group) if group else None
	if values and (family_takes_part(user, values) if is_portal_user(user) else takes_part(user, group)):
		return values
	frappe.throw(_("You do not take part in this group's conversation."), frappe.PermissionError)


def readable_messages(group: str, user: str) -> list:
	"""The group's messages ``user`` may read, oldest first (the row rules for staff)."""
	if is_portal_user(user):
		rows = frappe.get_all(
			"Group Message", filters={"group": group}, fields=list(MESSAGE_FIELDS), order_by="creation asc"
		)
		return [row for row in rows if family_reads(user, row)]
	return frappe.get_list(
		"Group Message",
		filters={"group": group},
		fields=list(MESSAGE_FIELDS),
		order_by="creation asc",
		limit_page_length=0,
	)


# Reading the conversation -------------------------------------------------------------------------


@frappe.whitelist()
def conversation_summary(group: str) -> dict:
	"""Whether the user takes part in the group's conversation, and how many messages they have not read
	(no content, so not a read)."""
	user = frappe.session.user
	values = group_values(group) if group else None
	if not values:
		return {"takes_part": False, "unread": 0}
	part = family_takes_part(user, values) if is_portal_user(user) else takes_part(user, group)
	if not part:
		return {"takes_part": False, "unread": 0}
	names = [m.name for m in readable_messages(group, user) if m.sender != user]
	read = set(
		frappe.get_all("Group Message Read", {"user": user, "message": ("in", names)}, pluck="message")
		if names
		else []
	)
	return {"takes_part": True, "unread": len(set(names) - read)}


@frappe.whitelist()
def get_conversation(group: str) -> dict:
	"""The group's conversation as ``user`` may read it, each message's documents, and for their own
	messages who has read them. Reading it is logged for Innsyn and marks the messages read."""
	user = frappe.session.user
	values = check_takes_part(group, user)
	messages = readable_messages(group, user)
	record_reads(messages, user)
	names = [m.name for m in messages]
	documents = documents_of(names)
	own = [m.name for m in messages if m.sender == user]
	reads = reads_of(own)
	return {
		"group": group,
		"can_write": values.status != st.GROUP_CLOSED,
		"is_coordinator": values.coordinator == user,
		"from_family": is_portal_user(user),
		"messages": [
			message_view(m, user, values.coordinator, documents.get(m.name, []), reads.get(m.name, []))
			for m in messages
		],
	}


def message_view(message, user: str, coordinator: str, documents: list, reads: list) -> dict:
	if message.sent_by_family:
		role = _("Family")
	elif message.sender == coordinator:
		role = _("Coordinator")
	else:
		role = _("Member")
	view = {
		"name": message.name,
		"sender_name": message.sender_name,
		"role": role,
		"is_mine": message.sender == user,
		"sent_at": format_datetime(message.creation, "dd.MM.yyyy HH:mm"),
		"only_to_coordinator": bool(message.only_to_coordinator),
		"private_with": message.private_with,
		"reply_to": message.reply_to,
		"withdrawn": bool(message.withdrawn),
		"text": "" if message.withdrawn else message.text,
		"documents": [] if message.withdrawn else documents,
		"read_by": reads,
	}
	if message.withdrawn:
		view["withdrawn_text"] = _("The message was withdrawn (trukket tilbake) {0}.").format(
			format_datetime(message.withdrawn_on, "dd.MM.yyyy HH:mm")
		)
	return view


def documents_of(messages: list[str]) -> dict[str, list[dict]]:
	if not messages:
		return {}
	rows = frappe.get_all(
		"Group Message Attachment",
		filters={"parent": ("in", messages), "parenttype": "Group Message"},
		fields=["name", "parent", "file_name", "document_type", "file_size"],
		order_by="idx asc",
	)
	result: dict[str, list[dict]] = {}
	for row in rows:
		result.setdefault(row.parent, []).append(
			{
				"name": row.name,
				"file_name": row.file_name,
				"document_type": row.document_type,
				"size": size_text(row.file_size),
				"url": "/api/method/ansvarsgruppe.api.messages.document?attachment="
				+ frappe.utils.quote(row.name),
			}
		)
	return result


def size_text(size) -> str:
	size = cint(size)
	if size >= 1024 * 1024:
		return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
	return f"{max(1, round(size / 1024))} kB"


def reads_of(messages: list[str]) -> dict[str, list[dict]]:
	"""Who has read each of ``messages`` and when (for their sender)."""
	if not messages:
		return {}
	read, person = DocType("Group Message Read"), DocType("User")
	rows = (
		frappe.qb.from_(read)
		.left_join(person)
		.on(person.name == read.user)
		.select(read.message, read.user, read.read_on, person.full_name)
		.where(read.message.isin(messages))
		.orderby(read.read_on)
	).run(as_dict=True)
	result: dict[str, list[dict]] = {}
	for row in rows:
		result.setdefault(row.message, []).append(
			{"name": row.full_name or row.user, "at": format_datetime(row.read_on, "dd.MM.yyyy HH:mm")}
		)
	return result


def record_reads(messages: list, user: str):
	"""Each message read counts for Innsyn (a View Log row per message) and, for a message someone else
	sent, marks it read by ``user`` once."""
	if not messages or user == "Guest":
		return
	now = now_datetime()
	frappe.db.bulk_insert(
		"View Log",
		[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"viewed_by",
			"reference_doctype",
			"reference_name",
		],
		[
			(frappe.generate_hash(length=12), now, now, user, user, user, "Group Message", m.name)
			for m in messages
		],
	)
	others = [m for m in messages if m.sender != user]
	if others:
		frappe.db.bulk_insert(
			"Group Message Read",
			["name", "creation", "modified", "owner", "modified_by", "message", "group", "user", "read_on"],
			[
				(frappe.generate_hash(length=12), now, now, user, user, m.name, m.group, user, now)
				for m in others
			],
			ignore_duplicates=True,
		)
	frappe.local.flags.commit = True  # a GET request commits only when asked


# Writing ------------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def send_message(group: str, text: str, only_to_coordinator=0, reply_to: str | None = None) -> str:
	"""Send a message to the group's conversation, with the documents uploaded in the same request
	(form field ``documents``). Documents are checked before anything is stored."""
	documents = []
	request = getattr(frappe.local, "request", None)
	if request is not None and request.files:
		for upload in request.files.getlist("documents"):
			if upload and (upload.filename or "").strip():
				documents.append((upload.filename, upload.stream.read()))
	return post_message(group, text, cint(only_to_coordinator), reply_to, documents)


def post_message(
	group: str,
	text: str,
	only_to_coordinator: int = 0,
	reply_to: str | None = None,
	documents: list[tuple[str, bytes]] | tuple = (),
) -> str:
	"""The message and its documents, all or nothing: a document that is not a PDF, JPEG or PNG (by its
	content), is empty or larger than 10 MB stops the whole message (R19)."""
	check_takes_part(group)
	documents = list(documents)
	throw_problems(rules.documents_problems(documents))
	if reply_to and not may_read_message(reply_to):
		frappe.throw(_("You do not take part in this group's conversation."), frappe.PermissionError)
	message = frappe.get_doc(
		{
			"doctype": "Group Message",
			"group": group,
			"text": text,
			"only_to_coordinator": 1 if only_to_coordinator else 0,
			"reply_to": reply_to or None,
		}
	)
	message.validate_message()  # refused before any document is stored
	for file_name, content in documents:
		kind = rules.document_type(content)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{frappe.generate_hash(length=16)}.{rules.EXTENSIONS[kind][0]}",
				"content": content,
				"is_private": 1,
				"attached_to_doctype": "Responsibility Group",
				"attached_to_name": group,
			}
		)
		file.flags.message_document = True
		file.insert(ignore_permissions=True)
		message.append(
			"attachments",
			{
				"file": file.name,
				"file_name": rules.stored_file_name(file_name, kind),
				"document_type": kind,
				"file_size": len(content),
			},
		)
	message.flags.documents_uploaded = True
	message.insert(ignore_permissions=True)
	return message.name


@frappe.whitelist(methods=["POST"])
def withdraw_message(message: str) -> str:
	"""The sender withdraws a message: it shows as withdrawn (trukket tilbake) and keeps its content."""
	user = frappe.session.user
	doc = frappe.get_doc("Group Message", message) if frappe.db.exists("Group Message", message) else None
	if not doc or doc.sender != user or not may_read_message(message, user):
		frappe.throw(_("Only the sender can withdraw a message."), frappe.PermissionError)
	if doc.withdrawn:
		frappe.throw(_("The message is already withdrawn."), frappe.ValidationError)
	doc.withdrawn, doc.withdrawn_on, doc.withdrawn_by = 1, now_datetime(), user
	doc.flags.ignore_permissions = True
	doc.save()
	return doc.name


# Documents ----------------------------------------------------------------------------------------


@frappe.whitelist()
def document(attachment: str):
	"""A message's document, for whoever may read the message (a withdrawn one: its sender and the
	coordinator); each download is logged for Innsyn."""
	row = frappe.db.get_value(
		"Group Message Attachment",
		{"name": attachment, "parenttype": "Group Message"},
		["parent", "file", "file_name", "document_type"],
		as_dict=True,
	)
	if not row or not may_read_message(row.parent):
		frappe.throw(_("You may not open this document."), frappe.PermissionError)
	file = frappe.get_doc("File", row.file)
	log_export("File", file.name, DOWNLOAD_METHOD, file_type=row.document_type)
	frappe.local.flags.commit = True
	frappe.local.response.filename = row.file_name
	content = file.get_content()
	frappe.local.response.filecontent = content.encode() if isinstance(content, str) else content
	frappe.local.response.content_type = {"PDF": "application/pdf", "JPEG": "image/jpeg", "PNG": "image/png"}[
		row.document_type
	]
	frappe.local.response.display_content_as = "inline"
	frappe.local.response.type = "download"


# E-mail notices -----------------------------------------------------------------------------------

NOTICE_SUBJECT = "Ny melding om ansvarsgruppen"
NOTICE_TEXT = "Du har en ny melding om ansvarsgruppen, logg inn for å lese."


def readers(message) -> list[str]:
	"""Everyone but the sender who may read ``message`` today (R5): the coordinator, the members with
	access (not for a message to the coordinator only) and the family."""
	group = group_values(message.group)
	candidates = {group.coordinator} if group.coordinator else set()
	candidates |= set(
		frappe.get_all(
			"Group Member",
			filters={
				"group": message.group,
				"user": ("is", "set"),
				"status": ("in", (st.MEMBER_APPROVED, st.MEMBER_ACTIVE)),
			},
			pluck="user",
		)
	)
	candidates |= family_users(group.service_user)
	candidates.discard(message.sender)
	return sorted(user for user in candidates if user and may_read_message(message.name, user))


def family_users(service_user: str) -> set[str]:
	"""The portal users who may act for ``service_user``."""
	users = set(frappe.get_all("Service User", filters={"name": service_user}, pluck="portal_user")) | set(
		frappe.get_all(
			"Service User Relation",
			filters={"parent": service_user, "parenttype": "Service User", "portal_user": ("is", "set")},
			pluck="portal_user",
		)
	)
	return {user for user in users if user and service_user in represented(user)}


def notify_readers(message):
	"""An e-mail without content to each reader, at most one per recipient per hour, with no way to
	answer by e-mail (no reference to the group, a reply address nobody reads)."""
	for user in readers(message):
		send_notice(user)


def last_notice(user: str):
	notice = DocType("Message Notice")
	[(last,)] = frappe.qb.from_(notice).select(Max(notice.sent_on)).where(notice.recipient == user).run()
	return last


def send_notice(user: str) -> bool:
	if frappe.are_emails_muted():  # the demo and data imports write messages without mail
		return False
	email, enabled = frappe.db.get_value("User", user, ["email", "enabled"]) or (None, 0)
	now = now_datetime()
	if not (email and enabled) or not rules.notice_due(last_notice(user), now):
		return False
	try:
		frappe.get_doc(
			{
				"doctype": "Message Notice",
				"notice_key": f"{user}:{now:%Y-%m-%d %H}",
				"recipient": user,
				"sent_on": now,
			}
		).insert(ignore_permissions=True)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		return False  # a parallel message told this recipient first
	portal = is_portal_user(user)
	link = get_url("/mine-ansvarsgrupper" if portal else "/app/group-message")
	frappe.sendmail(
		recipients=[email],
		subject=NOTICE_SUBJECT,
		message=(
			f"<p>{escape_html(NOTICE_TEXT)}</p>"
			f'<p><a href="{link}">Logg inn</a></p>'
			"<p>Denne e-posten kan ikke besvares. Svar ved å logge inn.</p>"
		),
		reply_to=no_reply_address(),
		delayed=True,
	)
	return True


def no_reply_address() -> str:
	"""A reply address no Email Account receives, so a reply never becomes a Communication."""
	sender = frappe.db.get_value("Email Account", {"default_outgoing": 1}, "email_id") or ""
	domain = sender.rpartition("@")[2] or "example.invalid"
	return f"noreply@{domain}"
