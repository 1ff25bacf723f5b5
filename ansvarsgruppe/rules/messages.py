"""Messages and documents between the family and the group (R4, R5, R19).

A message is written by the family (the person, or a parent or guardian acting for them), the coordinator
or a member the consent covers; the family may send it to the coordinator only. Once sent it is never
edited or deleted: the sender may withdraw it, which keeps its content. Documents from the family are
received documents (R19): PDF, JPEG or PNG, recognised by their content, at most 10 MB each.
"""

import datetime

from ansvarsgruppe.rules import Problem

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 5
MAX_TEXT_LENGTH = 5000
NOTICE_INTERVAL = datetime.timedelta(hours=1)

# What a document's first bytes say it is: (signature, type, extension).
SIGNATURES = (
	(b"%PDF-", "PDF", "pdf"),
	(b"\xff\xd8\xff", "JPEG", "jpg"),
	(b"\x89PNG\r\n\x1a\n", "PNG", "png"),
)
EXTENSIONS = {"PDF": ("pdf",), "JPEG": ("jpg", "jpeg"), "PNG": ("png",)}

# The fields a sent message keeps; only the withdrawal fields change, once.
WITHDRAWAL_FIELDS = ("withdrawn", "withdrawn_on", "withdrawn_by")
# A message's own content: who sent it, to whom, in answer to what, and its text.
CONTENT_FIELDS = (
	"sender",
	"sender_name",
	"sent_by_family",
	"only_to_coordinator",
	"private_with",
	"reply_to",
	"text",
)


def document_type(content: bytes) -> str | None:
	"""The document's type read from its first bytes (PDF, JPEG, PNG), whatever its name says."""
	for signature, kind, _extension in SIGNATURES:
		if content.startswith(signature):
			return kind
	return None


def stored_file_name(file_name: str, kind: str) -> str:
	"""The name a document keeps, with the extension its content has (``brev.pdf`` holding a PNG is
	``brev.png``)."""
	stem, dot, extension = (file_name or "").rpartition(".")
	if not dot:
		stem, extension = file_name or "dokument", ""
	if extension.lower() in EXTENSIONS[kind]:
		return file_name
	return f"{stem or 'dokument'}.{EXTENSIONS[kind][0]}"


def document_problem(file_name: str, content: bytes | None) -> Problem | None:
	"""R19: a received document is a PDF, JPEG or PNG (by content), not empty, at most 10 MB."""
	name = file_name or "dokument"
	if not content:
		return Problem("R19", "The file {file} is empty.", {"file": name})
	if len(content) > MAX_DOCUMENT_BYTES:
		return Problem(
			"R19",
			"The file {file} is larger than {megabytes} MB.",
			{"file": name, "megabytes": MAX_DOCUMENT_BYTES // (1024 * 1024)},
		)
	if document_type(content) is None:
		return Problem("R19", "The file {file} is not a PDF, JPEG or PNG document.", {"file": name})
	return None


def documents_problems(documents: list[tuple[str, bytes]]) -> list[Problem]:
	"""Every problem with the documents of one message (all or none are stored)."""
	problems = []
	if len(documents) > MAX_DOCUMENTS:
		problems.append(
			Problem("R19", "Attach at most {count} documents to one message.", {"count": MAX_DOCUMENTS})
		)
	problems += [p for p in (document_problem(name, content) for name, content in documents) if p]
	return problems


def message_problems(message: dict, is_new: bool) -> list[Problem]:
	"""A message as written: ``text``, ``group_open``, ``takes_part`` (the sender may read and write the
	group's conversation, R5), ``from_family``, ``from_coordinator``, ``only_to_coordinator`` and
	``reply_private`` (it answers a message sent to the coordinator only)."""
	if not is_new:
		return []
	problems = []
	text = (message.get("text") or "").strip()
	if not text:
		problems.append(Problem("R5", "Write a message."))
	elif len(text) > MAX_TEXT_LENGTH:
		problems.append(
			Problem("R5", "The message is longer than {count} characters.", {"count": MAX_TEXT_LENGTH})
		)
	if not message.get("group_open"):
		problems.append(Problem("R5", "Messages can only be sent in an open group."))
	if not message.get("takes_part"):
		problems.append(Problem("R5", "You do not take part in this group's conversation."))
	if message.get("only_to_coordinator") and not (
		message.get("from_family") or (message.get("from_coordinator") and message.get("reply_private"))
	):
		problems.append(Problem("R5", "Only the family sends a message to the coordinator only."))
	return problems


def change_problem(before: dict, after: dict) -> Problem | None:
	"""A sent message is never edited: only withdrawn, once, by its sender (``withdrawn_by``)."""
	changed = {field for field in set(before) | set(after) if before.get(field) != after.get(field)}
	if not changed:
		return None
	if (
		changed <= set(WITHDRAWAL_FIELDS)
		and not before.get("withdrawn")
		and after.get("withdrawn")
		and after.get("withdrawn_by") == before.get("sender")
	):
		return None
	return Problem("R19", "A sent message cannot be changed; its sender can withdraw it.")


def deletion_problem() -> Problem:
	return Problem("R19", "A sent message cannot be deleted; its sender can withdraw it.")


def reads_withdrawn(user: str, sender: str | None, coordinator: str | None) -> bool:
	"""A withdrawn message and its documents are read by their sender and the group's coordinator only
	(the archive keeps them, R19)."""
	return bool(user) and user in (sender, coordinator)


def notice_due(last_sent: datetime.datetime | None, now: datetime.datetime) -> bool:
	"""At most one e-mail notice per recipient per hour."""
	return last_sent is None or now - last_sent >= NOTICE_INTERVAL
