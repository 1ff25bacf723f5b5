"""Side channels: what Frappe's extras around a record let a user learn or leave behind.

Beside a record's own form, Frappe lets a desk user like it, tag it, assign it, comment on it and follow it
(an hourly, daily or weekly mail of its changes); it shows its change history (Versions) in the form's
timeline and in that mail; it prints it and exports lists of it to CSV and Excel; and it sends the browser
on after a log-in. Each of these answers to less than the record's own rules, so each is held here:

- likes, tags, assignments and comments only on a record the user may read, and never on a final record
  (a closed group, approved or distributed minutes, a signed consent, an approved plan: ``rules/final.py``),
  checked on the rows Frappe writes for them (Comment, Tag Link, ToDo: ``doc_events``), whatever road wrote
  them, and on the roads that write into the record's own row first (``toggle_like``, the tags);
- a record is followed only by someone who may read it, and only by oneself (or by the assignee of an open
  assignment, which Frappe subscribes); each user sees only their own follows; the digest is the app's own
  (Frappe's is stopped at install and migrate), and checks every record against its reader when it sends;
- the history (``docinfo.versions``, the digest) shows no field above the reader's permission level
  (``rules/history.py``);
- the fødselsnummer is printed only for a reader with its permission level on that Service User;
- CSV and Excel exports carry no formula from the data (``rules/exports.py``);
- ``redirect-to`` on the log-in pages (``/login``, the portal's ``/logg-inn``) leads only to a path on this
  site (``rules/redirects.py``; ID-porten's log-in uses the same rule through ``portal/idporten.local_path``).
"""

import contextlib
import json
from io import BytesIO
from urllib.parse import urlencode

import frappe
import openpyxl
from frappe import _
from frappe.core.doctype.data_export import exporter
from frappe.core.doctype.data_import import data_import
from frappe.desk import like as frappe_like
from frappe.desk import query_report, reportview
from frappe.desk.doctype.tag import tag as frappe_tag
from frappe.desk.form import document_follow
from frappe.model import table_fields
from frappe.utils import format_datetime
from werkzeug.exceptions import abort
from werkzeug.utils import redirect

from ansvarsgruppe.controllers.form_load import latest_views_only
from ansvarsgruppe.permissions import files, names, primary
from ansvarsgruppe.permissions.records import has_unrestricted_access, query_conditions
from ansvarsgruppe.permissions.registry import PROTECTED
from ansvarsgruppe.rules import exports, history, redirects
from ansvarsgruppe.rules import final as final_rules

# The app's records that are kept as they were approved, and the stored status that says so.
FINAL_RECORDS = {
	"Responsibility Group": final_rules.GROUP,
	"Meeting Minutes": final_rules.MINUTES,
	"Consent": final_rules.CONSENT,
	"Individual Plan": final_rules.PLAN,
}

# Comment types a user writes (the others Frappe and the app write as a record of what happened).
USER_COMMENTS = ("Comment", "Like")

OPEN_ASSIGNMENT = "Open"


def _user(user: str | None = None) -> str:
	return user or frappe.session.user


def may_read(doctype: str | None, name: str | None, user: str | None = None) -> bool:
	"""Whether ``user`` may read the stored record ``name`` of ``doctype`` (its DocType's permissions and the
	app's row rules); a record that does not exist is read by nobody."""
	if not (doctype and name and isinstance(doctype, str) and isinstance(name, str)):
		return False
	try:
		return bool(frappe.has_permission(doctype, "read", doc=name, user=_user(user)))
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		return False


def is_final(doctype: str | None, name: str | None) -> bool:
	"""Whether the stored record is one of the app's final records."""
	record = FINAL_RECORDS.get(doctype)
	if record is None or not name:
		return False
	return final_rules.is_final(record, frappe.db.get_value(doctype, name, "status"))


def _refuse(message: str, *values):
	frappe.throw(_(message).format(*values), frappe.PermissionError)


def check_side_action(doctype: str, name: str, user: str | None = None):
	"""Refuse a like, tag, assignment or comment on one of the app's records the user may not read, or on a
	final one (for everyone: a final record stays as it was approved)."""
	if doctype not in PROTECTED:
		return
	user = _user(user)
	if not has_unrestricted_access(user) and not may_read(doctype, name, user):
		_refuse("You may not read this record.")
	if is_final(doctype, name):
		_refuse("{0} {1} is final and takes no likes, tags, assignments or comments.", _(doctype), name)


# Likes and comments (Comment), tags (Tag Link), assignments (ToDo) ----------------------------------------


def check_comment(doc, method=None):
	"""``doc_events`` of Comment (validate, on_trash): a user's comment or like, added, edited or taken back,
	only on a record the user may read and never on a final one. Frappe's and the app's own notes (Info,
	Workflow, Attachment, …) are the record's history and pass."""
	if doc.comment_type in USER_COMMENTS:
		check_side_action(doc.reference_doctype, doc.reference_name)


def check_tag(doc, method=None):
	"""``doc_events`` of Tag Link (validate): a tag only on a record the user may read, never a final one."""
	check_side_action(doc.document_type, doc.document_name)


# Frappe writes a like (``_liked_by``) and a tag (``_user_tags``) into the record's row directly, before the
# Comment or Tag Link that ``doc_events`` see, and takes a tag away without a row event at all: these roads
# are checked before Frappe writes anything.


@frappe.whitelist()
def toggle_like(doctype, name, add=False):
	"""``frappe.desk.like.toggle_like``."""
	check_side_action(doctype, name)
	return frappe_like.toggle_like(doctype, name, add)


@frappe.whitelist()
def add_tag(tag, dt, dn, color=None):
	"""``frappe.desk.doctype.tag.tag.add_tag``."""
	check_side_action(dt, dn)
	return frappe_tag.add_tag(tag, dt, dn, color)


@frappe.whitelist()
def add_tags(tags, dt, docs, color=None):
	"""``frappe.desk.doctype.tag.tag.add_tags``: the same tags on several records."""
	for name in frappe.parse_json(docs) or ():
		check_side_action(dt, name)
	return frappe_tag.add_tags(tags, dt, docs, color)


@frappe.whitelist()
def remove_tag(tag, dt, dn):
	"""``frappe.desk.doctype.tag.tag.remove_tag``."""
	check_side_action(dt, dn)
	return frappe_tag.remove_tag(tag, dt, dn)


@frappe.whitelist()
def get_tagged_docs(doctype, tag):
	"""``frappe.desk.doctype.tag.tag.get_tagged_docs``: the records with a tag, through the list's row rules
	(Frappe reads the table directly)."""
	frappe.has_permission(doctype, throw=True)
	names = frappe.get_list(doctype, filters=[["_user_tags", "like", tag]], pluck="name", limit_page_length=0)
	return [(name,) for name in names]


def check_assignment(doc, method=None):
	"""``doc_events`` of ToDo (validate): an assignment of one of the app's records is made, moved or ended
	only by a user who may read the record, goes only to someone who may read it, and is never made on a
	final record (an open one may still be closed or cancelled)."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	for old in (before, doc):
		if old is not None and old.reference_type in PROTECTED:
			user = frappe.session.user
			if not has_unrestricted_access(user) and not may_read(
				old.reference_type, old.reference_name, user
			):
				_refuse("You may not read this record.")
	if doc.reference_type not in PROTECTED:
		return
	moved = before is None or any(
		before.get(field) != doc.get(field) for field in ("reference_type", "reference_name", "allocated_to")
	)
	reopened = before is not None and before.status != OPEN_ASSIGNMENT and doc.status == OPEN_ASSIGNMENT
	if not (moved or reopened):
		return
	if doc.allocated_to and not may_read(doc.reference_type, doc.reference_name, doc.allocated_to):
		_refuse("{0} may not read this record and cannot be assigned to it.", doc.allocated_to)
	if doc.status == OPEN_ASSIGNMENT and is_final(doc.reference_type, doc.reference_name):
		_refuse(
			"{0} {1} is final and takes no likes, tags, assignments or comments.",
			_(doc.reference_type),
			doc.reference_name,
		)


# Following a record -----------------------------------------------------------------------------------


def check_follow(doc, method=None):
	"""``doc_events`` of Document Follow (validate): the follower may read the record; a user follows for
	themselves only, except that an assignment subscribes its assignee (Frappe's "follow assigned
	documents")."""
	user = frappe.session.user
	if has_unrestricted_access(user):
		return
	if not may_read(doc.ref_doctype, doc.ref_docname, doc.user):
		_refuse("You may not follow a record you may not read.")
	if doc.user != user and not frappe.db.exists(
		"ToDo",
		{
			"reference_type": doc.ref_doctype,
			"reference_name": doc.ref_docname,
			"allocated_to": doc.user,
			"status": OPEN_ASSIGNMENT,
		},
	):
		_refuse("You may follow records only for yourself.")


@frappe.whitelist()
def get_follow_users(doctype, doc_name):
	"""``frappe.desk.form.document_follow.get_follow_users``: who follows a record, only to its readers."""
	if not has_unrestricted_access(frappe.session.user) and not may_read(doctype, doc_name):
		_refuse("You may not read this record.")
	return document_follow.get_follow_users(doctype, doc_name)


@primary.refuses_on_replica
def follow_query(user=None):
	"""``permission_query_conditions`` of Document Follow: one's own follows only (who follows what tells
	which records exist and who works on them)."""
	user = _user(user)
	if has_unrestricted_access(user):
		return ""
	return f"(`tabDocument Follow`.`user` = {frappe.db.escape(user)})"


@primary.decides_on_primary
def follow_permission(doc, ptype=None, user=None, debug=False):
	"""``has_permission`` of Document Follow: read, change and delete one's own follows only (a new follow
	is checked by ``check_follow``)."""
	user = _user(user)
	if ptype == "create" or has_unrestricted_access(user):
		return None
	return doc.user == user


def send_hourly_follow_mails():
	send_follow_mails("Hourly")


def send_daily_follow_mails():
	send_follow_mails("Daily")


def send_weekly_follow_mails():
	send_follow_mails("Weekly")


def send_follow_mails(frequency: str):
	"""Frappe's digest of followed records, with every record checked against its reader when the mail is
	made (access lost since the follow sends nothing) and no field above the reader's level."""
	for user in document_follow.get_user_list(frequency):
		timeline, documents = [], []
		for follow in document_follow.get_document_followed_by_user(user):
			doctype, name = follow.ref_doctype, follow.ref_docname
			if not may_read(doctype, name, user):
				continue
			items = _follow_timeline(doctype, name, frequency, user)
			if items:
				timeline += items
				documents.append(
					{
						"reference_docname": name,
						"reference_doctype": doctype,
						"reference_url": frappe.utils.get_url_to_form(doctype, name),
					}
				)
		if timeline:
			document_follow.send_email_alert(user, documents, timeline)
			frappe.db.commit()


def _follow_timeline(doctype: str, name: str, frequency: str, user: str) -> list[dict]:
	hidden = hidden_fields(doctype, user)
	items = []
	for version in frappe.get_all(
		"Version",
		filters=[
			["ref_doctype", "=", doctype],
			["docname", "=", name],
			*document_follow._get_filters(frequency, user),
		],
		fields=["data", "modified", "modified_by"],
	):
		change = history.visible_change(json.loads(version.data), hidden)
		if not change:
			continue
		time = format_datetime(version.modified, "hh:mm a")
		if change.get("changed"):
			items += document_follow.get_field_changed(change["changed"], time, doctype, name, version)
		if change.get("row_changed"):
			items += document_follow.get_row_changed(change["row_changed"], time, doctype, name, version)
		if change.get("added"):
			items += document_follow.get_added_row(change["added"], time, doctype, name, version)
	items += document_follow.get_comments(doctype, name, frequency, user)
	return sorted(items, key=lambda item: item["time"], reverse=True)


FRAPPE_FOLLOW_DIGESTS = (
	"frappe.desk.form.document_follow.send_hourly_updates",
	"frappe.desk.form.document_follow.send_daily_updates",
	"frappe.desk.form.document_follow.send_weekly_updates",
)


def stop_frappe_follow_digests():
	"""After install and every migrate: Frappe's own digest jobs stay stopped (the app sends the digest)."""
	frappe.db.set_value(
		"Scheduled Job Type",
		{"method": ("in", FRAPPE_FOLLOW_DIGESTS), "stopped": 0},
		"stopped",
		1,
		update_modified=False,
	)


# History: Versions in the form's timeline ---------------------------------------------------------------


def hidden_fields(doctype: str, user: str | None = None) -> set[str]:
	"""What of ``doctype`` the user may not read, as ``rules/history.py`` names it: fields and tables above
	the user's permission level, and ``table.field`` for the fields of a table's rows above it."""
	meta = frappe.get_meta(doctype)
	levels = meta.get_permlevel_access("read", user=_user(user))
	hidden = set()
	for df in meta.fields:
		if not df.fieldname:
			continue
		if (df.permlevel or 0) not in levels:
			hidden.add(df.fieldname)
		elif df.fieldtype in table_fields:
			hidden |= {
				f"{df.fieldname}.{child.fieldname}"
				for child in frappe.get_meta(df.options).fields
				if child.fieldname and (child.permlevel or 0) not in levels
			}
	return hidden


def hide_hidden_history():
	"""The form's ``docinfo.versions`` without what the reader may not read."""
	docinfo = frappe.response.get("docinfo")
	if not docinfo or not docinfo.get("versions"):
		return
	hidden = hidden_fields(docinfo.get("doctype"))
	if not hidden:
		return
	shown = []
	for version in docinfo["versions"]:
		change = history.visible_change(json.loads(version.get("data") or "{}"), hidden)
		if change:
			shown.append({**version, "data": json.dumps(change, separators=(",", ":"), default=str)})
	docinfo["versions"] = shown


@frappe.whitelist()
def getdoc(doctype, name, user=None):
	"""``frappe.desk.form.load.getdoc``: the form without documents the user may not read
	(``permissions/files.py``) and with the history the user may read."""
	files.getdoc(doctype, name, user)
	hide_hidden_history()
	latest_views_only()
	names.add_shown_names()


@frappe.whitelist()
def get_docinfo(doc=None, doctype=None, name=None):
	"""``frappe.desk.form.load.get_docinfo``, as ``getdoc`` above."""
	files.get_docinfo(doc, doctype, name)
	hide_hidden_history()
	latest_views_only()
	names.add_shown_names()


# Prints: the fødselsnummer ------------------------------------------------------------------------------


def may_see_national_id(service_user: str | None) -> bool:
	"""Whether a print may show the fødselsnummer of ``service_user``: to a reader of that person with the
	field's permission level, and in the archive's own copy of a record (``printing_for_the_archive``)."""
	if frappe.flags.get("ag_archive_print"):
		return True
	user = frappe.session.user
	if not service_user:
		return False
	level = frappe.get_meta("Service User").get_field("national_id").permlevel or 0
	if level not in frappe.get_meta("Service User").get_permlevel_access("read", user=user):
		return False
	return has_unrestricted_access(user) or may_read("Service User", service_user, user)


@contextlib.contextmanager
def printing_for_the_archive():
	"""The archive keeps the record as it is, fødselsnummer included, whoever starts the archiving."""
	previous = frappe.flags.get("ag_archive_print")
	frappe.flags.ag_archive_print = True
	try:
		yield
	finally:
		frappe.flags.ag_archive_print = previous


# Exports to CSV and Excel -------------------------------------------------------------------------------


def neutralise_export_response():
	"""The file a whitelisted export method put into the response, with no cell a spreadsheet would run."""
	response = frappe.response
	if response.get("type") == "csv" and isinstance(response.get("result"), str):
		response["result"] = exports.neutralise_csv(response["result"])
	elif response.get("type") == "binary" and response.get("filecontent"):
		filename = str(response.get("filename") or "").lower()
		if filename.endswith(".csv"):
			content = response["filecontent"]
			text = content.decode("utf-8") if isinstance(content, bytes) else content
			delimiter = str(frappe.form_dict.get("csv_delimiter") or ",")[:1]
			quoting = frappe.utils.cint(frappe.form_dict.get("csv_quoting") or 2)
			response["filecontent"] = exports.neutralise_csv(text, delimiter, quoting).encode("utf-8")
		elif filename.endswith(".xlsx"):
			response["filecontent"] = neutralise_xlsx(response["filecontent"])


def neutralise_xlsx(content: bytes) -> bytes:
	"""An Excel workbook with every formula and every cell a spreadsheet would run made plain text."""
	workbook = openpyxl.load_workbook(BytesIO(content))
	changed = False
	for sheet in workbook.worksheets:
		for row in sheet.iter_rows():
			for cell in row:
				value = cell.value
				if not isinstance(value, str):
					continue
				safe = exports.neutralise_cell(value)  # a formula is text beginning with "="
				if safe != value:
					cell.value = safe
					changed = True
	if not changed:
		return content
	out = BytesIO()
	workbook.save(out)
	return out.getvalue()


@frappe.whitelist()
def export_query():
	"""``frappe.desk.reportview.export_query`` (the list's and report view's export), neutralised."""
	reportview.export_query()
	neutralise_export_response()


@frappe.whitelist()
def export_query_report():
	"""``frappe.desk.query_report.export_query`` (a query report's export), neutralised."""
	query_report.export_query()
	neutralise_export_response()


@frappe.whitelist()
def download_import_template(
	doctype, export_fields=None, export_records=None, export_filters=None, file_type="CSV"
):
	"""``frappe.core.doctype.data_import.data_import.download_template``: records exported for import;
	neutralised for everyone but System Manager (whose templates go back into an import unchanged)."""
	data_import.download_template(doctype, export_fields, export_records, export_filters, file_type)
	if not has_unrestricted_access(frappe.session.user):
		neutralise_export_response()


@frappe.whitelist()
def export_data(
	doctype=None,
	parent_doctype=None,
	all_doctypes=True,
	with_data=False,
	select_columns=None,
	file_type="CSV",
	template=False,
	filters=None,
	export_without_column_meta=False,
):
	"""``frappe.core.doctype.data_export.exporter.export_data``, as ``download_import_template`` above."""
	exporter.export_data(
		doctype=doctype,
		parent_doctype=parent_doctype,
		all_doctypes=all_doctypes,
		with_data=with_data,
		select_columns=select_columns,
		file_type=file_type,
		template=template,
		filters=filters,
		export_without_column_meta=export_without_column_meta,
	)
	if not has_unrestricted_access(frappe.session.user):
		neutralise_export_response()


# After the log-in ---------------------------------------------------------------------------------------

LOGIN_PAGES = ("/login", "/logg-inn")


def guard_login_redirect():
	"""``before_request``: Frappe's log-in page sends the browser on to ``redirect-to`` (its own check and
	its script let ``/%09/host`` and ``/\\host`` through, which browsers read as another site); the portal's
	log-in page carries it on to both log-ins. A target that is not already a plain path on this site is
	replaced by the path it means, or dropped, before either page is served."""
	request = getattr(frappe.local, "request", None)
	if request is None or request.path.rstrip("/") not in LOGIN_PAGES:
		return
	raw = request.args.get("redirect-to")
	if raw is None:
		return
	safe = redirects.site_path(raw)
	if safe == raw:
		return
	args = [(key, value) for key, value in request.args.items(multi=True) if key != "redirect-to"]
	if safe:
		args.append(("redirect-to", safe))
	abort(redirect(request.path + ("?" + urlencode(args) if args else ""), 302))


# Reading Tag Links ----------------------------------------------------------------------------------------


def readable_references(table: str, doctype_column: str, name_column: str, user: str) -> str:
	"""A condition over ``table`` whose rows name a record (``doctype_column``, ``name_column``): rows about
	the app's records only where the user may read the record."""
	protected = ", ".join(frappe.db.escape(doctype) for doctype in sorted(PROTECTED))
	parts = [
		f"`tab{table}`.`{doctype_column}` is null",
		f"`tab{table}`.`{doctype_column}` not in ({protected})",
	]
	for doctype in sorted(PROTECTED):
		if not frappe.has_permission(doctype, "read", user=user):
			continue
		part = f"`tab{table}`.`{doctype_column}` = {frappe.db.escape(doctype)}"
		condition = query_conditions(doctype, user)
		if condition:
			part += (
				f" and `tab{table}`.`{name_column}` in"
				f" (select `tab{doctype}`.`name` from `tab{doctype}` where {condition})"
			)
		parts.append(f"({part})")
	return "(" + " or ".join(parts) + ")"


@primary.refuses_on_replica
def tag_query(user=None):
	"""``permission_query_conditions`` of Tag Link: a tag names its record and carries its title."""
	user = _user(user)
	if has_unrestricted_access(user):
		return ""
	return readable_references("Tag Link", "document_type", "document_name", user)


@primary.decides_on_primary
def tag_permission(doc, ptype=None, user=None, debug=False):
	"""``has_permission`` of Tag Link: a tag of one of the app's records as the record itself is read."""
	user = _user(user)
	if doc.document_type not in PROTECTED or has_unrestricted_access(user):
		return None
	return may_read(doc.document_type, doc.document_name, user)
