"""Attack suite (messages): every road into a group's conversation and its documents, tried over HTTP
against the served test site as real users of every role (R5, R19).

Roads: the desk's REST (``/api/resource``, v1 and v2), ``frappe.client`` (get, get_list, get_count,
get_value, insert, set_value, delete), link search, the child table read directly, print and PDF, the
documents by ``/private/files``, by the File record and by the app's download, the app's own endpoints
(conversation, send, withdraw, upload), and the e-mail notice. Every forbidden attempt is refused or
answers nothing and changes nothing (rows counted before and after); every allowed one still works. The
data is committed (the web server reads it through its own connection) and removed when the module ends.
"""

import email
from email import policy

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils.password import update_password

from ansvarsgruppe.api import messages as api
from ansvarsgruppe.api.portal import invite, withdraw_consent
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

PASSWORD = "Angrep-Meldinger-2026!"
ATTEMPTS = [0]
S = frappe._dict()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
SECRET = "Gutten har epilepsi, se legeerklaeringen"
OPEN_TEXT = "Kan vi flytte neste samling til torsdag?"


def setUpModule():
	frappe.set_user("Administrator")
	f.ensure_outgoing_email_account()
	with f.unthrottled_users():
		build_scene(S)
	frappe.db.commit()


def tearDownModule():
	frappe.set_user("Administrator")
	frappe.db.rollback()
	remove_scene()
	frappe.db.commit()
	print(f"\nattack suite (messages): {ATTEMPTS[0]} attempts")


def build_scene(s):
	town = s.town = f.Municipality()
	s.coordinator, s.teacher, s.nurse, s.outsider = (
		town.coordinator,
		town.teacher,
		town.nurse,
		town.outsider,
	)
	s.update(f.conversation_scene(town))
	s.other_coordinator = f.make_user("Olav Annen", ["Coordinator"])
	other = s.other_child = f.make_service_user(
		relations=[f.parent("Per Annen", email=f"per.{frappe.generate_hash(length=6)}@example.no")]
	)
	other_consent = f.make_consent(other, [town.welfare])
	s.other_group = f.make_group(
		other.name, town.welfare, s.other_coordinator, other_consent.name, status=st.GROUP_APPROVED
	).name
	s.other_parent = invite(other.name, other.relations[0].name)
	s.users = [
		s.coordinator,
		s.teacher,
		s.nurse,
		s.outsider,
		s.ended,
		s.leader,
		s.ke,
		s.other_coordinator,
		s.parent,
		s.mother,
		s.other_parent,
	]
	for user in s.users:
		update_password(user, PASSWORD)
	frappe.set_user(s.parent)
	s.open = api.post_message(s.group, OPEN_TEXT, documents=[("timeliste.pdf", PDF)])
	s.private = api.post_message(
		s.group, SECRET, only_to_coordinator=1, documents=[("legeerklaering.pdf", PDF + b"%privat\n")]
	)
	frappe.set_user("Administrator")
	s.open_row = frappe.get_doc("Group Message", s.open).attachments[0]
	s.private_row = frappe.get_doc("Group Message", s.private).attachments[0]
	s.private_file = frappe.get_doc("File", s.private_row.file)
	s.open_file = frappe.get_doc("File", s.open_row.file)
	# the health unit loses coverage: the nurse keeps her membership row but loses access (R5)
	withdraw_consent(town.consent.name, "Helsestasjonen trenger ikke lenger opplysninger", town.health)


def remove_scene():
	groups = [g for g in (S.get("group"), S.get("other_group")) if g]
	messages = frappe.get_all("Group Message", {"group": ("in", groups or ["-"])}, pluck="name")
	if messages:
		files = frappe.get_all("Group Message Attachment", {"parent": ("in", messages)}, pluck="file")
		frappe.db.delete("Group Message Attachment", {"parent": ("in", messages)})
		frappe.db.delete("Group Message Read", {"message": ("in", messages)})
		frappe.db.delete("Group Message", {"name": ("in", messages)})
		for file in files:
			frappe.delete_doc("File", file, force=True, ignore_permissions=True)


class Web(f.WebSession):
	def __init__(self, user: str):
		super().__init__(user, PASSWORD)


def fresh():
	frappe.db.rollback()


def count(doctype: str, filters=None) -> int:
	fresh()
	return frappe.db.count(doctype, filters)


class MessageAttackCase(FrappeTestCase):
	sessions: dict = {}

	def web(self, user: str) -> Web:
		if user not in MessageAttackCase.sessions:
			MessageAttackCase.sessions[user] = Web(user)
		return MessageAttackCase.sessions[user]

	def refused(self, response, *secrets, what=""):
		ATTEMPTS[0] += 1
		self.assertIn(
			response.status_code, (403, 404, 417), f"{what}: {response.status_code} {response.text[:300]}"
		)
		for secret in secrets:
			self.assertNotIn(secret, response.text, what)

	def answered_nothing(self, response, *secrets, what=""):
		"""Refused, or answered without the secret (an empty list, a count of 0)."""
		ATTEMPTS[0] += 1
		for secret in secrets:
			self.assertNotIn(secret, response.text, what)
		if response.ok:
			data = response.json()
			value = data.get("message", data.get("data"))
			self.assertIn(value, ([], 0, None, {}), f"{what}: {response.text[:300]}")

	def allowed(self, response, what=""):
		ATTEMPTS[0] += 1
		self.assertEqual(response.status_code, 200, f"{what}: {response.text[:300]}")
		return response

	def staff_without_access(self) -> dict[str, str]:
		return {
			"ended member": S.ended,
			"uncovered member": S.nurse,
			"unit leader": S.leader,
			"KE": S.ke,
			"outsider": S.outsider,
			"another group's coordinator": S.other_coordinator,
		}

	def nobody_but_the_private_thread(self) -> dict[str, str]:
		"""Who may not read the message to the coordinator only."""
		return {
			**self.staff_without_access(),
			"member": S.teacher,
			"other parent": S.mother,
			"other family": S.other_parent,
		}


class TestReadingRoads(MessageAttackCase):
	def test_r5_the_framework_reads_the_conversation_only_as_its_rules_allow(self):
		for role, user in self.nobody_but_the_private_thread().items():
			web = self.web(user)
			for path in (
				f"/api/resource/Group Message/{S.private}",
				f"/api/v2/document/Group Message/{S.private}",
			):
				self.refused(web.get(path), SECRET, what=f"{role} REST {path}")
			self.refused(
				web.call("frappe.client.get", doctype="Group Message", name=S.private), SECRET, what=role
			)
			self.refused(
				web.call("frappe.desk.form.load.getdoc", doctype="Group Message", name=S.private),
				SECRET,
				what=role,
			)
			for road in (
				web.get("/api/resource/Group Message", fields=["name", "text"], limit_page_length=0),
				web.call("frappe.client.get_list", doctype="Group Message", fields=["name", "text"]),
				web.call(
					"frappe.client.get_value",
					doctype="Group Message",
					fieldname="text",
					filters={"name": S.private},
				),
				web.call(
					"frappe.desk.search.search_link",
					doctype="Group Message",
					txt=S.private,
					ignore_user_permissions=1,
				),
				web.call(
					"frappe.desk.search.search_widget",
					doctype="Group Message",
					txt="",
					ignore_user_permissions=1,
				),
				web.call(
					"frappe.desk.reportview.get",
					doctype="Group Message",
					fields=["`tabGroup Message`.`text`"],
				),
			):
				self.assertNotIn(SECRET, road.text, role)
				self.assertNotIn(S.private, road.text, role)
				ATTEMPTS[0] += 1
			response = web.call(
				"frappe.client.get_count", doctype="Group Message", filters={"name": S.private}
			)
			self.answered_nothing(response, what=f"{role} counts the private message")
		# the members with access read the open message, never the private one
		teacher = self.web(S.teacher)
		self.allowed(teacher.get(f"/api/resource/Group Message/{S.open}"), "a member reads the open message")
		listed = teacher.get("/api/resource/Group Message", fields=["name"], limit_page_length=0).json()[
			"data"
		]
		self.assertEqual({row["name"] for row in listed} & {S.open, S.private}, {S.open})
		# the coordinator reads both
		coordinator = self.web(S.coordinator)
		self.assertIn(SECRET, self.allowed(coordinator.get(f"/api/resource/Group Message/{S.private}")).text)

	def test_r5_staff_without_access_reach_no_open_message_either(self):
		for role, user in self.staff_without_access().items():
			web = self.web(user)
			self.refused(web.get(f"/api/resource/Group Message/{S.open}"), OPEN_TEXT, what=role)
			self.refused(
				web.call("ansvarsgruppe.api.messages.get_conversation", group=S.group), OPEN_TEXT, what=role
			)
			summary = web.call("ansvarsgruppe.api.messages.conversation_summary", group=S.group).json()[
				"message"
			]
			ATTEMPTS[0] += 1
			self.assertEqual(summary, {"takes_part": False, "unread": 0}, role)
		for user in (S.other_parent,):
			self.refused(
				self.web(user).call("ansvarsgruppe.api.messages.get_conversation", group=S.group), OPEN_TEXT
			)

	def test_r5_the_child_table_is_read_only_through_a_readable_message(self):
		for role, user in self.nobody_but_the_private_thread().items():
			web = self.web(user)
			rows = web.get(
				"/api/resource/Group Message Attachment",
				parent="Group Message",
				fields=["name", "parent", "file_name"],
				limit_page_length=0,
			)
			self.assertNotIn("legeerklaering", rows.text, role)
			ATTEMPTS[0] += 1
			self.refused(web.get(f"/api/resource/Group Message Attachment/{S.private_row.name}"), what=role)
			response = web.call("frappe.client.get_count", doctype="Group Message Attachment", filters={})
			self.answered_nothing(response, what=f"{role} counts documents")

	def test_r5_no_print_road_shows_a_message(self):
		for role, user in {**self.nobody_but_the_private_thread(), "parent": S.parent}.items():
			web = self.web(user)
			for road, response in (
				(
					"PDF",
					web.get(
						"/api/method/frappe.utils.print_format.download_pdf",
						doctype="Group Message",
						name=S.private,
					),
				),
				("print view", web.get("/printview", doctype="Group Message", name=S.private)),
				(
					"print preview",
					web.call("frappe.www.printview.get_html_and_style", doc="Group Message", name=S.private),
				),
			):
				ATTEMPTS[0] += 1
				self.assertNotIn(SECRET, response.text, f"{role} {road}")
				self.assertNotIn("legeerklaering", response.text, f"{role} {road}")
				if road != "print view":  # the print view answers with a page saying so
					self.assertNotEqual(response.status_code, 200, f"{role} {road}")
		# the coordinator, who reads the message, may print it, and the print is logged for Innsyn
		before = count("Access Log", {"export_from": "Group Message", "reference_document": S.private})
		response = self.allowed(
			self.web(S.coordinator).get(
				"/api/method/frappe.utils.print_format.download_pdf", doctype="Group Message", name=S.private
			)
		)
		self.assertTrue(response.content.startswith(b"%PDF"))
		self.assertEqual(
			count("Access Log", {"export_from": "Group Message", "reference_document": S.private}), before + 1
		)

	def test_r5_bookkeeping_is_read_by_nobody_through_the_framework(self):
		for user in (S.coordinator, S.teacher, S.parent, S.ke):
			web = self.web(user)
			for doctype in ("Group Message Read", "Message Notice"):
				self.answered_nothing(
					web.get(f"/api/resource/{doctype}", fields=["*"]), what=f"{user} {doctype}"
				)
				self.answered_nothing(
					web.call("frappe.client.get_count", doctype=doctype, filters={}),
					what=f"{user} counts {doctype}",
				)


class TestDocumentRoads(MessageAttackCase):
	def test_r19_a_document_is_downloaded_only_by_who_reads_its_message(self):
		url = S.private_file.file_url
		for role, user in self.nobody_but_the_private_thread().items():
			web = self.web(user)
			self.refused(web.get(url), what=f"{role} {url}")
			self.refused(web.get(url, fid=S.private_file.name), what=f"{role} {url} by id")
			self.refused(web.get(f"/api/resource/File/{S.private_file.name}"), "legeerklaering", what=role)
			self.refused(
				web.call("ansvarsgruppe.api.messages.document", attachment=S.private_row.name),
				what=f"{role} download",
			)
			listed = web.get(
				"/api/resource/File",
				filters={"attached_to_name": S.group},
				fields=["name", "file_url"],
				limit_page_length=0,
			)
			ATTEMPTS[0] += 1
			self.assertNotIn(S.private_file.name, listed.text, f"{role} lists the document")
		for user in (S.coordinator, S.parent):
			web = self.web(user)
			before = count("Access Log", {"export_from": "File", "reference_document": S.private_file.name})
			response = self.allowed(web.get(url), f"{user} /private/files")
			self.assertTrue(response.content.startswith(b"%PDF"))
			response = self.allowed(
				web.get("/api/method/ansvarsgruppe.api.messages.document", attachment=S.private_row.name)
			)
			self.assertTrue(response.content.startswith(b"%PDF"))
			self.assertEqual(
				count("Access Log", {"export_from": "File", "reference_document": S.private_file.name}),
				before + 2,
				"each download is logged for Innsyn",
			)
		# the open message's document is read by the members with access, and by the whole family
		for user in (S.teacher, S.mother):
			self.allowed(
				self.web(user).get(
					"/api/method/ansvarsgruppe.api.messages.document", attachment=S.open_row.name
				)
			)

	def test_r19_nobody_makes_a_document_public_moves_or_deletes_it(self):
		for user in (S.coordinator, S.parent, S.teacher):
			web = self.web(user)
			for fieldname, value in (("is_private", 0), ("attached_to_name", S.other_group)):
				response = web.set_value("File", S.private_file.name, fieldname, value)
				self.refused(response, what=f"{user} sets {fieldname}")
			self.refused(
				web.call("frappe.client.delete", doctype="File", name=S.private_file.name), what=user
			)
		fresh()
		stored = frappe.db.get_value(
			"File", S.private_file.name, ["is_private", "attached_to_name"], as_dict=True
		)
		self.assertEqual((stored.is_private, stored.attached_to_name), (1, S.group))


class TestWritingRoads(MessageAttackCase):
	def test_r19_a_sent_message_is_not_changed_or_deleted_on_any_road(self):
		for user in (S.coordinator, S.parent, S.teacher, S.ke):
			web = self.web(user)
			for fieldname, value in (
				("text", "Endret"),
				("only_to_coordinator", 0),
				("group", S.other_group),
			):
				response = web.set_value("Group Message", S.private, fieldname, value)
				self.refused(response, what=f"{user} sets {fieldname}")
			self.refused(web.call("frappe.client.delete", doctype="Group Message", name=S.private), what=user)
			if user != S.parent:  # the sender may withdraw it (tried on a message of their own below)
				self.refused(
					web.call("ansvarsgruppe.api.messages.withdraw_message", message=S.private),
					what=f"{user} withdraws",
				)
		fresh()
		stored = frappe.db.get_value(
			"Group Message", S.private, ["text", "only_to_coordinator", "withdrawn"], as_dict=True
		)
		self.assertEqual((stored.text, stored.only_to_coordinator, stored.withdrawn), (SECRET, 1, 0))

	def test_r5_nobody_writes_where_they_may_not_read(self):
		before = count("Group Message")
		for role, user in {**self.staff_without_access(), "other family": S.other_parent}.items():
			web = self.web(user)
			self.refused(
				web.call("ansvarsgruppe.api.messages.send_message", group=S.group, text="Forsøk"),
				what=f"{role} sends",
			)
			doc = {"doctype": "Group Message", "group": S.group, "text": "Forsøk"}
			self.refused(web.call("frappe.client.insert", doc=doc), what=f"{role} inserts")
		# a member hides nothing from the family, and borrows no other message's document
		teacher = self.web(S.teacher)
		doc = {"doctype": "Group Message", "group": S.group, "text": "Skjult", "only_to_coordinator": 1}
		self.refused(
			teacher.call("frappe.client.insert", doc=doc), what="member writes to the coordinator only"
		)
		doc = {
			"doctype": "Group Message",
			"group": S.group,
			"text": "Låner",
			"attachments": [{"file": S.private_file.name}],
		}
		self.refused(teacher.call("frappe.client.insert", doc=doc), what="member borrows a document")
		self.refused(
			teacher.call(
				"ansvarsgruppe.api.messages.send_message", group=S.group, text="Svar", reply_to=S.private
			),
			what="member answers the private thread",
		)
		self.assertEqual(count("Group Message"), before)

	def test_r19_bad_documents_are_refused_over_http_in_norwegian_and_nothing_is_stored(self):
		web = self.web(S.parent)
		for name, content in (
			("stor.pdf", PDF + b"0" * (12 * 1024 * 1024)),
			("program.pdf", EXE),
			("tom.pdf", b""),
		):
			files, messages = count("File"), count("Group Message")
			response = web.call(
				"ansvarsgruppe.api.messages.send_message",
				files=[("documents", (name, content, "application/pdf"))],
				group=S.group,
				text="Her er dokumentet",
			)
			self.refused(response, what=name)
			self.assertIn(name, response.text)
			self.assertIn("Filen", response.text, "a Norwegian message")
			self.assertEqual((count("File"), count("Group Message")), (files, messages), name)

	def test_r5_the_family_writes_and_the_notice_carries_nothing(self):
		frappe.db.delete("Message Notice")
		frappe.db.commit()
		before = count("Group Message")
		response = self.allowed(
			self.web(S.mother).call(
				"ansvarsgruppe.api.messages.send_message",
				files=[("documents", ("rapport.pdf", PDF + b"%mor\n", "application/pdf"))],
				group=S.group,
				text="Skolens rapport om lesingen ligger ved.",
			),
			"a parent sends a message with a document",
		)
		name = response.json()["message"]
		self.assertEqual(count("Group Message"), before + 1)
		fresh()
		email_id = frappe.db.get_value("User", S.coordinator, "email")
		queued = frappe.get_all(
			"Email Queue Recipient",
			{"recipient": email_id},
			pluck="parent",
			order_by="creation desc",
			limit=1,
		)
		raw = frappe.db.get_value("Email Queue", queued[0], ["message", "reference_doctype"], as_dict=True)
		mail = email.message_from_string(raw.message, policy=policy.default)
		body = mail.get_body(preferencelist=("html",)).get_content()
		ATTEMPTS[0] += 1
		self.assertIn("Du har en ny melding om ansvarsgruppen", body)
		for secret in ("lesingen", "rapport", S.group, name, "Mona"):
			self.assertNotIn(secret, body + str(mail["Subject"]))
		self.assertFalse(raw.reference_doctype)
		self.assertTrue(str(mail["Reply-To"]).startswith("noreply@"))
		recipients = set(frappe.get_all("Message Notice", pluck="recipient"))
		self.assertFalse(recipients & {S.ended, S.nurse, S.leader, S.ke, S.outsider, S.mother}, recipients)
		# the sender withdraws it; nobody else can, and the content stays
		for user in (S.coordinator, S.parent):
			self.refused(self.web(user).call("ansvarsgruppe.api.messages.withdraw_message", message=name))
		self.allowed(self.web(S.mother).call("ansvarsgruppe.api.messages.withdraw_message", message=name))
		fresh()
		stored = frappe.db.get_value("Group Message", name, ["text", "withdrawn"], as_dict=True)
		self.assertEqual((stored.text, stored.withdrawn), ("Skolens rapport om lesingen ligger ved.", 1))
