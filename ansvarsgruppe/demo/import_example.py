"""The shipped example of existing groups, in the shape of a SamPro export or a municipal spreadsheet, and
running it through Frappe's Data Import (``ansvarsgruppe/import_templates/``).

``write_example()`` writes the files (run it after changing this module: the files are committed);
``import_folder(folder)`` brings a folder's files in, in their order, as the session's user, and returns each
file's Data Import. Staff accounts come first (``00_user.csv``, System Manager only): the Local Administrator
imports people, consents, groups, members, minutes and plans.
"""

import csv
import datetime
from pathlib import Path

import frappe

from ansvarsgruppe.rules import imports
from ansvarsgruppe.rules.imports import IMPORT_ORDER

TEMPLATES = Path(__file__).resolve().parent.parent / "import_templates"
EXAMPLE = TEMPLATES / "example"
SOURCE = "SamPro (eksport 01.11.2026)"
GROUPS = 50
USER_FILE = "00_user.csv"
# The scanned documents the files name (a signed consent form, minutes as they were kept), uploaded to the
# Data Import of the file that names them before it runs; the column holds the file's address.
SCANS = "files"
SCANNED = imports.SCANNED_FIELDS

# Columns by field name (Data Import matches them whatever the user's language); child rows as table.field.
COLUMNS = {
	"User": ["email", "first_name", "last_name", "language", "send_welcome_email", "roles.role"],
	"Service Unit": ["unit_name", "agency_type", "unit_leader", "email", "is_active"],
	"Service User": [
		"name",
		"imported_from",
		"full_name",
		"national_id",
		"birth_date",
		"address",
		"phone",
		"relations.name",
		"relations.full_name",
		"relations.relation_type",
		"relations.has_parental_responsibility",
		"relations.is_guardian",
		"relations.phone",
	],
	"Consent": [
		"name",
		"imported_from",
		"service_user",
		"collecting_unit",
		"status",
		"valid_from",
		"case_description",
		"signed_by_kind",
		"signed_by_relation",
		"signed_date",
		"reviewed_with_signer",
		"reviewed_by",
		"received_by",
		"received_by_unit",
		"signed_copy",
		"partners.service_unit",
	],
	"Responsibility Group": [
		"name",
		"imported_from",
		"service_user",
		"responsible_unit",
		"coordinator",
		"status",
		"consent",
		"mandate",
		"meeting_plan",
		"established_date",
		"last_annual_review",
	],
	"Group Member": [
		"name",
		"imported_from",
		"group",
		"member_role",
		"user",
		"service_unit",
		"status",
		"is_permanent",
		"from_date",
		"mandate_clarified",
		"mandate_note",
	],
	"Meeting Minutes": [
		"name",
		"imported_from",
		"group",
		"meeting_type",
		"meeting_date",
		"start_time",
		"end_time",
		"place",
		"status",
		"conclusion",
		"guidelines_reviewed",
		"mandate_reviewed",
		"approved_by",
		"approved_on",
		"minutes_pdf",
	],
	"Individual Plan": [
		"name",
		"imported_from",
		"group",
		"status",
		"plan_from",
		"plan_to",
		"next_revision_date",
		"approved_by",
		"approved_on",
		"own_goals",
		"resources",
		"needs",
		"goals.goal_id",
		"goals.goal",
		"goals.is_persons_own_goal",
		"measures.goal_id",
		"measures.description",
		"measures.responsible_unit",
		"measures.responsible_person",
		"measures.start_date",
		"measures.end_date",
		"measures.status",
		"measures.evaluation_form",
		"measures.next_evaluation_date",
	],
}


def file_name(position: int, doctype: str) -> str:
	return f"{position:02d}_{frappe.scrub(doctype)}.csv"


def import_files() -> list[tuple[str, str]]:
	"""(DocType, file name) in the order they are imported, staff accounts first."""
	return [("User", USER_FILE)] + [
		(doctype, file_name(position, doctype)) for position, doctype in enumerate(IMPORT_ORDER, 1)
	]


# The example ---------------------------------------------------------------------------------------

UNITS = [
	("Helsestasjon Sentrum", "Internal", "anne.leder@example.no"),
	("Fjordvik skole", "Internal", "bjorn.rektor@example.no"),
	("PPT Fjordvik", "Internal", "cecilie.leder@example.no"),
	("Hjemmetjenesten Nord", "Internal", "dag.leder@example.no"),
	("Barne- og ungdomspsykiatrisk poliklinikk", "External", None),
]
COORDINATORS = [
	("Eva", "Koordinator", 0),
	("Frode", "Koordinator", 1),
	("Gunn", "Koordinator", 2),
	("Hallvard", "Koordinator", 3),
	("Ingrid", "Koordinator", 0),
]
PROFESSIONALS = [("Jon", "Fagperson", 1), ("Kari", "Fagperson", 2), ("Lars", "Fagperson", 3)]
FIRST = ["Amund", "Birgit", "Emil", "Frida", "Henrik", "Ida", "Jonas", "Live", "Mathias", "Nora"]
LAST = ["Berg", "Dahl", "Eide", "Fjeld", "Haugen"]


def _email(first: str, last: str) -> str:
	return f"{first.lower()}.{last.lower()}@example.no".replace("ø", "o").replace("å", "a")


def _date(year: int, month: int, day: int) -> str:
	return datetime.date(year, month, day).isoformat()


def staff() -> list[dict]:
	rows = []
	for _unit, _kind, leader in UNITS:
		if leader:
			first = leader.split(".")[0].capitalize()
			rows.append(
				{"email": leader, "first_name": first, "last_name": "Leder", "roles.role": "Unit Leader"}
			)
	for first, last, _unit in COORDINATORS:
		rows.append(
			{
				"email": _email(first, last),
				"first_name": first,
				"last_name": last,
				"roles.role": "Coordinator",
			}
		)
	for first, last, _unit in PROFESSIONALS:
		rows.append(
			{
				"email": _email(first, last),
				"first_name": first,
				"last_name": last,
				"roles.role": "Group Participant",
			}
		)
	return [{**row, "language": "no", "send_welcome_email": 0} for row in rows]


def example_rows() -> dict[str, list[dict]]:
	"""Every file's rows: 50 people (children with their parents, adults), each with a signed consent, a
	group with its coordinator and members, a pre-meeting and a later meeting's minutes; every other group
	with an approved individual plan."""
	units = [
		{
			"unit_name": name,
			"agency_type": kind,
			"unit_leader": leader,
			"email": f"post.{index}@example.no",
			"is_active": 1,
		}
		for index, (name, kind, leader) in enumerate(UNITS, 1)
	]
	people, consents, groups, members, minutes, plans = [], [], [], [], [], []
	for n in range(1, GROUPS + 1):
		first, last = FIRST[n % len(FIRST)], LAST[n % len(LAST)]
		child = n % 3 != 0
		birth = _date(2012 + n % 10, 1 + n % 12, 1 + n % 27) if child else _date(1960 + n % 30, 1 + n % 12, 3)
		person, consent, group = f"SP-BRU-{n:04d}", f"SP-SAM-{n:04d}", f"SP-AG-{n:04d}"
		coord_first, coord_last, coord_unit = COORDINATORS[n % len(COORDINATORS)]
		pro_first, pro_last, pro_unit = PROFESSIONALS[n % len(PROFESSIONALS)]
		coordinator, professional = _email(coord_first, coord_last), _email(pro_first, pro_last)
		responsible, other = UNITS[coord_unit][0], UNITS[pro_unit][0]
		established = _date(2022 + n % 3, 1 + n % 12, 10)
		people.append(
			{
				"name": person,
				"imported_from": SOURCE,
				"full_name": f"{first} {last}",
				"birth_date": birth,
				"address": f"Fjordveien {n}, 9999 Fjordvik",
				"phone": f"+47 900 {n:02d} {n:03d}",
				**(
					{
						"relations.name": f"SP-REL-{n:04d}",
						"relations.full_name": f"Mor {last}",
						"relations.relation_type": "Parent",
						"relations.has_parental_responsibility": 1,
						"relations.is_guardian": 0,
						"relations.phone": f"+47 400 {n:02d} {n:03d}",
					}
					if child
					else {}
				),
			}
		)
		consents.append(
			{
				"name": consent,
				"imported_from": SOURCE,
				"service_user": person,
				"collecting_unit": responsible,
				"status": "Active",
				"valid_from": established,
				"case_description": "Samordning av tjenestene i ansvarsgruppa (overført fra SamPro).",
				"signed_by_kind": "Relation" if child else "Service User",
				"signed_by_relation": f"SP-REL-{n:04d}" if child else None,
				"signed_date": established,
				"reviewed_with_signer": 1,
				"reviewed_by": coordinator,
				"received_by": coordinator,
				"received_by_unit": responsible,
				"signed_copy": f"/private/files/{consent}.pdf",
				"partners.service_unit": responsible,
			}
		)
		if other != responsible:
			consents.append({"partners.service_unit": other})
		status = "Active" if n % 5 else "Approved"
		groups.append(
			{
				"name": group,
				"imported_from": SOURCE,
				"service_user": person,
				"responsible_unit": responsible,
				"coordinator": coordinator,
				"status": status,
				"consent": consent,
				"mandate": "Samordne tjenestene og følge opp den individuelle planen.",
				"meeting_plan": "Fire møter i året.",
				"established_date": established,
				"last_annual_review": _date(2025, 1 + n % 12, 15) if status == "Active" else None,
			}
		)
		member = {"imported_from": SOURCE, "group": group, "status": "Active", "from_date": established}
		members.append(
			{
				**member,
				"name": f"SP-MED-{n:04d}-1",
				"member_role": "Coordinator",
				"user": coordinator,
				"service_unit": responsible,
				"is_permanent": 1,
				"mandate_clarified": 1,
				"mandate_note": "Koordinerer tjenestene og innkaller til møter.",
			}
		)
		members.append(
			{**member, "name": f"SP-MED-{n:04d}-2", "member_role": "Service User", "is_permanent": 1}
		)
		if other != responsible:
			members.append(
				{
					**member,
					"name": f"SP-MED-{n:04d}-3",
					"member_role": "Professional",
					"user": professional,
					"service_unit": other,
					"is_permanent": 1,
					"mandate_clarified": 1,
					"mandate_note": "Kan avtale tiltak innenfor enhetens rammer.",
				}
			)
		meeting = {
			"imported_from": SOURCE,
			"group": group,
			"status": "Approved",
			"start_time": "09:00:00",
			"end_time": "10:00:00",
			"place": "Møterom Fjord, rådhuset",
			"approved_by": coordinator,
		}
		minutes.append(
			{
				**meeting,
				"name": f"SP-REF-{n:04d}-1",
				"minutes_pdf": f"/private/files/SP-REF-{n:04d}-1.pdf",
				"meeting_type": "Pre-meeting",
				"meeting_date": _date(2022 + n % 3, 1 + n % 12, 3),
				"conclusion": "Retningslinjene og mandatet er gjennomgått.",
				"guidelines_reviewed": 1,
				"mandate_reviewed": 1,
				"approved_on": _date(2022 + n % 3, 1 + n % 12, 5),
			}
		)
		if status == "Active":
			minutes.append(
				{
					**meeting,
					"name": f"SP-REF-{n:04d}-2",
					"minutes_pdf": f"/private/files/SP-REF-{n:04d}-2.pdf",
					"meeting_type": "Ordinary",
					"meeting_date": _date(2025, 1 + n % 12, 15),
					"conclusion": "Tiltakene fortsetter; neste møte avtales.",
					"approved_on": _date(2025, 1 + n % 12, 20),
				}
			)
		if n % 2 == 0:
			plans.append(
				{
					"name": f"SP-PLAN-{n:04d}",
					"imported_from": SOURCE,
					"group": group,
					"status": "Approved",
					"plan_from": _date(2025, 1, 1),
					"plan_to": _date(2029, 12, 31),
					"next_revision_date": _date(2027, 6, 30),
					"approved_by": coordinator,
					"approved_on": _date(2025, 1, 10),
					"own_goals": "Klare meg best mulig selv.",
					"resources": "God støtte fra familien.",
					"needs": "Samordnet oppfølging.",
					"goals.goal_id": "M1",
					"goals.goal": "Mestre hverdagen med støtte",
					"goals.is_persons_own_goal": 1,
					"measures.goal_id": "M1",
					"measures.description": "Ukentlig oppfølging",
					"measures.responsible_unit": responsible,
					"measures.responsible_person": coordinator,
					"measures.start_date": _date(2025, 1, 1),
					"measures.end_date": _date(2029, 12, 31),
					"measures.status": "Ongoing",
					"measures.evaluation_form": "Conversation",
					"measures.next_evaluation_date": _date(2027, 3, 1),
				}
			)
	return {
		"Service Unit": units,
		"Service User": people,
		"Consent": consents,
		"Responsibility Group": groups,
		"Group Member": members,
		"Meeting Minutes": minutes,
		"Individual Plan": plans,
	}


def _write(path: Path, columns: list[str], rows: list[dict]):
	with path.open("w", newline="", encoding="utf-8") as out:
		writer = csv.DictWriter(out, fieldnames=columns, extrasaction="raise")
		writer.writeheader()
		for row in rows:
			writer.writerow({column: row.get(column, "") for column in columns})


def scanned_pdf(lines: list[str]) -> bytes:
	"""A one-page PDF with ``lines`` of text (Latin-1), standing in for a scanned document."""

	def text(line: str) -> str:
		return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

	stream = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({text(line)}) '" for line in lines) + " ET"
	stream_bytes = stream.encode("latin-1")
	objects = [
		b"<< /Type /Catalog /Pages 2 0 R >>",
		b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
		b" /Resources << /Font << /F1 5 0 R >> >> >>",
		b"<< /Length %d >>\nstream\n" % len(stream_bytes) + stream_bytes + b"\nendstream",
		b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	]
	out = bytearray(b"%PDF-1.4\n")
	offsets = []
	for number, body in enumerate(objects, 1):
		offsets.append(len(out))
		out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
	xref = len(out)
	out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
	out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
	out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
	return bytes(out)


def scans(rows: dict[str, list[dict]]) -> dict[str, bytes]:
	"""{file name: PDF} for every scanned document the example's rows name."""
	titles = {"Consent": "Samtykke (skannet, signert skjema)", "Meeting Minutes": "Referat (godkjent)"}
	found = {}
	for doctype, fieldname in SCANNED.items():
		for row in rows[doctype]:
			if row.get(fieldname):
				lines = [
					titles[doctype],
					row["name"],
					SOURCE,
					row.get("signed_date") or row.get("meeting_date"),
				]
				found[row[fieldname].rsplit("/", 1)[-1]] = scanned_pdf([str(line) for line in lines])
	return found


def write_example(folder: Path = EXAMPLE, templates: Path = TEMPLATES):
	"""Writes the empty templates (header rows), the example's files and the scanned documents they name."""
	folder.mkdir(parents=True, exist_ok=True)
	rows = {"User": staff(), **example_rows()}
	for doctype, name in import_files():
		_write(templates / name, COLUMNS[doctype], [])
		_write(folder / name, COLUMNS[doctype], rows[doctype])
	(folder / SCANS).mkdir(exist_ok=True)
	for name, content in scans(rows).items():
		(folder / SCANS / name).write_bytes(content)


# Running a folder through Data Import --------------------------------------------------------------


def import_file(doctype: str, path: Path):
	"""One file through Frappe's Data Import as the session's user (inserted, checked, run now)."""
	content = path.read_bytes()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": doctype,
			"import_type": "Insert New Records",
			"mute_emails": 1,
		}
	)
	data_import.insert()
	attached = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": path.name,
			"attached_to_doctype": "Data Import",
			"attached_to_name": data_import.name,
			"attached_to_field": "import_file",
			"is_private": 1,
			"content": content,
		}
	).insert(ignore_permissions=True)
	data_import.import_file = attached.file_url
	data_import.save()
	for name in scanned_files(doctype, path):
		if (path.parent / SCANS / name).exists():  # a missing one refuses its row
			attach_scan(data_import, path.parent / SCANS / name)
	frappe.db.commit()  # Data Import commits each row and rolls back a refused one: its own record first
	frappe.flags.in_test, in_test = True, frappe.flags.in_test  # Data Import runs now, not in a worker
	try:
		data_import.start_import()
	finally:
		frappe.flags.in_test = in_test
	data_import.reload()
	return data_import


def scanned_files(doctype: str, path: Path) -> list[str]:
	"""The names of the scanned documents the file ``path`` of ``doctype`` names."""
	fieldname = SCANNED.get(doctype)
	if not fieldname:
		return []
	with path.open(newline="", encoding="utf-8") as source:
		urls = [row.get(fieldname) for row in csv.DictReader(source)]
	return [url.rsplit("/", 1)[-1] for url in urls if url]


def attach_scan(data_import, path: Path):
	"""A scanned document uploaded to the Data Import as a private file (as the desk's sidebar does)."""
	frappe.get_doc(
		{
			"doctype": "File",
			"file_name": path.name,
			"attached_to_doctype": "Data Import",
			"attached_to_name": data_import.name,
			"is_private": 1,
			"content": path.read_bytes(),
		}
	).insert()


def import_folder(folder: Path = EXAMPLE, with_users: bool = False) -> list:
	"""Every file of ``folder`` in its order (the staff accounts only ``with_users``)."""
	done = []
	for doctype, name in import_files():
		if doctype == "User" and not with_users:
			continue
		if (folder / name).exists():
			done.append(import_file(doctype, folder / name))
	return done


def import_for_demo():
	"""The example beside the demo's own groups: the staff accounts as Administrator, the rest as the demo's
	Local Administrator. Run again, it changes nothing."""
	frappe.set_user("Administrator")
	import_file("User", EXAMPLE / USER_FILE)
	importer = frappe.db.get_value(
		"Has Role", {"role": "Local Administrator", "parenttype": "User", "parent": ("like", "%@%")}, "parent"
	)
	frappe.set_user(importer or "Administrator")
	done = import_folder()
	frappe.set_user("Administrator")
	for data_import in done:
		print(f"{data_import.reference_doctype}: {data_import.status}")
