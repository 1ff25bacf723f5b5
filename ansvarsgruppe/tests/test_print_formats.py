"""Meetings on paper and in the inbox: the four print formats in Norwegian, as HTML and as
PDF through Frappe's own path (printview → wkhtmltopdf), and the e-mail around a meeting.

The PDFs need the site's web server (wkhtmltopdf fetches the print CSS and the letter head's logo from
the site's URL): scripts/test starts one and points the site's host_name at it. Set PRINT_DUMP_DIR to
keep the PDFs for a look (pdftoppm -png -r 60 -f 1 -l 1 …).
"""

import email
import io
import os
import re
from email import policy

import frappe
from babel import dates as babel_dates
from bs4 import BeautifulSoup
from frappe.utils import add_days, getdate
from icalendar import Calendar
from pypdf import PdfReader

from ansvarsgruppe.ansvarsgruppe.doctype.meeting_minutes import meeting_mail
from ansvarsgruppe.demo.messages import png
from ansvarsgruppe.printing import desk, formats, jinja
from ansvarsgruppe.printing.pdf import get_pdf
from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import norwegian
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

MUNICIPALITY = "Eksempel kommune"
# English words a Norwegian print must never show (stored option values, Frappe's own labels, None).
ENGLISH = re.compile(
	r"\b(Present|Absent|Sent regrets|Ordinary|Pre-meeting|Annual Review|Closing|Parent|Guardian|Relative"
	r"|Both|Individual Plan|Coordinator|Service User|Received|Decided|Approved|Invited|Draft|Page|Signature"
	r"|Date|Name|Place|Agenda|Minutes|None|True|False|Sr)\b"
)


def visible_text(html: str) -> str:
	soup = BeautifulSoup(html, "html.parser")
	for tag in soup(["style", "script", "title"]):
		tag.decompose()
	body = soup.find(class_="print-format") or soup
	return " ".join(body.get_text(" ").split())


def pdf_pages(pdf: bytes) -> list[str]:
	return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def coat_of_arms(x: int, y: int) -> tuple[int, int, int]:
	inside = 8 <= x < 92 and 6 <= y < 114 and (y < 62 or (x - 50) ** 2 + (y - 62) ** 2 < 42**2)
	if not inside:
		return (255, 255, 255)
	wave = 52 + 10 * ((x // 14) % 2) if 20 <= x < 80 else None
	return (240, 190, 20) if wave and wave - 8 < y < wave + 8 else (20, 70, 150)


def queued(name: str, subject_start: str) -> list[dict]:
	"""The Email Queue rows about ``name`` whose subject starts so, with their parsed MIME messages."""
	out = []
	for row in frappe.get_all(
		"Email Queue", filters={"reference_name": name}, fields=["name", "message"], order_by="creation"
	):
		message = email.message_from_string(row.message, policy=policy.default)
		if not str(message["subject"]).startswith(subject_start):
			continue
		body = message.get_body(preferencelist=("html", "plain"))
		out.append(
			{
				"subject": str(message["subject"]),
				"reply_to": str(message["reply-to"] or ""),
				"text": " ".join(BeautifulSoup(body.get_content(), "html.parser").get_text(" ").split()),
				"recipients": set(
					frappe.get_all("Email Queue Recipient", {"parent": row.name}, pluck="recipient")
				),
				"attachments": {
					part.get_filename(): part for part in message.iter_attachments() if part.get_filename()
				},
			}
		)
	return out


class TestPrintFormats(f.MunicipalityTestCase):
	language = None
	with_staff = False

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.addClassCleanup(frappe.clear_document_cache, "Ansvarsgruppe Settings", "Ansvarsgruppe Settings")
		f.ensure_outgoing_email_account()
		frappe.db.set_single_value("Ansvarsgruppe Settings", "municipality_name", MUNICIPALITY)
		frappe.clear_document_cache("Ansvarsgruppe Settings", "Ansvarsgruppe Settings")
		cls.make_letter_head()

		cls.staff = staff = f.Staff()
		cls.parent_email = f"ola.forelder.{frappe.generate_hash(length=6)}@example.no"
		cls.child = f.make_service_user(
			name="Åse Ødegård Ærø",
			relations=[f.parent("Ola Forelder", email=cls.parent_email)],
			national_id=f.number_for(
				getdate("2015-08-21"), individual=500 + int(frappe.generate_hash(length=2), 16)
			),
		)
		cls.consent = f.make_consent(
			cls.child,
			[staff.school, staff.health],
			case_description="Samordning av skole, helsestasjon og avlastning; tilrettelagt opplæring.",
			reservations="Opplysninger om søsken skal ikke utveksles.",
			received_by=staff.coordinator,
			received_by_unit=staff.school,
		)
		cls.group = f.make_group(
			cls.child.name, staff.school, staff.coordinator, cls.consent.name, status=st.GROUP_APPROVED
		).name
		f.make_member(cls.group, staff.coordinator, staff.school, role="Coordinator")
		f.make_member(cls.group, staff.teacher, staff.school)
		f.make_member(cls.group, staff.nurse, staff.health)
		f.make_member(cls.group, role="Relative", relation=cls.child.relations[0].name)

		cls.pre_meeting = f.make_minutes(cls.group, "Pre-meeting", days_ago=40)
		cls.first_meeting = f.make_minutes(cls.group, "Ordinary", days_ago=20)
		cls.minutes = cls.make_approvable_minutes()
		cls.invitation = f.make_minutes(
			cls.group,
			"Ordinary",
			days_ago=-9,
			start_time="13:00:00",
			end_time="14:30:00",
			minute_taker=staff.nurse,
			invitation_sent_on=None,
		)
		cls.invitation.append(
			"participants",
			{
				"participant_name": "Nils Nilsen (PPT)",
				"service_unit": staff.welfare,
				"invited_for_this_meeting": 1,
			},
		)
		cls.invitation.save()
		cls.application = f.new_application(
			cls.child,
			date_received=add_days(getdate(), -3),
			services_involved="Helsestasjon, skole (spesialundervisning), avlastning hver tredje helg.",
			proposed_coordinator=staff.coordinator,
		).insert()

	@classmethod
	def make_letter_head(cls):
		logo = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"eksempel-kommune-vapen-{frappe.generate_hash(length=6)}.png",
				"content": png(100, 120, coat_of_arms),
				"is_private": 0,
			}
		).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "Letter Head",
				"letter_head_name": f"{MUNICIPALITY} {frappe.generate_hash(length=4)}",
				"source": "HTML",
				"is_default": 1,
				"content": (
					'<table style="width: 100%;"><tr>'
					f'<td style="width: 20mm;"><img src="{logo.file_url}" style="height: 17mm;"></td>'
					'<td style="vertical-align: middle;"><div style="font-size: 16pt; font-weight: bold;">'
					f"{MUNICIPALITY}</div><div>Helse og velferd</div></td></tr></table>"
				),
				"footer": "Postadresse: Postboks 1, 9999 Eksempel · Telefon 12 34 56 78 · postmottak@eksempel.kommune.no",
			}
		).insert(ignore_permissions=True)

	@classmethod
	def make_approvable_minutes(cls):
		staff = cls.staff
		doc = f.make_minutes(
			cls.group, "Ordinary", days_ago=1, end_time="11:30:00", minute_taker=staff.teacher
		)
		f.complete(doc)
		doc.participants[2].attendance = "Sent regrets"
		doc.agenda[1].discussion = (
			"Skolen: leseopplæringen går etter planen. Helsestasjonen: vekt og søvn er stabil. "
			"Foreldrene: avlastningen fungerer godt."
		)
		doc.agenda[2].conclusion = "Skolen følger opp lesingen, helsestasjonen kontrollerer om seks uker."
		doc.previous_minutes_comments = "Ingen merknader til forrige referat."
		doc.next_meeting_time = "10:00:00"
		doc.next_meeting_topic = "Årlig evaluering av individuell plan"
		doc.next_minute_taker = staff.nurse
		doc.append(
			"actions",
			{
				"description": "Søke om økt avlastning",
				"responsible": "Kari Koordinator",
				"due_date": add_days(getdate(), 14),
			},
		)
		doc.append(
			"actions",
			{
				"description": "Tilpasse lekseplanen",
				"responsible": "Per Lærer (skolen)",
				"due_date": add_days(getdate(), 21),
			},
		)
		doc.distribution = []
		doc.append("distribution", {"recipient_name": "Ola Forelder", "email": cls.parent_email})
		doc.append("distribution", {"recipient_name": "Per Lærer", "user": staff.teacher})
		doc.append("distribution", {"recipient_name": "Arkivet (papirkopi)", "email": "arkiv@example.no"})
		doc.save()
		return f.advance(doc, st.MINUTES_DRAFT)

	def setUp(self):
		# Each test starts from the records made once above (some approve or mail them).
		super().setUp()
		frappe.db.savepoint("print_formats_test")
		self.addCleanup(frappe.db.rollback, save_point="print_formats_test")

	# ------------------------------------------------------------ helpers

	def render(self, doc, print_format: str) -> tuple[str, list[str]]:
		"""The print as HTML (visible text) and as PDF (text per page); checks what every print has."""
		html = frappe.get_print(doc.doctype, doc.name, print_format)
		self.assertNotIn("{{", html, "an undefined Jinja variable leaked into the print")
		text = visible_text(html)
		self.assertEqual(ENGLISH.findall(text), [], f"English in the {print_format} print")
		self.assertIn(MUNICIPALITY, text)

		pdf = get_pdf(doc.doctype, doc.name, print_format)
		if os.environ.get("PRINT_DUMP_DIR"):
			os.makedirs(os.environ["PRINT_DUMP_DIR"], exist_ok=True)
			with open(
				os.path.join(os.environ["PRINT_DUMP_DIR"], f"{frappe.scrub(print_format)}.pdf"), "wb"
			) as out:
				out.write(pdf)
		reader = PdfReader(io.BytesIO(pdf))
		pages = pdf_pages(pdf)
		for number, (page, page_text) in enumerate(zip(reader.pages, pages, strict=True), start=1):
			# A4 portrait: 210 × 297 mm = 595 × 842 pt
			self.assertAlmostEqual(float(page.mediabox.width), 595, delta=2)
			self.assertAlmostEqual(float(page.mediabox.height), 842, delta=2)
			self.assertIn(f"Side {number} av {len(pages)}", page_text)
			self.assertEqual(
				ENGLISH.findall(page_text), [], f"English on page {number} of the {print_format} PDF"
			)
		# The letter head's logo came from the site's URL (the web server in scripts/test).
		self.assertTrue(reader.pages[0].images, "the letter head's logo is missing from the PDF")
		self.assertIn(MUNICIPALITY, pages[0])
		return text, pages

	def assertParts(self, haystack: str, parts: list[str], where: str):
		missing = [part for part in parts if part not in haystack]
		self.assertEqual(missing, [], f"missing in the {where}")

	# ------------------------------------------------------------ print formats

	def test_print_formats_are_standard_jinja_and_the_defaults(self):
		for name, (doctype, _title) in formats.PRINT_FORMATS.items():
			pf = frappe.get_doc("Print Format", name)
			self.assertEqual(
				(pf.doc_type, pf.standard, pf.custom_format, pf.print_format_type, pf.module),
				(doctype, "Yes", 1, "Jinja", "Ansvarsgruppe"),
			)
		defaults = {
			"Consent": formats.CONSENT_FORMAT,
			"IP Application": formats.APPLICATION_FORMAT,
			"Meeting Minutes": formats.MINUTES_FORMAT,
			"Individual Plan": formats.PLAN_FORMAT,
		}
		for doctype, name in defaults.items():
			self.assertEqual(frappe.get_meta(doctype).default_print_format, name)

	def test_r4_consent_form_has_every_part_of_the_seed_form(self):
		consent = self.consent
		number = norwegian.national_id(self.child.national_id)
		parts = [
			"Samtykkeerklæring",
			"I forbindelse med innhenting og utveksling av opplysninger",
			"Åse Ødegård Ærø",
			number,
			f"{MUNICIPALITY} v/ {self.staff.school}",
			"innhenter og/eller utveksler opplysninger om mine forhold",
			"fritas fra taushetsplikten i forhold til ansatte som behandler min sak",
			"Samtykket gjelder følgende sak/tjeneste(r):",
			"tilrettelagt opplæring",
			"Samtykket gjelder følgende samarbeidspartnere:",
			self.staff.school,
			self.staff.health,
			"Spesielle reservasjoner:",
			"Opplysninger om søsken skal ikke utveksles.",
			"noteres i min journal",
			"pasient- og brukerrettighetsloven § 5-1",
			"forvaltningsloven § 18, jf. § 19",
			"taushetsplikt om disse på vanlig måte",
			f"{MUNICIPALITY} bruker et elektronisk journalføringssystem",
			"Jeg kan når som helst trekke samtykket helt eller delvis tilbake",
			"Sted:",
			"Eksempel",
			f"Dato: {norwegian.short_date(consent.signed_date)}",
			"Søker/bruker (signatur)",
			"Ola Forelder",
			"Ansatt (signatur)",
			"Kari Koordinator",
			f"Virksomhet: {self.staff.school}",
		]
		text, pages = self.render(consent, formats.CONSENT_FORMAT)
		self.assertParts(text, parts, "consent HTML")
		self.assertParts(" ".join(pages), parts, "consent PDF")

	def test_r9_r10_invitation_has_time_place_invitees_agenda_and_excluded_topics(self):
		doc = self.invitation
		meeting = getdate(doc.meeting_date)
		parts = [
			"Innkalling til ansvarsgruppemøte",
			f"Ansvarsgruppen for Åse Ødegård Ærø ({self.group})",
			"Ordinært møte",
			babel_dates.format_date(meeting, "EEEE d. MMMM y", locale="nb"),
			"kl. 13.00–14.30",
			"Møterom Fjord, rådhuset",
			"Kari Koordinator",
			"Per Lærer",
			"Sina Helsesykepleier",
			"Ola Forelder",
			"Nils Nilsen (PPT)",
			"Invitert til dette møtet",
			"Referent: Sina Helsesykepleier",
			*minutes_rules.STANDING_AGENDA,
			f"ca. {minutes_rules.STATUS_ROUND_MINUTES} minutter taletid per deltaker",
			"Dette hører ikke hjemme i ansvarsgruppemøtet:",
			*minutes_rules.EXCLUDED_TOPICS,
			"Meld forfall",
		]
		text, pages = self.render(doc, formats.INVITATION_FORMAT)
		self.assertParts(text, parts, "invitation HTML")
		self.assertParts(" ".join(pages), parts, "invitation PDF")
		self.assertRegex(text, r"Dato: \d\d\.\d\d\.\d{4}")

	def test_r11_minutes_have_the_nine_parts_in_order_actions_and_approval(self):
		doc = f.advance(frappe.get_doc("Meeting Minutes", self.minutes.name), st.MINUTES_APPROVED)
		text, pages = self.render(doc, formats.MINUTES_FORMAT)
		pdf_text = " ".join(pages)
		for where, haystack in (("minutes HTML", text), ("minutes PDF", pdf_text)):
			positions = [haystack.find(heading) for heading in jinja.minutes_headings()]
			self.assertNotIn(-1, positions, f"an R11 heading is missing in the {where}")
			self.assertEqual(positions, sorted(positions), f"the R11 parts are out of order in the {where}")
			part = dict(
				zip(
					jinja.minutes_headings(),
					re.split("|".join(map(re.escape, jinja.minutes_headings())), haystack)[1:],
					strict=True,
				)
			)
			attendance, absence, time, previous, items, conclusion, following, taker, distribution = (
				part.values()
			)
			self.assertParts(
				attendance, ["Kari Koordinator", "Per Lærer", "Ola Forelder"], f"{where}, part 1"
			)
			self.assertParts(absence, ["Sina Helsesykepleier", "Meldt forfall"], f"{where}, part 2")
			self.assertNotIn("Sina Helsesykepleier", attendance)
			self.assertParts(
				time,
				[norwegian.meeting_time(doc.meeting_date, doc.start_time, doc.end_time), "Møterom Fjord"],
				where,
			)
			self.assertParts(
				previous,
				[
					norwegian.short_date(self.first_meeting.meeting_date),
					"ble godkjent",
					"Ingen merknader til forrige referat.",
				],
				f"{where}, part 4",
			)
			self.assertParts(
				items,
				[*minutes_rules.STANDING_AGENDA, "leseopplæringen går etter planen", "Konklusjon:"],
				where,
			)
			self.assertParts(
				conclusion,
				[
					"Tiltakene videreføres",
					"Hva",
					"Hvem",
					"Innen",
					"Søke om økt avlastning",
					"Kari Koordinator",
					norwegian.short_date(add_days(getdate(), 14)),
					"Tilpasse lekseplanen",
					"Per Lærer (skolen)",
				],
				f"{where}, part 6",
			)
			self.assertParts(
				following,
				[
					norwegian.meeting_time(doc.next_meeting_date, "10:00"),
					"Årlig evaluering av individuell plan",
				],
				f"{where}, part 7",
			)
			self.assertIn("Sina Helsesykepleier", taker)
			self.assertParts(
				distribution, ["Ola Forelder", "Per Lærer", "Arkivet (papirkopi)"], f"{where}, part 9"
			)
			self.assertParts(
				distribution, [f"Godkjent {norwegian.short_date(doc.approved_on)} av Administrator"], where
			)

	def test_draft_minutes_say_so(self):
		text, _pages = self.render(self.minutes, formats.MINUTES_FORMAT)
		self.assertIn("UTKAST – IKKE GODKJENT", text)
		self.assertIn("Utkast – ikke godkjent", text)

	def test_r1_application_print(self):
		app = self.application
		parts = [
			"Søknad om individuell plan / koordinator",
			f"Sendes til koordinerende enhet i {MUNICIPALITY}",
			"☒ Individuell plan",
			"☒ Koordinator",
			"Åse Ødegård Ærø",
			norwegian.national_id(self.child.national_id),
			"Ola Forelder",
			"Søker er: Forelder",
			f"Mottatt: {norwegian.short_date(app.date_received)}",
			"Trenger samordnet oppfølging mellom skole, helsestasjon og avlastning.",
			"avlastning hver tredje helg",
			"Forslag til koordinator",
			"Kari Koordinator",
			"Underskrift søker",
			"Fylles ut av koordinerende enhet",
			"Status: Mottatt",
		]
		text, pages = self.render(app, formats.APPLICATION_FORMAT)
		self.assertParts(text, parts, "application HTML")
		self.assertParts(" ".join(pages), [p for p in parts if "☒" not in p], "application PDF")

	def test_r11_a_meetings_times_are_only_what_was_entered(self):
		doc = frappe.get_doc(
			{"doctype": "Meeting Minutes", "group": self.group, "meeting_date": add_days(getdate(), 5)}
		).insert()
		self.assertEqual((doc.start_time, doc.end_time, doc.next_meeting_time), (None, None, None))
		self.assertIn(
			norwegian.long_date(doc.meeting_date), visible_text(frappe.get_print(doc.doctype, doc.name))
		)
		invitation = visible_text(frappe.get_print(doc.doctype, doc.name, formats.INVITATION_FORMAT))
		self.assertNotRegex(invitation, r"kl\. \d")

	def test_without_letter_head_the_municipality_name_heads_the_page(self):
		html = frappe.get_print("Consent", self.consent.name, formats.CONSENT_FORMAT, no_letterhead=1)
		soup = BeautifulSoup(html, "html.parser")
		self.assertIsNone(soup.find(class_="letter-head"))
		self.assertEqual(soup.find(class_="ag-municipality").get_text(strip=True), MUNICIPALITY)

	def test_the_desks_pdf_download_is_a4_with_page_numbers(self):
		hooks = frappe.get_hooks("override_whitelisted_methods")
		self.assertEqual(
			hooks["frappe.utils.print_format.download_pdf"][-1], "ansvarsgruppe.printing.desk.download_pdf"
		)
		desk.download_pdf("Consent", self.consent.name)  # the DocType's default print format
		self.assertEqual(frappe.local.response.type, "pdf")
		reader = PdfReader(io.BytesIO(frappe.local.response.filecontent))
		self.assertAlmostEqual(float(reader.pages[0].mediabox.height), 842, delta=2)
		text = " ".join(pdf_pages(frappe.local.response.filecontent))
		self.assertIn("Samtykkeerklæring", text)
		self.assertIn(f"Side 1 av {len(reader.pages)}", text)

	def test_page_numbers_on_every_page_of_a_long_print(self):
		doc = frappe.get_doc("Meeting Minutes", self.first_meeting.name)
		for item in doc.agenda:
			item.discussion = "\n".join(f"Avsnitt {n}: æøå ÆØÅ – gjennomgått i møtet." for n in range(25))
		doc.save()
		pages = pdf_pages(get_pdf(doc.doctype, doc.name, formats.MINUTES_FORMAT))
		self.assertGreater(len(pages), 2)
		for number, page in enumerate(pages, start=1):
			self.assertIn(f"Side {number} av {len(pages)}", page)
			self.assertIn(f"Møtereferat {doc.name}", page)
		self.assertIn("æøå ÆØÅ", " ".join(pages))

	# ------------------------------------------------------------ e-mail

	def test_r9_invitation_is_mailed_to_every_invitee_with_pdf_and_calendar_invitation(self):
		doc = frappe.get_doc("Meeting Minutes", self.invitation.name)
		self.assertFalse(doc.invitation_sent_on)
		result = doc.send_invitation()

		invitees = {p.email for p in doc.participants if p.email}
		self.assertEqual(len(invitees), 4)
		self.assertEqual(set(result["sent_to"]), invitees)
		self.assertEqual(result["without_email"], ["Nils Nilsen (PPT)"])
		doc.reload()
		self.assertTrue(doc.invitation_sent_on)

		[mail] = queued(doc.name, "Innkalling")
		self.assertEqual(mail["recipients"], invitees)
		meeting = getdate(doc.meeting_date)
		self.assertIn(norwegian.long_date(meeting), mail["subject"])
		self.assertIn(self.group, mail["subject"])
		self.assertIn(self.staff.coordinator, mail["reply_to"])
		self.assertIn("Meld forfall til koordinator Kari Koordinator", mail["text"])
		for secret in ("Åse", "Ødegård", self.child.national_id):
			self.assertNotIn(secret, mail["subject"] + mail["text"], "no personal data in the e-mail itself")

		self.assertEqual(set(mail["attachments"]), {f"Innkalling {doc.name}.pdf", "innkalling.ics"})
		pdf = mail["attachments"][f"Innkalling {doc.name}.pdf"]
		self.assertEqual(pdf.get_content_type(), "application/pdf")
		pdf_text = " ".join(pdf_pages(pdf.get_content()))
		self.assertIn("Innkalling til ansvarsgruppemøte", pdf_text)
		self.assertIn("Side 1 av", pdf_text)

		ics = mail["attachments"]["innkalling.ics"]
		self.assertEqual(ics.get_content_type(), "text/calendar")
		self.assertEqual(ics.get_param("method"), "REQUEST")
		calendar = Calendar.from_ical(ics.get_content())
		self.assertEqual(str(calendar["method"]), "REQUEST")
		[event] = calendar.walk("VEVENT")
		start, end = meeting_mail.meeting_start_end(doc)
		self.assertEqual(event.decoded("dtstart"), start)
		self.assertEqual(event.decoded("dtend"), end)
		self.assertEqual((start.hour, start.minute, end.hour, end.minute), (13, 0, 14, 30))
		self.assertEqual(start.date(), meeting)
		self.assertIn(doc.name, str(event["uid"]))
		self.assertEqual(str(event["location"]), "Møterom Fjord, rådhuset")
		attendees = event["attendee"] if isinstance(event["attendee"], list) else [event["attendee"]]
		self.assertEqual({str(a).removeprefix("mailto:") for a in attendees}, invitees)
		self.assertEqual(str(event["organizer"]).removeprefix("mailto:"), self.staff.coordinator)
		self.assertNotIn("Åse", event.to_ical().decode())

	def test_r9_a_resent_invitation_updates_the_same_calendar_event(self):
		doc = frappe.get_doc("Meeting Minutes", self.invitation.name)
		first = Calendar.from_ical(meeting_mail.build_ics(doc, [("Per", "per@example.no")]))
		doc.start_time = "14:00:00"
		second = Calendar.from_ical(meeting_mail.build_ics(doc, [("Per", "per@example.no")]))
		[a], [b] = first.walk("VEVENT"), second.walk("VEVENT")
		self.assertEqual(str(a["uid"]), str(b["uid"]))
		self.assertGreaterEqual(int(b["sequence"]), int(a["sequence"]))
		self.assertEqual(b.decoded("dtstart").hour, 14)

	def test_r9_invitation_is_refused_when_it_cannot_be_sent(self):
		doc = frappe.get_doc("Meeting Minutes", self.invitation.name)
		doc.start_time = None
		self.assertRaises(frappe.ValidationError, meeting_mail.send_invitation, doc)
		doc.start_time = "13:00:00"
		for participant in doc.participants:
			participant.email = participant.user = None
		self.assertRaises(frappe.ValidationError, meeting_mail.send_invitation, doc)
		draft = frappe.get_doc("Meeting Minutes", self.minutes.name)
		self.assertRaises(frappe.ValidationError, draft.send_invitation)
		self.assertEqual(queued(self.minutes.name, "Innkalling"), [])

	def test_r11_approved_minutes_go_to_exactly_the_distribution_list(self):
		doc = frappe.get_doc("Meeting Minutes", self.minutes.name)
		self.assertEqual(queued(doc.name, "Godkjent møtereferat"), [], "nothing is sent before approval")
		doc = f.advance(doc, st.MINUTES_APPROVED)

		[mail] = queued(doc.name, "Godkjent møtereferat")
		self.assertEqual(mail["recipients"], {self.parent_email, self.staff.teacher})
		for outsider in (self.staff.nurse, self.staff.coordinator):
			self.assertNotIn(outsider, mail["recipients"], "only the distribution list gets the minutes")
		self.assertIn(norwegian.short_date(doc.meeting_date), mail["subject"])
		for secret in ("Åse", "Ødegård"):
			self.assertNotIn(secret, mail["subject"] + mail["text"])

		self.assertEqual(set(mail["attachments"]), {f"Møtereferat {doc.name}.pdf"})
		pdf = mail["attachments"][f"Møtereferat {doc.name}.pdf"]
		self.assertEqual(pdf.get_content_type(), "application/pdf")
		pdf_text = " ".join(pdf_pages(pdf.get_content()))
		self.assertIn("Møtereferat", pdf_text)
		self.assertIn(f"Godkjent {norwegian.short_date(doc.approved_on)}", pdf_text)
		self.assertNotIn("UTKAST", pdf_text)

		# Distributing afterwards sends nothing more.
		f.advance(doc, st.MINUTES_DISTRIBUTED)
		self.assertEqual(len(queued(doc.name, "Godkjent møtereferat")), 1)

	def test_r11_minutes_approved_in_a_data_import_are_not_mailed(self):
		frappe.flags.in_import = True
		try:
			doc = f.advance(frappe.get_doc("Meeting Minutes", self.minutes.name), st.MINUTES_APPROVED)
		finally:
			frappe.flags.in_import = False
		self.assertEqual(doc.status, st.MINUTES_APPROVED)
		self.assertEqual(queued(doc.name, "Godkjent møtereferat"), [])
