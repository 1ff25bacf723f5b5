"""Conversations between the demo families and their groups, written through the app's own code (the
messages' rules, the documents' checks, the notices), so a newcomer sees the feature at once: a question
and its answer, a member's status, a school report as PDF, a photo, and a message to the coordinator only."""

import struct
import zlib

import frappe

from ansvarsgruppe.api.messages import post_message
from ansvarsgruppe.rules import status as st


def pdf_document(title: str, line: str) -> bytes:
	"""A one-page PDF with a title and a line of text (what a school's report looks like to the app)."""
	text = f"BT /F1 18 Tf 72 760 Td ({title}) Tj /F1 12 Tf 0 -30 Td ({line}) Tj ET".encode("latin-1")
	objects = [
		b"<< /Type /Catalog /Pages 2 0 R >>",
		b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
		b" /Resources << /Font << /F1 5 0 R >> >> >>",
		b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
		b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	]
	out, offsets = bytearray(b"%PDF-1.4\n"), []
	for number, body in enumerate(objects, start=1):
		offsets.append(len(out))
		out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
	xref = len(out)
	out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
	out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
	out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
	return bytes(out)


def png_photo(width: int = 64, height: int = 48) -> bytes:
	"""A small photo-like PNG (a colour gradient)."""
	return png(width, height, lambda x, y: (x * 4 % 256, y * 5 % 256, 160))


def png(width: int, height: int, pixel) -> bytes:
	"""A small RGB PNG drawn by ``pixel(x, y) -> (r, g, b)``."""
	rows = b"".join(
		b"\x00" + bytes(value for x in range(width) for value in pixel(x, y)) for y in range(height)
	)

	def chunk(tag: bytes, data: bytes) -> bytes:
		return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

	header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
	return (
		b"\x89PNG\r\n\x1a\n"
		+ chunk(b"IHDR", header)
		+ chunk(b"IDAT", zlib.compress(rows))
		+ chunk(b"IEND", b"")
	)


def ensure_conversations(families) -> int:
	"""A conversation in the open group of each demo family that has none yet; the second parent of the first
	family with two also writes to the coordinator only. Returns the number of messages written."""
	by_person: dict[str, list[str]] = {}
	for user, _name, _kind, person in families:
		by_person.setdefault(person, []).append(user)
	written, note_written = 0, False
	for k, (person, parents) in enumerate(by_person.items()):
		group = frappe.db.get_value(
			"Responsibility Group",
			{"service_user": person, "status": ("in", list(st.GROUP_OPEN))},
			["name", "coordinator"],
			as_dict=True,
		)
		if not group or frappe.db.exists("Group Message", {"group": group.name}):
			continue
		# the first family with two parents that gets a conversation also writes to the coordinator only
		note = not note_written and len(parents) > 1
		written += write_conversation(group, parents, k, note)
		note_written = note_written or note
	frappe.set_user("Administrator")
	return written


def write_conversation(group, parents: list[str], k: int, note_to_coordinator: bool = False) -> int:
	member = frappe.db.get_value(
		"Group Member",
		{
			"group": group.name,
			"member_role": "Professional",
			"status": ("in", (st.MEMBER_APPROVED, st.MEMBER_ACTIVE)),
			"user": ("is", "set"),
		},
		"user",
	)
	parent = parents[0]
	steps = [
		(parent, "Hei! Kan neste møte flyttes til en torsdag? Da kan begge foreldrene komme.", {}),
		(group.coordinator, "Det ordner jeg. Jeg sender ny innkalling når tidspunktet er avklart.", "reply"),
	]
	if k % 2 == 0:
		steps.append(
			(
				parent,
				"Her er rapporten fra skolen etter kartleggingen i høst.",
				{
					"documents": [
						("rapport-fra-skolen.pdf", pdf_document("Rapport fra skolen", "Kartlegging, hosten"))
					]
				},
			)
		)
	else:
		steps.append(
			(parent, "Bilde av ukeplanen vi bruker hjemme.", {"documents": [("ukeplan.png", png_photo())]})
		)
	if member:
		steps.append((member, "Status fra oss: tiltakene går som planlagt, vi tar det opp på møtet.", {}))
	if note_to_coordinator:
		steps.append(
			(
				parents[1],
				"Bare til deg: jeg vil gjerne snakke om situasjonen hjemme før møtet.",
				{"only_to_coordinator": 1},
			)
		)
		steps.append((group.coordinator, "Takk for at du sier fra. Jeg ringer deg i morgen.", "reply"))
	written, last = 0, None
	for user, text, options in steps:
		frappe.set_user(user)
		kwargs = {"reply_to": last} if options == "reply" else dict(options)
		try:
			last = post_message(group.name, text, **kwargs)
			written += 1
		except (frappe.ValidationError, frappe.PermissionError):
			frappe.clear_messages()
	frappe.set_user("Administrator")
	return written
