"""A group's archive package (R19): its records rendered with the app's print formats, converted to PDF/A-2b,
described in Noark 5 v5.0 (``noark``), zipped, stored as a private file attached to the group and logged.

Which documents: the IP application, the person's signed consents (withdrawn, expired and superseded ones
too), the approved and distributed minutes, the approved and closed versions of the individual plan (each
version a registry entry, superseded ones marked), the escalations with their answers, and every file
attached to the group, those consents, minutes and plans (documents received, the scanned form or minutes an
imported record came with), except earlier archive packages. A plan without a group has a package of its own
(``make_plan_package``): the person's folder with the application, consents, the plan's versions and the
family's proposals.
"""

import hashlib
import io
import mimetypes
import re
import zipfile

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import add_months, get_datetime, getdate, now_datetime

from ansvarsgruppe.archive import log, noark, pdfa
from ansvarsgruppe.permissions.side_channels import printing_for_the_archive
from ansvarsgruppe.printing import formats
from ansvarsgruppe.printing.pdf import get_pdf
from ansvarsgruppe.rules import final
from ansvarsgruppe.rules import status as st

PACKAGE_DOCTYPE = "Archive Package"
GROUP_DOCTYPE, PLAN_DOCTYPE = "Responsibility Group", "Individual Plan"
PACKAGE_PREFIX = "arkivuttrekk-"
DOCUMENT_FOLDER = "dokumenter"
MANUAL, CLOSING, DEMO = "Manual", "Group Closed", "Demo"
PLAN_CLOSING = "Plan Closed"  # a plan without a group that has ended
HANDOVER = "Moved to Another Municipality"  # for the municipality the person moves to
DOWNLOAD_METHOD = "Download"
PLAN_ARCHIVED = (final.PLAN_APPROVED, final.PLAN_CLOSED)
CONSENT_ARCHIVED = (
	st.CONSENT_SIGNED,
	st.CONSENT_ACTIVE,
	st.CONSENT_WITHDRAWN,
	st.CONSENT_EXPIRED,
	st.CONSENT_SUPERSEDED,
)
INCOMING, INTERNAL, INTERNAL_FOLLOW_UP = (
	"Inngående dokument",
	"Organinternt dokument uten oppfølging",
	"Organinternt dokument for oppfølging",
)
# Each of the group's records in the package: (title before its name, kind, Noark journal post type, print
# format; None: the DocType's standard print).
RECORD_DOCUMENTS = {
	"IP Application": (
		"Søknad om individuell plan og koordinator",
		"Søknad",
		INCOMING,
		formats.APPLICATION_FORMAT,
	),
	"Consent": ("Samtykkeerklæring", "Samtykke", INCOMING, formats.CONSENT_FORMAT),
	"Meeting Minutes": ("Møtereferat", "Møtereferat", INTERNAL, formats.MINUTES_FORMAT),
	"Individual Plan": ("Individuell plan", "Individuell plan", INTERNAL, formats.PLAN_FORMAT),
	"Escalation": ("Sak i tjenestevei", "Sak i tjenestevei", INTERNAL_FOLLOW_UP, None),
	"Plan Proposal": ("Forslag til individuell plan", "Forslag til individuell plan", INCOMING, None),
}


# PRONOM identifiers of the production formats received most (others are named by their media type)
PRONOM = {"docx": "fmt/412", "xlsx": "fmt/214", "txt": "x-fmt/111"}

ARCHIVE_EVERY_MONTHS = 6  # an open group is archived twice a year


def archive_when_closed(doc, method=None):
	"""``on_update`` of a group: the move to Closed makes a package in the background, once committed; an
	open group that was never archived is due six months after it was set up (Archive Reminder)."""
	before = doc.get_doc_before_save()
	if doc.status != st.GROUP_CLOSED and not doc.next_archive_due:
		start = doc.last_archived_on or doc.established_date or doc.creation
		doc.db_set(
			"next_archive_due", add_months(getdate(start), ARCHIVE_EVERY_MONTHS), update_modified=False
		)
	if doc.status != st.GROUP_CLOSED or before is None or before.status == st.GROUP_CLOSED:
		return
	enqueue_package(doc.name, CLOSING)


def _enqueue(method: str, job_id: str, **arguments):
	"""One package job per record at a time, started once the change that asks for it is committed."""
	frappe.enqueue(
		f"ansvarsgruppe.archive.package.{method}",
		queue="long",
		timeout=1800,
		enqueue_after_commit=True,
		job_id=job_id,
		deduplicate=True,
		**arguments,
	)


def enqueue_package(group: str, trigger: str):
	_enqueue("make_queued_package", f"ansvarsgruppe-archive::{group}", group=group, trigger=trigger)


def package_files() -> set[str]:
	return set(frappe.get_all(PACKAGE_DOCTYPE, pluck="package_file"))


def _stamp(value) -> str:
	return get_datetime(value).replace(microsecond=0)


def _user_name(user: str | None) -> str:
	if not user:
		return "Administrator"
	return frappe.db.get_value("User", user, "full_name") or user


def _slug(text: str) -> str:
	text = text.translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"}))
	return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "dokument"


class _Collector:
	"""The registry entries of one group, each with its PDF/A file(s)."""

	def __init__(self, group):
		self.group = group
		self.entries: list[dict] = []
		self.files: dict[str, bytes] = {}

	def add(
		self, key, title, kind, entry_type, date, created, created_by, pdf: bytes, original=None, **extra
	):
		"""One registry entry with its document as PDF/A-2b; ``original`` (file name, content), a received
		file that is neither PDF nor image, is kept beside it in its production format."""
		number = len(self.entries) + 1
		path = f"{DOCUMENT_FOLDER}/{number:03d}-{_slug(title)}.pdf"
		content = pdfa.to_pdfa(pdf, title)
		self.files[path] = content
		document = {
			"path": path,
			"size": len(content),
			"sha256": hashlib.sha256(content).hexdigest(),
			"created": _stamp(now_datetime()),
		}
		if original:
			document["original"] = self._original(number, *original)
		self.entries.append(
			{
				"key": key,
				"title": title,
				"public_title": kind,
				"kind": kind,
				"entry_type": entry_type,
				"date": getdate(date or created),
				"created": _stamp(created),
				"created_by": _user_name(created_by),
				"files": [document],
				**extra,
			}
		)

	def _original(self, number: int, file_name: str, content: bytes) -> dict:
		stem, _dot, suffix = file_name.rpartition(".")
		suffix = suffix.lower() if stem else ""
		path = f"{DOCUMENT_FOLDER}/{number:03d}-{_slug(stem or file_name)}-original" + (
			f".{_slug(suffix)}" if suffix else ""
		)
		self.files[path] = content
		return {
			"path": path,
			"size": len(content),
			"sha256": hashlib.sha256(content).hexdigest(),
			"created": _stamp(now_datetime()),
			"format": PRONOM.get(suffix) or mimetypes.guess_type(file_name)[0] or "application/octet-stream",
			"format_details": suffix.upper() or None,
		}


def _print(doctype: str, name: str, print_format: str | None) -> bytes:
	with printing_for_the_archive():
		if print_format:
			return get_pdf(doctype, name, print_format, ignore_permissions=True)
		flag = frappe.flags.ignore_print_permissions
		frappe.flags.ignore_print_permissions = True
		try:
			with print_language(formats.PRINT_LANGUAGE):
				return frappe.get_print(doctype, name, as_pdf=True, pdf_options={"page-size": "A4"})
		finally:
			frappe.flags.ignore_print_permissions = flag


def corrections(names: list[str]) -> dict:
	"""{superseded version: its Record Correction} for ``names``."""
	if not names:
		return {}
	rows = frappe.get_all(
		"Record Correction",
		filters={"superseded": ("in", names)},
		fields=["superseded", "new_version", "corrected_by", "corrected_on", "reason", "reference_doctype"],
	)
	return {row.superseded: row for row in rows}


def _version_fields(doctype: str, name: str, superseded: dict, supersedes: dict) -> dict:
	fields = {}
	if name in superseded:
		row = superseded[name]
		fields.update(
			superseded_by=f"{doctype}/{row.new_version}",
			superseded_on=_stamp(row.corrected_on),
			superseded_by_user=_user_name(row.corrected_by),
		)
	if name in supersedes:
		row = supersedes[name]
		fields.update(supersedes=f"{doctype}/{row.superseded}", correction_reason=row.reason)
	return fields


def _add_record(collector, doctype: str, row, day, **fields):
	"""One of the group's records as a document of the package, described by ``RECORD_DOCUMENTS``;
	``day`` is the document's date."""
	title, kind, direction, print_format = RECORD_DOCUMENTS[doctype]
	collector.add(
		f"{doctype}/{row.name}",
		f"{title} {row.name}",
		kind,
		direction,
		day,
		row.creation,
		row.owner,
		_print(doctype, row.name, print_format),
		**fields,
	)


def _add_consents(collector, service_user: str):
	"""The person's signed consents, withdrawn, expired and superseded ones too."""
	consents = frappe.get_all(
		"Consent",
		filters={"service_user": service_user, "status": ("in", CONSENT_ARCHIVED)},
		fields=["name", "creation", "owner", "signed_date", "status"],
		order_by="creation asc",
	)
	# a consent is superseded once its new version is in force (until then its correction is a draft)
	superseded_consents = corrections([c.name for c in consents if c.status == st.CONSENT_SUPERSEDED])
	superseding = {
		row.new_version: row
		for row in superseded_consents.values()
		if row.new_version in {c.name for c in consents}
	}
	for consent in consents:
		versions = _version_fields("Consent", consent.name, superseded_consents, superseding)
		_add_record(collector, "Consent", consent, consent.signed_date, **versions)
	_add_files(collector, "Consent", [consent.name for consent in consents])


def _add_application(collector, application: str | None):
	if not application:
		return
	row = frappe.db.get_value("IP Application", application, ["name", "creation", "owner"], as_dict=True)
	if row:
		_add_record(collector, "IP Application", row, row.creation)


def _add_final_records(collector, doctype: str, statuses, order: str, filters: dict):
	"""The final versions of minutes or plans matching ``filters``, each marked with what it supersedes."""
	date_field = "meeting_date" if doctype == "Meeting Minutes" else "approved_on"
	rows = frappe.get_all(
		doctype,
		filters={**filters, "status": ("in", statuses)},
		fields=["name", "creation", "owner", date_field],
		order_by=order,
	)
	if doctype == "Individual Plan":
		rows = [row for row in rows if row.approved_on]  # a plan closed as a draft was never in force
	names = [row.name for row in rows]
	superseded = corrections(names)
	supersedes = {
		row.new_version: row
		for row in frappe.get_all(
			"Record Correction",
			filters={"new_version": ("in", names or ["-"]), "reference_doctype": doctype},
			fields=["superseded", "new_version", "reason"],
		)
	}
	for row in rows:
		versions = _version_fields(doctype, row.name, superseded, supersedes)
		_add_record(collector, doctype, row, row.get(date_field), **versions)
	_add_files(collector, doctype, names)


def _add_files(collector, doctype: str, names: list[str]):
	"""The files attached to the records ``names`` (documents received, a scanned form or minutes brought
	in with an imported record), each as a document of its own, except the archive's own packages."""
	if not names:
		return
	packages = package_files()
	for file in frappe.get_all(
		"File",
		filters={"attached_to_doctype": doctype, "attached_to_name": ("in", names), "is_folder": 0},
		fields=["name", "file_name", "file_url", "creation", "owner"],
		order_by="creation asc",
	):
		if file.file_url in packages or (file.file_name or "").startswith(PACKAGE_PREFIX):
			continue
		collector.add(
			f"File/{file.name}",
			f"Mottatt dokument {file.file_name}",
			"Mottatt dokument",
			INCOMING,
			file.creation,
			file.creation,
			file.owner,
			*_received(file),
		)


def _collect(group) -> _Collector:
	collector = _Collector(group)
	_add_application(collector, group.ip_application)
	_add_consents(collector, group.service_user)
	_add_final_records(
		collector, "Meeting Minutes", st.MINUTES_FINAL, "meeting_date asc", {"group": group.name}
	)
	_add_final_records(collector, "Individual Plan", PLAN_ARCHIVED, "creation asc", {"group": group.name})
	_add_plan_proposals(collector, {"group": group.name})
	for escalation in frappe.get_all(
		"Escalation",
		filters={"group": group.name},
		fields=["name", "creation", "owner", "raised_on"],
		order_by="creation asc",
	):
		_add_record(collector, "Escalation", escalation, escalation.raised_on)
	_add_files(collector, "Responsibility Group", [group.name])
	return collector


def _collect_plan(plan) -> _Collector:
	"""A plan without a group: the application it rests on, the person's consents, every approved or closed
	version of the plan resting on that application (its evaluations are in each version's print) with the
	files attached to it, and the family's proposals and comments on them."""
	collector = _Collector(plan)
	_add_application(collector, plan.ip_application)
	_add_consents(collector, plan.service_user)
	versions = {
		"service_user": plan.service_user,
		"ip_application": plan.ip_application,
		"group": ("is", "not set"),
	}
	_add_final_records(collector, "Individual Plan", PLAN_ARCHIVED, "creation asc", versions)
	_add_plan_proposals(collector, versions)
	return collector


def _add_plan_proposals(collector, plans: dict):
	"""The family's proposals and comments on every version of the plans ``plans`` filters."""
	for proposal in frappe.get_all(
		"Plan Proposal",
		filters={"plan": ("in", frappe.get_all(PLAN_DOCTYPE, filters=plans, pluck="name") or ["-"])},
		fields=["name", "creation", "owner"],
		order_by="creation asc",
	):
		_add_record(collector, "Plan Proposal", proposal, proposal.creation)


def _received(file) -> tuple:
	"""A received file as PDF, and the original when it is neither PDF nor image: images and PDFs as they
	are; anything else as a page that names it, the file itself kept beside it."""
	doc = frappe.get_doc("File", file.name)
	content = doc.get_content()
	if isinstance(content, str):
		content = content.encode()
	suffix = "." + (file.file_name or "").rsplit(".", 1)[-1].lower() if "." in (file.file_name or "") else ""
	if suffix == ".pdf" or content[:5] == b"%PDF-":
		return (content,)
	if suffix in pdfa.IMAGE_SUFFIXES:
		return (pdfa.image_to_pdf(content),)
	from frappe.utils.pdf import get_pdf as html_to_pdf

	html = "<p>{}</p><p>{}</p><p>{}</p><p>SHA-256: {}</p>".format(
		frappe.utils.escape_html(_("The received file {0} is not a PDF or an image.").format(file.file_name)),
		frappe.utils.escape_html(_("The original file is kept in the package beside this page.")),
		frappe.utils.escape_html(_("Size: {0} bytes").format(len(content))),
		hashlib.sha256(content).hexdigest(),
	)
	return html_to_pdf(html), (file.file_name or "dokument", content)


def _folder(group, created) -> dict:
	person = (
		frappe.db.get_value("Service User", group.service_user, ["full_name", "national_id"], as_dict=True)
		or frappe._dict()
	)
	opened = _stamp(group.creation)
	closed = group.status == st.GROUP_CLOSED
	closed_on = (
		_stamp(group.closed_date)
		if closed and group.closed_date
		else (_stamp(group.modified) if closed else None)
	)
	match = re.search(r"(\d+)$", group.name)
	return {
		"key": group.name,
		"title": f"Ansvarsgruppe {group.name} for {person.full_name or group.service_user}",
		"public_title": "Ansvarsgruppe",
		"year": opened.year,
		"sequence": int(match.group(1)) if match else 1,
		"date": getdate(group.established_date or group.creation),
		"unit": group.responsible_unit or "Koordinerende enhet",
		"responsible": _user_name(group.coordinator),
		"opened": opened,
		"opened_by": _user_name(group.owner),
		"closed": closed_on,
		"closed_by": _user_name(group.modified_by) if closed else None,
		"party_name": person.full_name or group.service_user,
		"party_id": person.national_id,
	}


def _plan_folder(plan) -> dict:
	"""The person's folder for a plan without a group: the plan's life, its coordinator responsible."""
	person = (
		frappe.db.get_value("Service User", plan.service_user, ["full_name", "national_id"], as_dict=True)
		or frappe._dict()
	)
	unit = plan.ip_application and frappe.db.get_value(
		"IP Application", plan.ip_application, "responsible_unit"
	)
	opened = _stamp(plan.creation)
	closed = plan.status == final.PLAN_CLOSED
	match = re.search(r"(\d+)$", plan.name)
	return {
		"key": plan.name,
		"title": f"Individuell plan {plan.name} for {person.full_name or plan.service_user}",
		"public_title": "Individuell plan",
		"year": opened.year,
		"sequence": int(match.group(1)) if match else 1,
		"date": getdate(plan.plan_from or plan.creation),
		"unit": unit or "Koordinerende enhet",
		"responsible": _user_name(plan.coordinator),
		"opened": opened,
		"opened_by": _user_name(plan.owner),
		"closed": _stamp(plan.modified) if closed else None,
		"closed_by": _user_name(plan.modified_by) if closed else None,
		"party_name": person.full_name or plan.service_user,
		"party_id": person.national_id,
	}


def build(name: str, created=None, created_by: str | None = None, doctype: str = GROUP_DOCTYPE):
	"""The package of the group (or, with ``doctype`` Individual Plan, the plan without a group) ``name`` as
	ZIP bytes, and the extraction's values."""
	record = frappe.get_doc(doctype, name)
	created = _stamp(created or now_datetime())
	if doctype == PLAN_DOCTYPE:
		collector, folder = _collect_plan(record), _plan_folder(record)
	else:
		collector, folder = _collect(record), _folder(record, created)
	settings = frappe.get_cached_doc("Ansvarsgruppe Settings")
	extraction = {
		"site": frappe.local.site,
		"municipality": settings.municipality_name or "Kommunen",
		"created": created,
		"created_by": _user_name(created_by or frappe.session.user),
		"folder": folder,
		"entries": collector.entries,
	}
	xml = {
		"arkivstruktur.xml": noark.arkivstruktur(extraction),
		"endringslogg.xml": noark.endringslogg(extraction),
	}
	described = [
		{"path": path, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
		for path, content in xml.items()
	]
	xml["addml.xml"] = noark.addml(extraction, described)
	out = io.BytesIO()
	with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
		for path, content in {**xml, **collector.files}.items():
			package.writestr(path, content)
	return out.getvalue(), extraction


def make_queued_package(group: str, trigger: str = MANUAL) -> str | None:
	"""The background job: a closed group already archived since it closed is not archived again."""
	if trigger == CLOSING:
		closed = frappe.db.get_value("Responsibility Group", group, "modified")
		if frappe.db.exists(PACKAGE_DOCTYPE, {"group": group, "archived_on": (">=", closed)}):
			return None
	return make_package(group, trigger)


def attach_to_group(group: str, file_name: str, content: bytes, doctype: str = GROUP_DOCTYPE):
	"""The package as a private File attached to ``group`` (or to a plan without a group), also once it is
	closed (a closed group takes no other file)."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": doctype,
			"attached_to_name": group,
			"is_private": 1,
			"content": content,
		}
	)
	file.flags.ignore_permissions = True
	file.flags.archive_package = True
	return file.insert()


def make_package(group: str, trigger: str = MANUAL, **logged) -> str:
	"""Build ``group``'s package, store it as a private file attached to the group, log the archiving (with
	``logged``, further values of the Archive Package) and note it on the group. Returns the Archive
	Package's name."""
	user = frappe.session.user
	archived_on = now_datetime()
	content, extraction = build(group, archived_on, user)
	file_name = f"{PACKAGE_PREFIX}{_slug(group)}-{archived_on:%Y%m%d%H%M%S}.zip"
	file = attach_to_group(group, file_name, content)
	counts = noark.counts(extraction)
	package = log.write(
		PACKAGE_DOCTYPE,
		{
			"group": group,
			"archived_on": archived_on,
			"archived_by": user,
			"trigger": trigger,
			"package_file": file.file_url,
			"file_size": len(content),
			"sha256": hashlib.sha256(content).hexdigest(),
			"entries": counts["registrering"],
			"documents": counts["dokumentfiler"],
			**logged,
		},
	)
	frappe.db.set_value(
		"Responsibility Group",
		group,
		{
			"last_archived_on": archived_on,
			"next_archive_due": add_months(getdate(archived_on), ARCHIVE_EVERY_MONTHS),
		},
		update_modified=False,
	)
	return package.name


def archive_plan_when_closed(doc, method=None):
	"""``on_update`` of an individual plan: a plan without a group that ends (Closed) is archived in the
	background as a group is when it closes."""
	if doc.group or doc.status != final.PLAN_CLOSED:
		return
	before = doc.get_doc_before_save()
	if before is None or before.status == final.PLAN_CLOSED:
		return
	enqueue_plan_package(doc.name, PLAN_CLOSING)


def enqueue_plan_package(plan: str, trigger: str):
	_enqueue("make_plan_package", f"ansvarsgruppe-archive-plan::{plan}", plan=plan, trigger=trigger)


def make_plan_package(plan: str, trigger: str = MANUAL) -> str:
	"""Build the package of a plan without a group, store it as a private file attached to the plan and log
	it. Returns the Archive Package's name."""
	user = frappe.session.user
	archived_on = now_datetime()
	content, extraction = build(plan, archived_on, user, doctype=PLAN_DOCTYPE)
	file_name = f"{PACKAGE_PREFIX}{_slug(plan)}-{archived_on:%Y%m%d%H%M%S}.zip"
	file = attach_to_group(plan, file_name, content, doctype=PLAN_DOCTYPE)
	counts = noark.counts(extraction)
	return log.write(
		PACKAGE_DOCTYPE,
		{
			"individual_plan": plan,
			"archived_on": archived_on,
			"archived_by": user,
			"trigger": trigger,
			"package_file": file.file_url,
			"file_size": len(content),
			"sha256": hashlib.sha256(content).hexdigest(),
			"entries": counts["registrering"],
			"documents": counts["dokumentfiler"],
		},
	).name
