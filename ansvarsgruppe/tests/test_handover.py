"""«Overfør til ny kommune» (R4, R16, R19) over HTTP against the served test site: the group's coordinator,
with the person's consent, hands the group over in one step (closed as moved, a Noark 5 package for the new
municipality, KE told); without the consent, or as anyone else, nothing changes (rows counted)."""

import email
import hashlib
import io
import zipfile
from email import policy

import frappe
from frappe.utils import getdate
from lxml import etree

from ansvarsgruppe.archive import package
from ansvarsgruppe.rules import groups
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_archive import SCHEMAS
from ansvarsgruppe.tests.test_attacks_roads import RoadsTestCase, count, mail_html


def decoded(raw: str) -> str:
	"""A queued mail's subject and HTML body."""
	mail = email.message_from_string(raw or "", policy=policy.default)
	body = mail.get_body(preferencelist=("html",))
	return f"{mail['Subject']}\n{body.get_content() if body else ''}"


METHOD = "ansvarsgruppe.api.handover.hand_over_group"
MOVES = {}


class TestHandover(RoadsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not MOVES:
			town = cls.town
			child = f.make_service_user(relations=[f.parent("Marit Flytter")])
			consent = f.make_consent(child, [town.school]).name
			application = f.new_application(child).insert(ignore_permissions=True)
			MOVES["moving"] = f.make_group(
				child.name,
				town.school,
				town.coordinator,
				consent,
				status=st.GROUP_APPROVED,
				ip_application=application.name,
			).name
			frappe.db.commit()
		cls.moving = MOVES["moving"]

	def hand_over(self, user: str, group: str, consent_given=1, **values):
		return self.client(user).call(
			METHOD,
			group=group,
			receiving_municipality=values.get("receiving_municipality", "Sandnes kommune"),
			consent_given=consent_given,
			reason=values.get("reason", "Familien flytter til Sandnes"),
		)

	def rows(self, group: str) -> tuple:
		return (
			count("Archive Package"),
			count("Email Queue"),
			count("Sent Alert"),
			count("File", {"attached_to_name": group}),
			frappe.db.get_value("Responsibility Group", group, "status"),
		)

	def test_r4_r16_r19_the_coordinator_hands_the_group_over_with_the_persons_consent(self):
		before = count("Archive Package", {"group": self.moving})
		earlier_mails = frappe.get_all("Email Queue", filters={"reference_name": self.moving}, pluck="name")
		response = self.hand_over(self.town.coordinator, self.moving)
		self.assertEqual(response.status_code, 200, response.text[:800])
		frappe.db.rollback()
		group = frappe.db.get_value(
			"Responsibility Group",
			self.moving,
			["status", "closing_cause", "closing_reason", "closed_date"],
			as_dict=True,
		)
		self.assertEqual(
			(group.status, group.closing_cause, group.closing_reason, group.closed_date),
			(st.GROUP_CLOSED, groups.CLOSING_MOVED, "Familien flytter til Sandnes", getdate()),
		)
		# R19: one package for the new municipality, in the archive package's format
		self.assertEqual(count("Archive Package", {"group": self.moving}), before + 1)
		record = frappe.get_doc("Archive Package", response.json()["message"]["archive_package"])
		self.assertEqual(
			(record.trigger, record.receiving_municipality, record.handover_consent, record.archived_by),
			(package.HANDOVER, "Sandnes kommune", 1, self.town.coordinator),
		)
		# the coordinator downloads it to send it on
		download = self.client(self.town.coordinator).method(
			"ansvarsgruppe.api.archive.download_package", name=record.name
		)
		self.assertEqual(download.status_code, 200, download.text[:300])
		content = download.content
		self.assertEqual(hashlib.sha256(content).hexdigest(), record.sha256)
		with zipfile.ZipFile(io.BytesIO(content)) as zipped:
			for name in ("arkivstruktur.xml", "endringslogg.xml", "addml.xml"):
				schema = etree.XMLSchema(etree.parse(str(SCHEMAS / name.replace(".xml", ".xsd"))))
				document = etree.parse(io.BytesIO(zipped.read(name)))
				self.assertTrue(schema.validate(document), f"{name}: {schema.error_log}")
			self.assertTrue(any(path.startswith(package.DOCUMENT_FOLDER) for path in zipped.namelist()))
		# R16: KE is told of the handover, in one mail (not of an ordinary closing as well)
		mails = frappe.get_all(
			"Email Queue",
			filters={"reference_name": self.moving, "name": ("not in", earlier_mails or ["-"])},
			fields=["name", "message"],
		)
		handed = [row.name for row in mails if "er overført til ny kommune" in decoded(row.message)]
		self.assertEqual(len(handed), 1, "KE was not told of the handover once")
		to_ke = frappe.get_all(
			"Email Queue Recipient",
			filters={"parent": ("in", [row.name for row in mails]), "recipient": self.ke},
			pluck="parent",
		)
		self.assertEqual(to_ke, handed, "KE got another mail than the handover's")
		self.assertIn("Sandnes kommune", mail_html(self.moving))
		recipients = frappe.get_all("Email Queue Recipient", filters={"parent": handed[0]}, pluck="recipient")
		self.assertIn(self.ke, recipients)
		# once closed, the group cannot be handed over again
		again = (self.rows(self.moving), self.hand_over(self.town.coordinator, self.moving))
		self.assertEqual(again[1].status_code, 417, again[1].text[:300])
		self.assertEqual(self.rows(self.moving), again[0])

	def test_r4_refused_without_the_persons_consent_and_nothing_changes(self):
		before = self.rows(self.group)
		for consent_given in (0, "", None):
			response = self.hand_over(self.town.coordinator, self.group, consent_given=consent_given)
			self.assertEqual(response.status_code, 417, response.text[:300])
			self.assertIn("bare med samtykke fra personen", response.text)
		response = self.hand_over(self.town.coordinator, self.group, receiving_municipality=" ", reason="")
		self.assertIn("Oppgi kommunen personen flytter til", response.text)
		self.assertEqual(self.rows(self.group), before)
		self.assertEqual(before[-1], st.GROUP_APPROVED)

	def test_r4_r16_nobody_but_the_groups_coordinator_hands_it_over(self):
		before = self.rows(self.group)
		for user in (
			self.parent,
			self.other_parent,
			self.town.teacher,
			self.ended,
			self.uncovered,
			self.other_coordinator,
			self.closed_coordinator,
			self.ke,
		):
			response = self.hand_over(user, self.group)
			self.assertIn(response.status_code, (403, 404), f"{user}: {response.text[:300]}")
		self.assertEqual(self.rows(self.group), before)
