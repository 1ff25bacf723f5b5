"""Frappe's Data Import, for bringing in the groups a municipality already has (``rules/imports.py``).

The Local Administrator imports the app's history DocTypes as new records, in ``IMPORT_ORDER``; each
record is marked with where it came from (the row's *Imported From*), who brought it in and when, and is
inserted on the administrator's say-so (they cannot create these records in the desk). A row whose record
is already here from the same source is left as it is, so a second run changes nothing. The controllers
still check everything that makes the data valid; they waive only the live-work gates for a record
``is_history`` says is being imported (a flag set here, in-process: no client can send it).
"""

import frappe
from frappe import _
from frappe.core.doctype.data_import.data_import import DataImport
from frappe.core.doctype.data_import.importer import Importer
from frappe.utils import now_datetime
from frappe.utils.background_jobs import enqueue, is_job_enqueued
from frappe.utils.scheduler import is_scheduler_inactive
from rq.timeouts import JobTimeoutException

from ansvarsgruppe.controllers.rules_bridge import throw_problems
from ansvarsgruppe.permissions import files
from ansvarsgruppe.permissions.appointments import appointment
from ansvarsgruppe.permissions.grants import appointee_problems
from ansvarsgruppe.permissions.imports import check_importer, check_no_self_grant
from ansvarsgruppe.permissions.records import has_unrestricted_access
from ansvarsgruppe.rules import imports


def is_history(doc) -> bool:
	"""Whether ``doc`` is being brought in as history by the import (not a later save of it)."""
	return bool(doc.flags.history_import) and doc.is_new()


class HistoryRecord:
	"""Mixin for the controllers of DocTypes with a workflow: an imported record comes in the state its
	status was in (Frappe's workflow lets a new record start in the first state only)."""

	def validate_workflow(self):
		if is_history(self):
			return
		super().validate_workflow()


class HistoryDataImport(DataImport):
	def validate(self):
		check_importer(self)
		super().validate()

	@frappe.whitelist()
	def get_preview_from_template(self, import_file=None, google_sheets_url=None):
		self.check_permission("read")
		check_importer(self)
		return super().get_preview_from_template(import_file, google_sheets_url)

	def start_import(self):
		"""Frappe's, with the job running ``run_import`` (the history importer) in its place."""
		check_importer(self)
		run_now = frappe.flags.in_test or frappe.conf.developer_mode
		if is_scheduler_inactive() and not run_now:
			frappe.throw(_("Scheduler is inactive. Cannot import data."), title=_("Scheduler Inactive"))
		job_id = f"data_import::{self.name}"
		if is_job_enqueued(job_id):
			return False
		enqueue(
			run_import,
			queue="default",
			timeout=10000,
			event="data_import",
			job_id=job_id,
			data_import=self.name,
			now=run_now,
		)
		return True

	def get_importer(self):
		return HistoryImporter(self.reference_doctype, data_import=self)


def run_import(data_import: str):
	"""The background job: ``frappe.core.doctype.data_import.data_import.start_import`` with the history
	importer."""
	data_import = frappe.get_doc("Data Import", data_import)
	try:
		data_import.get_importer().import_data()
	except JobTimeoutException:
		frappe.db.rollback()
		data_import.db_set("status", "Timed Out")
	except Exception:
		frappe.db.rollback()
		data_import.db_set("status", "Error")
		data_import.log_error("Data import failed")
	finally:
		frappe.flags.in_import = False
	frappe.publish_realtime("data_import_refresh", {"data_import": data_import.name})


class HistoryImporter(Importer):
	def insert_record(self, doc):
		if self.doctype == "User" and doc.get("email") and frappe.db.exists("User", doc.get("email")):
			return frappe.get_doc("User", doc.get("email"))  # the staff account is here: left as it is
		if self.doctype not in imports.IMPORT_ORDER:
			return super().insert_record(doc)
		check_importer(self.data_import)
		marked = self.doctype in imports.MARKED
		source = (doc.get("imported_from") or "").strip() if marked else None
		if marked:
			throw_problems(imports.mark_problems(source))
		name = doc.get("name") or _named_by_field(self.doctype, doc)
		if name and frappe.db.exists(self.doctype, name):
			stored = (
				frappe.db.get_value(self.doctype, name, list(imports.MARK_FIELDS), as_dict=True)
				if marked
				else None
			)
			if not marked or imports.already_imported(stored, source):
				return frappe.get_doc(self.doctype, name)  # brought in by an earlier run: left as it is
		new_doc = frappe.new_doc(self.doctype)
		new_doc.update(doc)
		if not doc.get("name"):
			new_doc.set("name", None)
		new_doc.flags.updater_reference = {
			"doctype": self.data_import.doctype,
			"docname": self.data_import.name,
			"label": "Data Import",
		}
		new_doc.flags.history_import = True
		if marked:
			new_doc.update(
				{"imported_from": source, "imported_by": frappe.session.user, "imported_on": now_datetime()}
			)
		check_no_self_grant(new_doc)
		if self.doctype == "Responsibility Group" and new_doc.coordinator:
			user = frappe.session.user
			throw_problems(appointee_problems(user, new_doc.coordinator, has_unrestricted_access(user)))
			new_doc.flags.coordinator_appointment = appointment(
				new_doc.coordinator,
				frappe._("Appointed before the group was brought in from {0}.").format(source),
				appointed_on=new_doc.established_date or now_datetime(),
			)
		scan = _scan_of(new_doc)
		frappe.flags.history_scan = scan
		try:
			new_doc.insert(ignore_permissions=True)
		finally:
			frappe.flags.history_scan = None
		if scan and not frappe.db.exists(
			"File",
			{
				"file_url": scan[2],
				"attached_to_doctype": new_doc.doctype,
				"attached_to_name": new_doc.name,
				"attached_to_field": scan[1],
			},
		):
			frappe.throw(_("The scanned document {0} could not be attached.").format(scan[2]))
		return new_doc


def _scan_of(doc) -> tuple[str, str, str] | None:
	"""(DocType, field, address) of the scanned document ``doc`` is brought in with: a private file the
	importer uploaded (to the Data Import) and may open."""
	fieldname = imports.SCANNED_FIELDS.get(doc.doctype)
	url = (doc.get(fieldname) or "").strip() if fieldname else ""
	if not url:
		return None
	if not url.startswith("/private/files/") or not files.is_plain_file_url(url):
		frappe.throw(_("The scanned document must be a private file uploaded to the import: {0}").format(url))
	if not frappe.db.exists("File", {"file_url": url, "is_folder": 0}) or not files.may_read_file_at(
		url, frappe.session.user
	):
		frappe.throw(_("Upload the scanned document {0} to the import before it runs.").format(url))
	doc.set(fieldname, url)
	return doc.doctype, fieldname, url


def _named_by_field(doctype: str, doc) -> str | None:
	autoname = frappe.get_meta(doctype).autoname or ""
	return doc.get(autoname.removeprefix("field:")) if autoname.startswith("field:") else None


def keep_import_marks(doc, method=None):
	"""``validate`` of the marked DocTypes: the marks are written by the import only, and kept after."""
	if is_history(doc):
		return
	before = None if doc.is_new() else doc.get_doc_before_save()
	for field in imports.MARK_FIELDS:
		doc.set(field, before.get(field) if before else None)
