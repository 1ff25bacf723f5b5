"""R19: the groups a municipality already has, brought in with Frappe's Data Import as history.

The shipped example (50 groups in the shape of a SamPro export) runs through Data Import as a Local
Administrator with no row refused, and a second run changes nothing; the imported records are marked (where
from, who, when), come in the state they had, and the live-work gates do not hold them back, while what
makes data valid still holds; the daily jobs run over them; an imported group's archive package validates.
"""

import csv
import tempfile
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from lxml import etree

from ansvarsgruppe.archive import package
from ansvarsgruppe.demo import import_example as example
from ansvarsgruppe.rules.imports import IMPORT_ORDER, MARKED
from ansvarsgruppe.tasks.catch_up import run_daily_alert_jobs
from ansvarsgruppe.tests import factories as f

LOCAL_ADMIN = "lokal.administrator.import@example.no"
SCHEMAS = Path(__file__).resolve().parent / "noark5"
GROUP = "SP-AG-0001"


def imported(doctype: str) -> int:
	return frappe.db.count(doctype, {"name": ("like", "SP-%")})


def write_rows(doctype: str, rows: list[dict]) -> Path:
	folder = Path(tempfile.mkdtemp())
	path = folder / f"{frappe.scrub(doctype)}.csv"
	columns = list(dict.fromkeys(column for row in rows for column in row))
	with path.open("w", newline="", encoding="utf-8") as out:
		writer = csv.DictWriter(out, fieldnames=columns)
		writer.writeheader()
		writer.writerows(rows)
	return path


def forget_example():
	"""The example's records gone (from an earlier run on this site), so the first run brings them in."""
	for doctype in reversed(IMPORT_ORDER[1:]):
		names = frappe.get_all(doctype, filters={"name": ("like", "SP-%")}, pluck="name")
		if not names:
			continue
		for table in frappe.get_meta(doctype).get_table_fields():
			frappe.db.delete(table.options, {"parent": ("in", names), "parenttype": doctype})
		frappe.db.delete(doctype, {"name": ("in", names)})
	frappe.db.commit()


def forget_scans():
	"""The example's scanned documents gone (rows and files), so the first run uploads them at their own
	addresses."""
	for file in frappe.get_all(
		"File", filters={"file_name": ("like", "SP-%.pdf")}, fields=["name", "file_url"]
	):
		frappe.db.delete("File", {"name": file.name})
		path = Path(frappe.get_site_path("private", "files", file.file_url.rsplit("/", 1)[-1]))
		path.unlink(missing_ok=True)
	frappe.db.commit()


def scans_of(doctype: str) -> list[dict]:
	return frappe.get_all(
		"File",
		filters={"attached_to_doctype": doctype, "attached_to_name": ("like", "SP-%")},
		fields=["attached_to_name", "attached_to_field", "file_url", "is_private", "content_hash"],
	)


def refused_rows(data_import) -> list[dict]:
	return frappe.get_all(
		"Data Import Log",
		filters={"data_import": data_import.name, "success": 0},
		fields=["row_indexes", "messages"],
	)


class TestHistoryImport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		forget_example()
		forget_scans()
		with f.unthrottled_users():
			f.make_user("Lokal", roles=("Local Administrator",), email=LOCAL_ADMIN)
			frappe.set_user("Administrator")
			cls.users = example.import_file("User", example.EXAMPLE / example.USER_FILE)
		frappe.set_user(LOCAL_ADMIN)
		cls.first = example.import_folder()
		cls.counts = {doctype: imported(doctype) for doctype in IMPORT_ORDER[1:]}
		cls.scans = {doctype: len(scans_of(doctype)) for doctype in example.SCANNED}
		cls.modified = frappe.db.sql(
			"select max(modified) from `tabResponsibility Group` where name like 'SP-%%'"
		)
		cls.second = example.import_folder()
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_r19_the_example_runs_through_data_import_as_local_administrator_with_no_row_refused(self):
		self.assertEqual(self.users.status, "Success", refused_rows(self.users))
		self.assertEqual([d.reference_doctype for d in self.first], list(IMPORT_ORDER))
		for data_import in self.first:
			self.assertEqual(data_import.owner, LOCAL_ADMIN)
			self.assertEqual(data_import.status, "Success", refused_rows(data_import))
		self.assertEqual(self.counts["Responsibility Group"], example.GROUPS)
		self.assertEqual(self.counts["Service User"], example.GROUPS)

	def test_r19_a_second_run_changes_nothing(self):
		for data_import in self.second:
			self.assertEqual(data_import.status, "Success", refused_rows(data_import))
		self.assertEqual({doctype: imported(doctype) for doctype in IMPORT_ORDER[1:]}, self.counts)
		self.assertEqual({doctype: len(scans_of(doctype)) for doctype in example.SCANNED}, self.scans)
		self.assertEqual(
			frappe.db.sql("select max(modified) from `tabResponsibility Group` where name like 'SP-%%'"),
			self.modified,
		)

	def test_r19_consents_and_minutes_come_with_their_scanned_documents_as_private_files(self):
		for doctype, fieldname in example.SCANNED.items():
			records = frappe.get_all(
				doctype, filters={"name": ("like", "SP-%")}, fields=["name", f"{fieldname} as url"]
			)
			scans = {scan.attached_to_name: scan for scan in scans_of(doctype)}
			self.assertEqual(len(scans), len(records), doctype)
			for record in records:
				scan = scans[record.name]
				self.assertEqual(
					(scan.file_url, scan.attached_to_field, scan.is_private),
					(f"/private/files/{record.name}.pdf", fieldname, 1),
				)
				self.assertEqual(scan.file_url, record.url)
		content = frappe.get_doc("File", {"attached_to_name": "SP-SAM-0001"}).get_content()
		self.assertEqual(
			content.encode() if isinstance(content, str) else content,
			(example.EXAMPLE / example.SCANS / "SP-SAM-0001.pdf").read_bytes(),
		)

	def test_r19_a_row_naming_a_scan_not_uploaded_is_refused_and_changes_nothing(self):
		frappe.set_user(LOCAL_ADMIN)
		before = (imported("Consent"), len(scans_of("Consent")))
		row = {
			"name": "SP-SAM-9001",
			"imported_from": example.SOURCE,
			"service_user": "SP-BRU-0003",
			"collecting_unit": "Fjordvik skole",
			"status": "Registered",
			"signed_copy": "/private/files/SP-SAM-0002.pdf",
		}
		data_import = example.import_file("Consent", write_rows("Consent", [row]))
		self.assertEqual(data_import.status, "Error")
		self.assertIn("SP-SAM-0002.pdf", str(refused_rows(data_import)))
		self.assertEqual((imported("Consent"), len(scans_of("Consent"))), before)

	def test_r5_an_imported_scan_is_read_only_with_its_record(self):
		from frappe.utils.password import update_password

		coordinator = frappe.db.get_value("Responsibility Group", GROUP, "coordinator")
		stranger = frappe.get_all(
			"Group Member",
			filters={
				"group": ("like", "SP-AG-%"),
				"member_role": "Professional",
				"user": ("not in", frappe.get_all("Group Member", {"group": GROUP}, pluck="user")),
			},
			pluck="user",
			limit=1,
		)[0]
		self.assertFalse(frappe.has_permission("Consent", "read", doc="SP-SAM-0001", user=stranger))
		password = "Import-scans-2026!"
		for user in (coordinator, stranger, LOCAL_ADMIN):
			update_password(user, password)
		frappe.db.commit()
		url = "/private/files/SP-SAM-0001.pdf"
		files_before = frappe.db.count("File")
		reader = f.WebSession(coordinator, password)
		response = reader.get(url)
		self.assertEqual(response.status_code, 200)
		self.assertTrue(response.content.startswith(b"%PDF-"))
		for user in (stranger, LOCAL_ADMIN):
			client = f.WebSession(user, password)
			response = client.get(url)
			self.assertIn(response.status_code, (403, 404), user)
			self.assertNotIn(b"%PDF-", response.content)
			listed = client.get("/api/resource/File", filters=[["file_url", "=", url]], fields=["name"])
			self.assertFalse(listed.ok and listed.json().get("data"), user)
			copy = client.post("/api/resource/File", data={"file_url": url, "is_private": 1})
			self.assertFalse(copy.ok, user)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("File"), files_before)

	def test_r19_imported_records_say_where_from_who_and_when(self):
		for doctype in MARKED:
			marks = frappe.get_all(
				doctype,
				filters={"name": ("like", "SP-%")},
				fields=["imported_from", "imported_by", "count(*) as n"],
				group_by="imported_from, imported_by",
			)
			self.assertEqual(
				[(m.imported_from, m.imported_by) for m in marks], [(example.SOURCE, LOCAL_ADMIN)], doctype
			)
		self.assertTrue(frappe.db.get_value("Responsibility Group", GROUP, "imported_on"))

	def test_r8_r6_history_comes_in_the_state_it_had_past_the_live_work_gates(self):
		group = frappe.get_doc("Responsibility Group", GROUP)
		self.assertEqual(group.status, "Active")
		self.assertEqual(frappe.db.get_value("Consent", group.consent, "status"), "Active")
		minutes = frappe.get_all(
			"Meeting Minutes", filters={"group": GROUP}, fields=["status", "approved_by", "approved_on"]
		)
		self.assertEqual({m.status for m in minutes}, {"Approved"})
		self.assertEqual({m.approved_by for m in minutes}, {group.coordinator})
		plan = frappe.db.get_value(
			"Individual Plan", "SP-PLAN-0002", ["status", "approved_by", "approved_on"], as_dict=True
		)
		self.assertEqual(plan.status, "Approved")
		self.assertNotEqual(plan.approved_by, LOCAL_ADMIN)
		# R2: the coordinator's appointment is recorded, by whom it was brought in and from where
		(appointment,) = group.coordinator_appointments
		self.assertEqual(appointment.coordinator, group.coordinator)
		self.assertEqual(appointment.appointed_by, LOCAL_ADMIN)
		self.assertIn(example.SOURCE, appointment.reason)

	def test_r5_access_follows_the_consent_from_the_moment_the_record_exists(self):
		group = frappe.get_doc("Responsibility Group", GROUP)
		self.assertTrue(
			frappe.has_permission("Responsibility Group", "read", doc=GROUP, user=group.coordinator)
		)
		professional = frappe.db.get_value(
			"Group Member", {"group": GROUP, "member_role": "Professional"}, "user"
		)
		self.assertTrue(frappe.has_permission("Responsibility Group", "read", doc=GROUP, user=professional))
		stranger = frappe.db.get_value("Responsibility Group", "SP-AG-0002", "coordinator")
		self.assertNotEqual(stranger, group.coordinator)
		self.assertFalse(frappe.has_permission("Responsibility Group", "read", doc=GROUP, user=stranger))
		# KE sees every group, the imported ones with where they came from, who brought them in and when
		with f.unthrottled_users():
			ke = f.make_user("Kari KE", ["Coordinating Unit"])
		frappe.set_user(ke)
		self.assertIn(
			GROUP,
			frappe.get_list("Responsibility Group", filters={"imported_from": example.SOURCE}, pluck="name"),
		)
		(row,) = frappe.get_list("Responsibility Group", filters={"name": GROUP}, fields=["imported_by"])
		self.assertEqual(row.imported_by, LOCAL_ADMIN)

	def test_r19_only_the_local_administrator_imports_and_only_new_history(self):
		before = frappe.db.count("Data Import")
		coordinator = frappe.db.get_value("Responsibility Group", GROUP, "coordinator")
		frappe.set_user(coordinator)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "Data Import",
					"reference_doctype": "Consent",
					"import_type": "Insert New Records",
				}
			).insert()
		frappe.set_user(LOCAL_ADMIN)
		for doctype, import_type in (("User", "Insert New Records"), ("Consent", "Update Existing Records")):
			with self.assertRaises(frappe.PermissionError):
				frappe.get_doc(
					{"doctype": "Data Import", "reference_doctype": doctype, "import_type": import_type}
				).insert()
		self.assertEqual(frappe.db.count("Data Import"), before)

	def test_r20_r19_rows_that_make_invalid_data_are_refused_and_change_nothing(self):
		frappe.set_user(LOCAL_ADMIN)
		people = imported("Service User")
		bad_people = [
			{
				"name": "SP-BRU-9001",
				"imported_from": example.SOURCE,
				"full_name": "Feil Nummer",
				"national_id": "01010112345",
			},
			{"name": "SP-BRU-9002", "imported_from": "", "full_name": "Uten Kilde"},
		]
		data_import = example.import_file("Service User", write_rows("Service User", bad_people))
		self.assertEqual(data_import.status, "Error")
		self.assertEqual(len(refused_rows(data_import)), 2)
		self.assertEqual(imported("Service User"), people)
		# R3: one open group per person, history or not
		groups = imported("Responsibility Group")
		second = [
			{
				"name": "SP-AG-9001",
				"imported_from": example.SOURCE,
				"service_user": "SP-BRU-0001",
				"responsible_unit": "Fjordvik skole",
				"status": "Proposed",
			}
		]
		data_import = example.import_file("Responsibility Group", write_rows("Responsibility Group", second))
		self.assertEqual(data_import.status, "Error")
		self.assertEqual(imported("Responsibility Group"), groups)

	def test_r19_the_marks_are_written_by_the_import_only(self):
		group = frappe.get_doc("Responsibility Group", GROUP)
		marks = (group.imported_from, group.imported_by, group.imported_on)
		group.imported_from = "Noe annet"
		group.imported_by = "Administrator"
		group.save()
		group.reload()
		self.assertEqual((group.imported_from, group.imported_by, group.imported_on), marks)
		person = f.make_service_user()
		person.imported_from = "SamPro"
		person.save()
		self.assertIsNone(frappe.db.get_value("Service User", person.name, "imported_from"))

	def test_r19_the_daily_jobs_run_over_the_imported_groups_and_send_only_what_is_due(self):
		self.assertEqual(run_daily_alert_jobs(), [])
		minutes = frappe.get_all("Meeting Minutes", filters={"name": ("like", "SP-%")}, pluck="name")
		self.assertFalse(
			frappe.db.exists(
				"Email Queue", {"reference_doctype": "Meeting Minutes", "reference_name": ("in", minutes)}
			),
			"minutes approved in the old system are not distributed again",
		)
		queued = frappe.db.count("Email Queue")
		self.assertEqual(run_daily_alert_jobs(), [])
		self.assertEqual(frappe.db.count("Email Queue"), queued, "a second run sends nothing twice")

	def test_r19_the_archive_package_of_an_imported_group_validates(self):
		import io
		import zipfile

		content, _extraction = package.build(GROUP)
		with zipfile.ZipFile(io.BytesIO(content)) as archive:
			for name in ("arkivstruktur.xml", "endringslogg.xml", "addml.xml"):
				document = etree.fromstring(archive.read(name))
				schema = etree.XMLSchema(etree.parse(str(SCHEMAS / name.replace(".xml", ".xsd"))))
				self.assertTrue(schema.validate(document), f"{name}: {schema.error_log}")
			structure = archive.read("arkivstruktur.xml").decode()
			scans = [n for n in archive.namelist() if "mottatt-dokument-sp-" in n]
			for scan in scans:
				self.assertTrue(archive.read(scan).startswith(b"%PDF-"), scan)
		for name in ("SP-SAM-0001.pdf", "SP-REF-0001-1.pdf", "SP-REF-0001-2.pdf"):
			self.assertIn(f"Mottatt dokument {name}", structure)
		self.assertEqual(len(scans), 3, scans)

	def test_r19_the_prints_say_the_record_was_imported(self):
		from ansvarsgruppe.printing import formats

		for doctype, name, print_format in (
			("Meeting Minutes", "SP-REF-0001-1", formats.MINUTES_FORMAT),
			("Consent", "SP-SAM-0001", formats.CONSENT_FORMAT),
			("Individual Plan", "SP-PLAN-0002", formats.PLAN_FORMAT),
		):
			html = frappe.get_print(doctype, name, print_format)
			self.assertIn(f"Importert fra {example.SOURCE}", html, name)
		own = frappe.get_all(
			"Meeting Minutes", filters={"imported_on": ("is", "not set")}, pluck="name", limit=1
		)
		if own:
			self.assertNotIn(
				"Importert fra", frappe.get_print("Meeting Minutes", own[0], formats.MINUTES_FORMAT)
			)

	def test_r5_the_importer_never_names_themselves_where_it_gives_access(self):
		frappe.set_user(LOCAL_ADMIN)
		before = (imported("Responsibility Group"), imported("Meeting Minutes"))
		group = {
			"name": "SP-AG-9002",
			"imported_from": example.SOURCE,
			"service_user": "SP-BRU-0003",
			"responsible_unit": "Fjordvik skole",
			"coordinator": LOCAL_ADMIN,
			"status": "Proposed",
		}
		data_import = example.import_file("Responsibility Group", write_rows("Responsibility Group", [group]))
		self.assertEqual(data_import.status, "Error")
		self.assertIn("opp deg selv", str(refused_rows(data_import)))
		minutes = {
			"name": "SP-REF-9001",
			"imported_from": example.SOURCE,
			"group": GROUP,
			"meeting_type": "Ordinary",
			"meeting_date": "2025-05-05",
			"status": "Approved",
			"minute_taker": LOCAL_ADMIN,
		}
		data_import = example.import_file("Meeting Minutes", write_rows("Meeting Minutes", [minutes]))
		self.assertEqual(data_import.status, "Error")
		self.assertIn("opp deg selv", str(refused_rows(data_import)))
		# R3: the coordinator a group is brought in with holds the Coordinator role
		professional = frappe.db.get_value(
			"Group Member", {"group": GROUP, "member_role": "Professional"}, "user"
		)
		group.update({"name": "SP-AG-9003", "coordinator": professional})
		data_import = example.import_file("Responsibility Group", write_rows("Responsibility Group", [group]))
		self.assertEqual(data_import.status, "Error")
		self.assertIn(professional, str(refused_rows(data_import)))
		self.assertEqual((imported("Responsibility Group"), imported("Meeting Minutes")), before)
