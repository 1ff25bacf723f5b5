"""R19: a closed group's archive package: a Noark 5 v5.0 extraction whose XML validates against
Arkivverket's schemas, every listed file present with its size and SHA-256, every document PDF/A-2b with
its fonts embedded, and the counts in ``addml.xml`` those of the files. R11/R18: a correction is a new
version that supersedes the old one, and both are archived.

The PDFs need the site's web server (wkhtmltopdf fetches the print CSS from it): scripts/test serves it.
"""

import hashlib
import io
import zipfile
from pathlib import Path

import frappe
from frappe.utils import add_days, getdate
from frappe.utils.background_jobs import get_job
from lxml import etree
from pypdf import PdfReader

from ansvarsgruppe.api import archive as archive_api
from ansvarsgruppe.archive import log, noark, package
from ansvarsgruppe.demo.messages import png
from ansvarsgruppe.tests import factories as f

SCHEMAS = Path(__file__).resolve().parent / "noark5"
NS = {"n5": noark.ARKIVSTRUKTUR_NS, "e": noark.ENDRINGSLOGG_NS, "a": noark.ADDML_NS}


def attach(group: str, file_name: str, content: bytes) -> str:
	return package.attach_to_group(group, file_name, content).name


def resolve(value):
	return value.get_object() if hasattr(value, "get_object") else value


def page_fonts(resources, seen=None) -> list:
	"""The fonts a page's resources use, also inside its form XObjects."""
	seen = set() if seen is None else seen
	if resources is None:
		return []
	resources = resolve(resources)
	fonts = [resolve(font) for font in resolve(resources.get("/Font") or {}).values()]
	for xobject in resolve(resources.get("/XObject") or {}).values():
		xobject = resolve(xobject)
		if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
			seen.add(id(xobject))
			fonts += page_fonts(xobject.get("/Resources"), seen)
	return fonts


def run_queued_archiving(group: str) -> str:
	"""Commit-time callbacks run as on commit (the job is queued), then the queued job is run here."""
	frappe.db.after_commit.run()
	job = get_job(f"ansvarsgruppe-archive::{group}")
	if job is None:
		raise AssertionError("closing the group queued no archiving")
	try:
		kwargs = job.kwargs["kwargs"]
		self_name = package.make_queued_package(**kwargs)
		if self_name is None:
			raise AssertionError("the queued archiving made no package")
		return self_name
	finally:
		job.delete()


class TestArchivePackage(f.MunicipalityTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s = cls.staff
		cls.child = f.make_service_user(
			age_years=10,
			relations=[f.parent("Ola Forelder")],
			national_id=f.number_for(getdate("2016-05-17")),
		)
		cls.withdrawn = f.make_consent(cls.child, [s.welfare])
		cls.withdrawn.withdrawn_on, cls.withdrawn.withdrawal_reason = getdate(), "Ønsker ikke barnevernet med"
		cls.withdrawn.save()
		cls.consent = f.make_consent(cls.child, [s.school, s.health])
		application = f.new_application(cls.child).insert(ignore_permissions=True)
		cls.group = f.make_group(
			cls.child.name,
			s.school,
			s.coordinator,
			cls.consent.name,
			status="Approved",
			ip_application=application.name,
		)
		f.make_member(cls.group.name, s.teacher, s.school)
		cls.consent_correction = cls.correct_consent()
		cls.minutes = []
		for kind, days_ago in (("Pre-meeting", 60), ("Ordinary", 30), ("Closing", 2)):
			minutes = f.make_minutes(cls.group.name, kind, days_ago=days_ago)
			f.complete(minutes).save()
			cls.minutes.append(f.advance(minutes, "Approved").name)
		first = f.make_plan(cls.group.name, s.teacher, s.school, status="Draft")
		proposal = frappe.get_doc(
			{
				"doctype": "Plan Proposal",
				"plan": first.name,
				"kind": "Comment",
				"text": "Kan han få lesekurs?",
			}
		)
		proposal.proposed_by = s.coordinator
		proposal.insert(ignore_permissions=True)
		first.reload()
		first.status = "Approved"
		first.save(ignore_permissions=True)
		frappe.set_user(s.coordinator)
		cls.correction = archive_api.correct("Individual Plan", first.name, "Feil tidsrom for lesekurset")
		frappe.set_user("Administrator")
		second = frappe.get_doc("Individual Plan", cls.correction["new_version"])
		second.plan_to = add_days(getdate(), 200)
		second.status = "Approved"
		second.save(ignore_permissions=True)
		cls.plans = (first.name, second.name)
		escalation = frappe.get_doc(
			{
				"doctype": "Escalation",
				"group": cls.group.name,
				"title": "Skyss til avlastning",
				"raised_on": getdate(),
				"service_unit": s.school,
				"unit_leader": f.make_user("Lise Leder", ["Unit Leader"]),
				"issue": "Skyss er ikke avklart mellom enhetene.",
			}
		).insert(ignore_permissions=True)
		escalation.answer, escalation.status = "Skolen dekker skyss ut skoleåret.", "Answered"
		escalation.save(ignore_permissions=True)
		from frappe.utils.pdf import get_pdf as html_to_pdf

		attach(cls.group.name, "epikrise.pdf", html_to_pdf("<h1>Epikrise</h1><p>Mottatt fra sykehuset.</p>"))
		attach(cls.group.name, "tegning.png", png(8, 8, lambda x, y: (200, 40 * (x % 4), 90)))
		cls.note = b"Notat fra telefonsamtale med fastlegen.\n"
		attach(cls.group.name, "notat.txt", cls.note)
		# an earlier package attached to the group is no received document
		earlier = attach(cls.group.name, "tidligere.zip", b"PK\x05\x06" + b"\x00" * 18)
		log.write(
			package.PACKAGE_DOCTYPE,
			{"group": cls.group.name, "package_file": frappe.db.get_value("File", earlier, "file_url")},
		)
		group = frappe.get_doc("Responsibility Group", cls.group.name)
		group.closed_date, group.closing_reason = getdate(), "Mål nådd"
		group.save()
		cls.group = f.advance(group, "Closed")
		cls.package_name = run_queued_archiving(cls.group.name)  # R19: on closing
		cls.record = frappe.get_doc(package.PACKAGE_DOCTYPE, cls.package_name)
		file = frappe.get_doc("File", {"file_url": cls.record.package_file})
		cls.file = file
		cls.zip = zipfile.ZipFile(io.BytesIO(file.get_content()))
		cls.xml = {
			name: etree.fromstring(cls.zip.read(name))
			for name in ("arkivstruktur.xml", "endringslogg.xml", "addml.xml")
		}

	@classmethod
	def correct_consent(cls) -> dict:
		"""R4: the group's consent corrected by a new version, signed and put in force."""
		frappe.set_user(cls.staff.coordinator)
		correction = archive_api.correct("Consent", cls.consent.name, "Feil beskrivelse av tjenestene")
		frappe.set_user("Administrator")
		new = frappe.get_doc("Consent", correction["new_version"])
		new.update(
			{
				"case_description": "Samordning av skole- og helsetjenester",
				"signed_by_kind": cls.consent.signed_by_kind,
				"signed_by_relation": cls.consent.signed_by_relation,
				"signed_date": getdate(),
				"received_by": "Administrator",
				"reviewed_with_signer": 1,
				"reviewed_by": "Administrator",
			}
		)
		new.save()
		f.advance(new, "Active")
		return correction

	def test_r19_closing_the_group_made_a_private_package_attached_to_it(self):
		self.assertEqual(self.record.group, self.group.name)
		self.assertEqual(self.record.trigger, package.CLOSING)
		self.assertTrue(self.file.is_private)
		self.assertEqual(self.file.attached_to_doctype, "Responsibility Group")
		self.assertEqual(self.file.attached_to_name, self.group.name)
		self.assertEqual(self.record.sha256, hashlib.sha256(self.file.get_content()).hexdigest())
		self.assertTrue(frappe.db.get_value("Responsibility Group", self.group.name, "last_archived_on"))

	def test_r19_every_xml_file_validates_against_the_noark5_schemas(self):
		for name, document in self.xml.items():
			schema = etree.XMLSchema(etree.parse(str(SCHEMAS / name.replace(".xml", ".xsd"))))
			self.assertTrue(schema.validate(document), f"{name}: {schema.error_log}")

	def test_r19_one_entry_per_document_with_the_person_as_screened_party(self):
		root = self.xml["arkivstruktur.xml"]
		titles = [e.findtext("n5:tittel", namespaces=NS) for e in root.iterfind(".//n5:registrering", NS)]
		self.assertEqual(sum(t.startswith("Søknad") for t in titles), 1)
		# the withdrawn one too, and the superseded version beside the one that supersedes it
		self.assertEqual(sum(t.startswith("Samtykke") for t in titles), 3)
		self.assertEqual(sum(t.startswith("Møtereferat") for t in titles), 3)
		self.assertEqual(sum(t.startswith("Individuell plan") for t in titles), 2)  # both versions
		self.assertEqual(sum(t.startswith("Sak i tjenestevei") for t in titles), 1)
		self.assertEqual(sum(t.startswith("Forslag til individuell plan") for t in titles), 1)  # R24
		self.assertEqual(sum(t.startswith("Mottatt dokument") for t in titles), 3)
		mappe = root.find(".//n5:mappe", NS)
		self.assertEqual(mappe.findtext("n5:part/n5:partID", namespaces=NS), self.child.national_id)
		for unit in [mappe, *root.iterfind(".//n5:registrering", NS)]:
			self.assertTrue(unit.findtext("n5:skjerming/n5:skjermingshjemmel", namespaces=NS))
			self.assertTrue(unit.findtext("n5:skjerming/n5:tilgangsrestriksjon", namespaces=NS))

	def test_r19_every_listed_file_exists_with_its_size_and_checksum(self):
		listed = self.xml["arkivstruktur.xml"].findall(".//n5:dokumentobjekt", NS)
		self.assertEqual(len(listed), 15)  # 14 documents as PDF/A, and the received text file's original
		for obj in listed:
			path = obj.findtext("n5:referanseDokumentfil", namespaces=NS)
			content = self.zip.read(path)
			self.assertEqual(int(obj.findtext("n5:filstoerrelse", namespaces=NS)), len(content), path)
			self.assertEqual(obj.findtext("n5:sjekksum", namespaces=NS), hashlib.sha256(content).hexdigest())
		pdfs = [n for n in self.zip.namelist() if n.endswith(".pdf")]
		self.assertEqual(len(pdfs), len(listed) - 1)

	def test_r19_a_received_file_neither_pdf_nor_image_is_kept_beside_its_pdfa_page(self):
		described = [
			d
			for d in self.xml["arkivstruktur.xml"].iterfind(".//n5:dokumentbeskrivelse", NS)
			if d.findtext("n5:tittel", namespaces=NS) == "Mottatt dokument notat.txt"
		]
		self.assertEqual(len(described), 1)
		objects = {
			o.findtext("n5:variantformat", namespaces=NS): o
			for o in described[0].findall("n5:dokumentobjekt", NS)
		}
		self.assertEqual(set(objects), {"Arkivformat", "Produksjonsformat"})
		self.assertEqual(objects["Arkivformat"].findtext("n5:format", namespaces=NS), noark.PDFA_2B_PRONOM)
		original = objects["Produksjonsformat"]
		self.assertEqual(original.findtext("n5:format", namespaces=NS), "x-fmt/111")
		path = original.findtext("n5:referanseDokumentfil", namespaces=NS)
		self.assertEqual(self.zip.read(path), self.note)
		self.assertEqual(int(original.findtext("n5:filstoerrelse", namespaces=NS)), len(self.note))
		self.assertEqual(
			original.findtext("n5:sjekksum", namespaces=NS), hashlib.sha256(self.note).hexdigest()
		)

	def test_r19_every_pdf_is_pdfa_2b_with_its_fonts_embedded(self):
		with_text = 0
		for name in (n for n in self.zip.namelist() if n.endswith(".pdf")):
			reader = PdfReader(io.BytesIO(self.zip.read(name)))
			xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
			self.assertRegex(xmp, r"pdfaid:part(>|=[\"'])2", name)
			self.assertRegex(xmp, r"pdfaid:conformance(>|=[\"'])B", name)
			fonts = [font for page in reader.pages for font in page_fonts(page.get("/Resources"))]
			with_text += bool(fonts)
			for font in fonts:
				if font.get("/Subtype") == "/Type3":
					continue  # its glyphs are drawn in the file itself
				if font.get("/Subtype") == "/Type0":
					font = font["/DescendantFonts"][0].get_object()
				descriptor = font.get("/FontDescriptor")
				self.assertIsNotNone(descriptor, f"{name}: {font.get('/BaseFont')} has no descriptor")
				descriptor = descriptor.get_object()
				self.assertTrue(
					any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")),
					f"{name}: {font.get('/BaseFont')} is not embedded",
				)
		self.assertGreaterEqual(with_text, 12, "every document but the drawing has text")

	def test_r19_addml_counts_are_those_of_the_files(self):
		addml = self.xml["addml.xml"]
		occurrences = {
			p.get("name"): int(p.findtext("a:value", namespaces=NS))
			for p in addml.findall(".//a:property[@name='numberOfOccurrences']/a:properties/a:property", NS)
		}
		root = self.xml["arkivstruktur.xml"]
		self.assertEqual(occurrences["registrering"], len(root.findall(".//n5:registrering", NS)))
		self.assertEqual(occurrences["dokumentobjekt"], len(root.findall(".//n5:dokumentobjekt", NS)))
		self.assertEqual(
			occurrences["dokumentfiler"], sum(n.startswith("dokumenter/") for n in self.zip.namelist())
		)
		described = {}
		for obj in addml.iterfind(".//a:dataObject", NS):
			props = obj.find("a:properties/a:property[@name='file']/a:properties", NS)
			if props is None:
				continue
			value = {
				p.get("name"): p.findtext("a:value", namespaces=NS) for p in props.findall("a:property", NS)
			}
			checksum = props.find("a:property[@name='checksum']/a:properties/a:property[@name='value']", NS)
			described[value["name"]] = (int(value["size"]), checksum.findtext("a:value", namespaces=NS))
		self.assertEqual(set(described), set(self.zip.namelist()) - {"addml.xml"})
		for path, (size, sha256) in described.items():
			content = self.zip.read(path)
			self.assertEqual((size, sha256), (len(content), hashlib.sha256(content).hexdigest()), path)

	def test_r18_the_superseded_plan_is_kept_and_logged_as_changed(self):
		old, new = self.plans
		self.assertEqual(frappe.db.get_value("Individual Plan", old, "status"), "Closed")
		row = frappe.get_doc("Record Correction", self.correction["correction"])
		self.assertEqual((row.superseded, row.new_version), (old, new))
		self.assertEqual(row.corrected_by, self.staff.coordinator)
		self.assertTrue(row.reason)
		changes = self.xml["endringslogg.xml"].findall("e:endring", NS)
		site = frappe.local.site
		old_description = noark.system_id(site, "dokumentbeskrivelse", f"Individual Plan/{old}/1")
		self.assertIn(old_description, {c.findtext("e:referanseArkivenhet", namespaces=NS) for c in changes})

	def test_r4_the_superseded_consent_is_archived_and_its_supersession_logged(self):
		old, new = self.consent.name, self.consent_correction["new_version"]
		self.assertEqual(frappe.db.get_value("Consent", old, "status"), "Superseded")
		self.assertEqual(frappe.db.get_value("Consent", new, "supersedes"), old)
		site = frappe.local.site
		changes = {
			c.findtext("e:referanseArkivenhet", namespaces=NS): c
			for c in self.xml["endringslogg.xml"].findall("e:endring", NS)
		}
		change = changes[noark.system_id(site, "dokumentbeskrivelse", f"Consent/{old}/1")]
		self.assertEqual(change.findtext("e:nyVerdi", namespaces=NS), noark.SUPERSEDED)
		self.assertEqual(
			change.findtext("e:endretAv", namespaces=NS),
			frappe.db.get_value("User", self.staff.coordinator, "full_name"),
		)
		entries = {
			e.findtext("n5:systemID", namespaces=NS): e
			for e in self.xml["arkivstruktur.xml"].iterfind(".//n5:registrering", NS)
		}
		superseded = entries[noark.system_id(site, "registrering", f"Consent/{old}")]
		self.assertEqual(
			superseded.findtext("n5:dokumentbeskrivelse/n5:dokumentstatus", namespaces=NS), noark.SUPERSEDED
		)
		notes = entries[noark.system_id(site, "registrering", f"Consent/{new}")].findall(
			"n5:merknad/n5:merknadstekst", NS
		)
		self.assertTrue(any("Feil beskrivelse av tjenestene" in n.text for n in notes))
