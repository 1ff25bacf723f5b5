"""Messages and documents between the family and the group (R5, R19): who reads and writes, the documents'
checks, the e-mail notice, read status, withdrawal and Innsyn."""

import email
from email import policy

import frappe
from frappe.utils import add_to_date, now_datetime

from ansvarsgruppe.api import messages as api
from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.audit.history import access_history
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


class MessagesTestCase(f.MunicipalityTestCase):
	sends_email = True

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		staff = cls.staff
		town = cls.town = f.Municipality(staff)
		for key, value in f.conversation_scene(town).items():
			setattr(cls, key, value)
		other = f.make_service_user(
			relations=[f.parent("Per Annen", email=f"per.{frappe.generate_hash(length=6)}@example.no")]
		)
		cls.other_parent = invite(other.name, other.relations[0].name)
		frappe.db.delete("Message Notice")

	def post(self, user, text="Kan møtet flyttes til torsdag?", **kwargs):
		with self.set_user(user):
			return api.post_message(self.group, text, **kwargs)

	def conversation(self, user) -> dict:
		with self.set_user(user):
			return api.get_conversation(self.group)

	def texts(self, user) -> list[str]:
		return [m["text"] for m in self.conversation(user)["messages"]]

	def refused(self, user, action):
		with self.set_user(user):
			with self.assertRaises(frappe.PermissionError):
				action()


class WhoReadsAndWrites:
	def test_r5_the_family_the_coordinator_and_covered_members_take_part(self):
		s = self.staff
		name = self.post(self.parent, "Her er rapporten fra skolen.")
		answer = self.post(s.coordinator, "Takk, vi tar den opp på møtet.", reply_to=name)
		member_note = self.post(s.teacher, "Jeg har lest rapporten.")
		for user in (self.parent, self.mother, s.coordinator, s.teacher, s.nurse):
			texts = self.texts(user)
			for text in (
				"Her er rapporten fra skolen.",
				"Takk, vi tar den opp på møtet.",
				"Jeg har lest rapporten.",
			):
				self.assertIn(text, texts, user)
		self.assertTrue(frappe.db.exists("Group Message", answer))
		self.assertEqual(frappe.db.get_value("Group Message", member_note, "sender"), s.teacher)

	def test_r5_nobody_else_reads_or_writes(self):
		s = self.staff
		self.post(self.parent, "Hemmelig for andre")
		# an ended member, an outsider, the unit leader and KE (who read the group), another family
		for user in (self.ended, s.outsider, self.leader, self.ke, self.other_parent):
			self.refused(user, lambda: api.get_conversation(self.group))
			self.refused(user, lambda: api.post_message(self.group, "Forsøk"))
			if user != self.other_parent:
				with self.set_user(user):
					listed = frappe.get_list("Group Message", filters={"group": self.group}, pluck="name")
				self.assertEqual(listed, [], user)

	def test_r5_a_member_whose_membership_ended_no_longer_reads(self):
		s = self.staff
		self.post(self.parent, "Før medlemskapet sluttet")
		self.assertIn("Før medlemskapet sluttet", self.texts(s.teacher))
		frappe.db.savepoint("ended")
		member = frappe.get_value("Group Member", {"group": self.group, "user": s.teacher})
		frappe.db.set_value("Group Member", member, "status", st.MEMBER_ENDED)
		self.refused(s.teacher, lambda: api.get_conversation(self.group))
		self.refused(s.teacher, lambda: api.post_message(self.group, "Etter slutt"))
		name = frappe.get_all("Group Message", {"group": self.group}, pluck="name", limit=1)[0]
		self.assertFalse(api.may_read_message(name, s.teacher))
		frappe.db.rollback(save_point="ended")

	def test_r5_after_a_partial_withdrawal_the_uncovered_unit_no_longer_reads(self):
		from ansvarsgruppe.api.portal import withdraw_consent

		s = self.staff
		name = self.post(self.parent, "Før tilbaketrekkingen")
		self.assertIn("Før tilbaketrekkingen", self.texts(s.nurse))
		frappe.db.savepoint("withdrawal")
		with self.set_user(self.parent):
			withdraw_consent(self.town.consent.name, "Helsestasjonen trenger ikke dette", s.health)
		self.refused(s.nurse, lambda: api.get_conversation(self.group))
		self.assertFalse(api.may_read_message(name, s.nurse))
		self.assertIn("Før tilbaketrekkingen", self.texts(s.teacher), "the school is still covered")
		self.assertNotIn(s.nurse, api.readers(frappe.get_doc("Group Message", name)))
		frappe.db.rollback(save_point="withdrawal")

	def test_r5_only_to_the_coordinator_is_hidden_from_the_members_and_the_other_parent(self):
		s = self.staff
		private = self.post(self.parent, "Bare til deg: vi går gjennom en skilsmisse.", only_to_coordinator=1)
		answer = self.post(s.coordinator, "Takk for at du sier fra.", reply_to=private)
		self.assertEqual(frappe.db.get_value("Group Message", answer, "only_to_coordinator"), 1)
		for user in (self.parent, s.coordinator):
			texts = self.texts(user)
			self.assertIn("Bare til deg: vi går gjennom en skilsmisse.", texts, user)
			self.assertIn("Takk for at du sier fra.", texts, user)
		for user in (s.teacher, s.nurse, self.mother):
			texts = self.texts(user)
			self.assertNotIn("Bare til deg: vi går gjennom en skilsmisse.", texts, user)
			self.assertNotIn("Takk for at du sier fra.", texts, user)
			self.assertFalse(api.may_read_message(private, user), user)
		with self.set_user(s.teacher):
			self.assertFalse(frappe.has_permission("Group Message", "read", doc=private))
			self.assertNotIn(private, frappe.get_list("Group Message", pluck="name"))
		# only the family chooses it; a member cannot hide a message from the family
		with self.set_user(s.teacher):
			with self.assertRaises(frappe.ValidationError):
				api.post_message(self.group, "Bare til koordinator", only_to_coordinator=1)

	def test_r5_a_closed_group_takes_no_new_messages(self):
		frappe.db.savepoint("closed")
		frappe.db.set_value("Responsibility Group", self.group, "status", st.GROUP_CLOSED)
		self.refused(self.parent, lambda: api.post_message(self.group, "Etter avslutning"))
		with self.set_user(self.staff.coordinator):
			with self.assertRaises(frappe.ValidationError):
				api.post_message(self.group, "Etter avslutning")
		frappe.db.rollback(save_point="closed")


class Documents:
	def count_files(self) -> int:
		return frappe.db.count(
			"File", {"attached_to_doctype": "Responsibility Group", "attached_to_name": self.group}
		)

	def test_r19_a_pdf_and_a_photo_are_stored_private_on_the_groups_record(self):
		name = self.post(
			self.parent,
			"Her er rapporten og et bilde.",
			documents=[("skolerapport.pdf", PDF), ("bilde.pdf", PNG)],
		)
		message = frappe.get_doc("Group Message", name)
		self.assertEqual([row.document_type for row in message.attachments], ["PDF", "PNG"])
		self.assertEqual(message.attachments[1].file_name, "bilde.png", "named by its content")
		for row in message.attachments:
			file = frappe.get_doc("File", row.file)
			self.assertEqual(
				(file.attached_to_doctype, file.attached_to_name), ("Responsibility Group", self.group)
			)
			self.assertTrue(file.is_private)
			self.assertNotIn("skolerapport", file.file_name, "the stored name tells nothing")
		self.assertFalse(
			frappe.db.exists("Comment", {"reference_name": self.group, "comment_type": "Attachment"}),
			"no comment on the group's timeline names the document",
		)

	def test_r19_a_12_mb_file_an_exe_renamed_pdf_and_an_empty_file_are_refused_and_nothing_stored(self):
		too_big = PDF + b"0" * (12 * 1024 * 1024)
		for documents in (
			[("stor.pdf", too_big)],
			[("program.pdf", EXE)],
			[("tom.pdf", b"")],
			[("ok.pdf", PDF), ("program.pdf", EXE)],
		):
			files, messages = self.count_files(), frappe.db.count("Group Message")
			all_files = frappe.db.count("File")
			with self.set_user(self.parent):
				self.assertRefused(
					"R19", lambda d=documents: api.post_message(self.group, "Vedlegg", documents=d), "File"
				)
			self.assertEqual(self.count_files(), files, documents[0][0])
			self.assertEqual(frappe.db.count("File"), all_files)
			self.assertEqual(frappe.db.count("Group Message"), messages)

	def test_r19_the_error_is_norwegian(self):
		frappe.local.lang = "no"
		with self.set_user(self.parent):
			with self.assertRaises(frappe.ValidationError) as caught:
				api.post_message(self.group, "Med vedlegg", documents=[("program.pdf", EXE)])
		self.assertIn("program.pdf", str(caught.exception))
		self.assertIn("PDF, JPEG eller PNG", str(caught.exception))

	def test_r5_documents_are_read_as_their_message_and_each_download_is_logged(self):
		s = self.staff
		private = self.post(
			self.parent, "Legeerklæring", only_to_coordinator=1, documents=[("lege.pdf", PDF)]
		)
		row = frappe.get_doc("Group Message", private).attachments[0]
		file = frappe.get_doc("File", row.file)
		for user, allowed in (
			(s.coordinator, True),
			(self.parent, True),
			(s.teacher, False),
			(self.mother, False),
			(self.leader, False),
			(self.ke, False),
			(s.outsider, False),
		):
			with self.set_user(user):
				self.assertEqual(file.is_downloadable(), allowed, user)
				self.assertEqual(bool(frappe.has_permission("File", "read", doc=file)), allowed, user)
				listed = frappe.get_list("File", filters={"name": file.name}, pluck="name")
				self.assertEqual(bool(listed), allowed and user != self.parent, user)  # the portal lists none
				if not allowed:
					with self.assertRaises(frappe.PermissionError):
						api.document(row.name)
		before = frappe.db.count("Access Log", {"export_from": "File", "reference_document": file.name})
		with self.set_user(s.coordinator):
			api.document(row.name)
			self.assertEqual(frappe.local.response.filecontent, PDF)
		self.assertEqual(
			frappe.db.count("Access Log", {"export_from": "File", "reference_document": file.name}),
			before + 1,
		)
		# nobody changes or deletes it
		with self.set_user(s.coordinator):
			self.assertFalse(frappe.has_permission("File", "write", doc=file))
			self.assertFalse(frappe.has_permission("File", "delete", doc=file))

	def test_r5_the_groups_form_lists_only_the_documents_the_user_may_read(self):
		from ansvarsgruppe.permissions.files import getdoc

		private = self.post(self.parent, "Privat vedlegg", only_to_coordinator=1, documents=[("p.pdf", PDF)])
		file = frappe.get_doc("Group Message", private).attachments[0].file
		for user, listed in (
			(self.staff.coordinator, True),
			(self.staff.teacher, False),
			(self.leader, False),
		):
			frappe.local.response = frappe._dict(docs=[])
			with self.set_user(user):
				getdoc("Responsibility Group", self.group)
			names = {a["name"] for a in frappe.response.docinfo.attachments}
			self.assertEqual(file in names, listed, user)

	def test_r5_a_message_cannot_borrow_another_messages_document(self):
		name = self.post(self.parent, "Vedlegg", documents=[("lege.pdf", PDF)])
		file = frappe.get_doc("Group Message", name).attachments[0].file
		with self.set_user(self.staff.teacher):
			doc = frappe.get_doc(
				{
					"doctype": "Group Message",
					"group": self.group,
					"text": "Låner",
					"attachments": [{"file": file}],
				}
			)
			with self.assertRaises(frappe.ValidationError):
				doc.insert()


class NoticeAndReadStatus:
	def notices(self, user) -> list:
		email = frappe.db.get_value("User", user, "email")
		return frappe.get_all(
			"Email Queue",
			filters={
				"name": ("in", frappe.get_all("Email Queue Recipient", {"recipient": email}, pluck="parent"))
			},
			fields=["name", "message", "reference_doctype", "reference_name"],
		)

	def test_the_notice_carries_no_content_and_goes_once_an_hour(self):
		s = self.staff
		frappe.db.delete("Message Notice")
		start = now_datetime()
		before = len(self.notices(s.coordinator))
		with self.freeze_time(start):
			self.post(self.parent, "Kan møtet flyttes? Gutten har time hos legen.")
			self.post(self.parent, "Og en melding til")
		mails = self.notices(s.coordinator)
		self.assertEqual(len(mails), before + 1, "one notice for two messages within the hour")
		mail = email.message_from_string(mails[-1]["message"], policy=policy.default)
		body = mail.get_body(preferencelist=("html",)).get_content() + str(mail["Subject"])
		self.assertIn("Du har en ny melding om ansvarsgruppen, logg inn for å lese", body)
		for secret in ("legen", "flyttes", self.town.child.full_name, self.group, "Ola Forelder"):
			self.assertNotIn(secret, body)
		self.assertFalse(mails[-1]["reference_doctype"], "no reference a reply could be threaded to")
		self.assertTrue(str(mail["Reply-To"]).startswith("noreply@"), mail["Reply-To"])
		with self.freeze_time(add_to_date(start, minutes=30)):
			self.post(self.parent, "Halvtime senere")
		self.assertEqual(len(self.notices(s.coordinator)), before + 1)
		with self.freeze_time(add_to_date(start, minutes=61)):
			self.post(self.parent, "Over en time senere")
		self.assertEqual(len(self.notices(s.coordinator)), before + 2)

	def test_r5_the_notice_reaches_only_those_who_may_read(self):
		s = self.staff
		frappe.db.delete("Message Notice")
		name = self.post(self.parent, "Bare til koordinator", only_to_coordinator=1)
		recipients = api.readers(frappe.get_doc("Group Message", name))
		self.assertEqual(recipients, [s.coordinator])
		name = self.post(self.parent, "Til alle")
		recipients = set(api.readers(frappe.get_doc("Group Message", name)))
		self.assertEqual(recipients, {s.coordinator, s.teacher, s.nurse, self.mother})
		for user in (self.ended, self.leader, self.ke, self.parent):
			self.assertNotIn(user, recipients)

	def test_the_sender_sees_who_has_read_the_message(self):
		s = self.staff
		name = self.post(self.parent, "Har dere lest dette?")
		mine = next(m for m in self.conversation(self.parent)["messages"] if m["name"] == name)
		self.assertEqual(mine["read_by"], [])
		self.conversation(s.coordinator)
		self.conversation(s.coordinator)  # read twice, counted once
		mine = next(m for m in self.conversation(self.parent)["messages"] if m["name"] == name)
		self.assertEqual([r["name"] for r in mine["read_by"]], ["Kari Koordinator"])
		theirs = next(m for m in self.conversation(s.coordinator)["messages"] if m["name"] == name)
		self.assertEqual(theirs["read_by"], [], "read status is for the sender")

	def test_innsyn_counts_every_read_of_a_message(self):
		name = self.post(self.parent, "Telles for innsyn")
		before = frappe.db.count("View Log", {"reference_doctype": "Group Message", "reference_name": name})
		self.conversation(self.staff.teacher)
		self.conversation(self.staff.teacher)
		self.assertEqual(
			frappe.db.count("View Log", {"reference_doctype": "Group Message", "reference_name": name}),
			before + 2,
		)
		rows = [r for r in access_history(self.group) if r["record"] == name]
		self.assertIn("Per Lærer", {r["full_name"] for r in rows})


class SentMessagesStay:
	def test_r19_a_sent_message_is_neither_edited_nor_deleted(self):
		name = self.post(self.parent, "Opprinnelig tekst")
		for user in (self.staff.coordinator, "Administrator"):
			with self.set_user(user):
				doc = frappe.get_doc("Group Message", name)
				doc.text = "Endret"
				with self.assertRaises((frappe.ValidationError, frappe.PermissionError)):
					doc.save(ignore_permissions=True)
				with self.assertRaises((frappe.ValidationError, frappe.PermissionError)):
					frappe.delete_doc("Group Message", name, ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Group Message", name, "text"), "Opprinnelig tekst")

	def test_r19_the_sender_withdraws_it_and_the_content_is_kept(self):
		name = self.post(self.parent, "Dette ble feil", documents=[("feil.pdf", PDF)])
		self.refused(self.staff.coordinator, lambda: api.withdraw_message(name))
		self.refused(self.mother, lambda: api.withdraw_message(name))
		with self.set_user(self.parent):
			api.withdraw_message(name)
			with self.assertRaises(frappe.ValidationError):
				api.withdraw_message(name)
		stored = frappe.db.get_value(
			"Group Message", name, ["text", "withdrawn", "withdrawn_by"], as_dict=True
		)
		self.assertEqual(
			(stored.text, stored.withdrawn, stored.withdrawn_by), ("Dette ble feil", 1, self.parent)
		)
		self.assertEqual(
			frappe.db.count("Group Message Attachment", {"parent": name}), 1, "kept for the archive"
		)
		for user in (self.staff.coordinator, self.parent):
			shown = next(m for m in self.conversation(user)["messages"] if m["name"] == name)
			self.assertIn("trukket tilbake", shown["withdrawn_text"])
			self.assertEqual((shown["text"], shown["documents"]), ("", []))


class TestMessages(WhoReadsAndWrites, Documents, NoticeAndReadStatus, SentMessagesStay, MessagesTestCase):
	"""One municipality for every test (its users are slow to make); each test leaves what it changed
	in access behind a savepoint."""
