"""R4 with R19: a signed consent is corrected by a new version that supersedes it, the old one kept as
signed; R19: each download of an archive package is logged where Innsyn reads it."""

import frappe
from frappe.utils import getdate

from ansvarsgruppe.api.archive import correct, download_package
from ansvarsgruppe.archive import log, package
from ansvarsgruppe.audit.history import DOWNLOADED, access_history
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_notifications import mails_about
from ansvarsgruppe.www.innsyn import record_name


def sign(new_version, relation: str, case_description: str):
	"""The new version of a consent signed by the relation and received (not yet in force)."""
	new_version.update(
		{
			"case_description": case_description,
			"signed_by_kind": "Relation",
			"signed_by_relation": relation,
			"signed_date": getdate(),
			"received_by": "Administrator",
			"reviewed_with_signer": 1,
			"reviewed_by": "Administrator",
		}
	)
	new_version.save()
	return f.advance(new_version, st.CONSENT_SIGNED)


class TestConsentVersion(f.MunicipalityTestCase):
	with_town = True

	def setUp(self):
		super().setUp()
		t = self.town
		withdrawn = next(p for p in t.consent.partners if p.service_unit == t.health)
		withdrawn.withdrawn_on, withdrawn.withdrawal_reason = getdate(), "Ikke lenger aktuelt"
		t.consent.save()

	def correct_consent(self, reason="Feil beskrivelse av tjenestene"):
		with self.set_user(self.town.coordinator):
			return correct("Consent", self.town.consent.name, reason)

	def test_r4_a_correction_is_a_new_unsigned_version_naming_the_one_it_supersedes(self):
		t = self.town
		result = self.correct_consent()
		new = frappe.get_doc("Consent", result["new_version"])
		self.assertEqual(new.supersedes, t.consent.name)
		self.assertEqual(new.status, st.CONSENT_REGISTERED)
		self.assertFalse(new.signed_date or new.received_by or new.reviewed_by)
		# a partner withdrawn from the old version is not named again
		self.assertEqual([p.service_unit for p in new.partners], [t.school])
		row = frappe.get_doc("Record Correction", result["correction"])
		self.assertEqual(
			(row.reference_doctype, row.superseded, row.new_version, row.group, row.corrected_by),
			("Consent", t.consent.name, new.name, t.group.name, t.coordinator),
		)
		self.assertTrue(row.corrected_on and row.reason)
		# until the new version is in force the old one is, and the group rests on it
		self.assertEqual(frappe.db.get_value("Consent", t.consent.name, "status"), st.CONSENT_ACTIVE)
		self.assertEqual(frappe.db.get_value("Responsibility Group", t.group.name, "consent"), t.consent.name)
		# which version it supersedes is the correction's to say
		new.supersedes = None
		new.case_description = "Samordning av skole og avlastning"
		new.save()
		self.assertEqual(frappe.db.get_value("Consent", new.name, "supersedes"), t.consent.name)
		# corrected once, it is no longer the current version; bad input changes nothing
		count = frappe.db.count("Consent")
		for reason in ("  ", "Igjen"):
			self.assertRefused(
				frappe.ValidationError, lambda r=reason: self.correct_consent(r), "Record Correction"
			)
		with self.set_user(t.outsider):
			self.assertRefused(
				frappe.PermissionError, lambda: correct("Consent", new.name, "Feil"), "Record Correction"
			)
		self.assertEqual(frappe.db.count("Consent"), count)

	def test_r4_the_new_version_in_force_supersedes_the_old_which_stays_signed_and_readable(self):
		t = self.town
		old_description = t.consent.case_description
		new = frappe.get_doc("Consent", self.correct_consent()["new_version"])
		new = sign(new, t.consent.signed_by_relation, "Samordning av skole og avlastning")
		self.assertEqual(frappe.db.get_value("Consent", t.consent.name, "status"), st.CONSENT_ACTIVE)
		new = f.advance(new, st.CONSENT_ACTIVE)
		old = frappe.get_doc("Consent", t.consent.name)
		self.assertEqual(old.status, st.CONSENT_SUPERSEDED)
		self.assertEqual((old.case_description, old.signed_date), (old_description, t.consent.signed_date))
		# coverage follows the consent in force: the group rests on the new version (R5)
		self.assertEqual(frappe.db.get_value("Responsibility Group", t.group.name, "consent"), new.name)
		self.assertEqual(new.covered_units(), {t.school})
		self.assertEqual(old.covered_units(), set())
		# the superseded version stays final and readable to whoever read it
		old.case_description = "Omskrevet"
		self.assertRefused("R4", old.save)
		old.reload()
		old.status = st.CONSENT_ACTIVE
		self.assertRefused("R4", old.save)
		self.assertEqual(frappe.db.get_value("Consent", old.name, "status"), st.CONSENT_SUPERSEDED)
		self.assertTrue(frappe.has_permission("Consent", "read", old.name, user=t.coordinator))
		self.assertFalse(frappe.has_permission("Consent", "read", old.name, user=t.outsider))
		# Innsyn follows the group's consent back to the versions it superseded
		with self.set_user(t.coordinator):
			frappe.get_doc("Consent", old.name).apply_fieldlevel_read_permissions()
		records = {(r["doctype"], r["record"]) for r in access_history(t.group.name)}
		self.assertIn(("Consent", old.name), records)


class TestConsentVersionWithoutAUnit(f.MunicipalityTestCase):
	sends_email = True
	with_town = True

	def test_r5_a_new_version_without_a_unit_tells_the_coordinator_which_members_lost_access(self):
		t = self.town
		nurse = f.make_member(t.group.name, t.nurse, t.health)
		with self.set_user(t.coordinator):
			new = frappe.get_doc(
				"Consent", correct("Consent", t.consent.name, "Helse skal ikke med")["new_version"]
			)
		new.partners = [p for p in new.partners if p.service_unit != t.health]
		new = f.advance(
			sign(new, t.consent.signed_by_relation, "Samordning av skoletjenester"), st.CONSENT_ACTIVE
		)
		self.assertEqual(frappe.db.get_value("Responsibility Group", t.group.name, "consent"), new.name)
		mails = [m for m in mails_about(new.name) if "er ny versjon" in m["subject"]]
		self.assertEqual(len(mails), 1, mails_about(new.name))
		text = " ".join(mails[0]["text"].split())
		self.assertIn(t.coordinator, mails[0]["recipients"])
		self.assertIn(t.health, text)
		self.assertIn(nurse.name, text)
		self.assertIn(f"erstatter samtykke {t.consent.name}", text)
		self.assertNotIn("trukket tilbake", text)


class TestPackageDownloadLog(f.MunicipalityTestCase):
	with_town = True

	def test_r19_a_downloaded_package_shows_in_the_persons_innsyn(self):
		t = self.town
		archivist = f.make_user("Arne Arkiv", ["Archive"])
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{package.PACKAGE_PREFIX}{t.group.name.lower()}.zip",
				"attached_to_doctype": "Responsibility Group",
				"attached_to_name": t.group.name,
				"is_private": 1,
				"content": b"PK\x05\x06" + b"\x00" * 18,
			}
		).insert(ignore_permissions=True)
		name = log.write(
			package.PACKAGE_DOCTYPE,
			{"group": t.group.name, "package_file": file.file_url, "trigger": package.MANUAL},
		).name
		before = frappe.db.count("Access Log", {"export_from": package.PACKAGE_DOCTYPE})
		with self.set_user(archivist):
			download_package(name)
			content = frappe.local.response.filecontent
			self.assertEqual((content if isinstance(content, bytes) else content.encode())[:2], b"PK")
		logged = frappe.get_all(
			"Access Log",
			filters={"export_from": package.PACKAGE_DOCTYPE, "reference_document": name},
			fields=["user", "creation"],
		)
		self.assertEqual([row.user for row in logged], [archivist])
		self.assertEqual(frappe.db.count("Access Log", {"export_from": package.PACKAGE_DOCTYPE}), before + 1)
		rows = [r for r in access_history(t.group.name) if r["record"] == name]
		self.assertEqual(
			[(r["user"], r["kind"], r["full_name"]) for r in rows], [(archivist, DOWNLOADED, "Arne Arkiv")]
		)
		self.assertEqual(record_name(rows[0]["doctype"]), "Arkivuttrekk")
		# a refused download is no download
		with self.set_user(t.outsider):
			self.assertRaises(frappe.PermissionError, download_package, name)
		self.assertEqual(frappe.db.count("Access Log", {"export_from": package.PACKAGE_DOCTYPE}), before + 1)
