"""Files follow their record (R5, R19).

Frappe serves ``/private/files/…`` to whoever may read any one File row at that URL (its owner, or a
reader of the record it is attached to), and lets a new File row point at any file on disk. Here a private
file is read, on every road (the download, the File record by REST or the form, the File list), as the
app's rule for what it is, and a second File row pointing at the same file grants nothing:

- an archive package's ZIP (every row at its URL): by whoever may read the Archive Package, never through
  the group it is attached to (KE, the unit leader and the members read the group, not its archive);
- a message's document: by whoever may read the message (``permissions/messages.py``; a withdrawn one by
  its sender and the group's coordinator alone);
- a file attached to one of the app's records: by whoever may read the record, its uploader included
  only while the record is not saved yet;
- a row elsewhere at the URL of a file of the app's records: by nobody (System Manager aside);
- any other file: Frappe's own rule.

Writing (``overrides/file.py`` calls the checks, where ``ignore_permissions`` does not reach):
- a new File that reads an existing file from disk (a ``file_url``, or a bare ``file_name`` without
  content) names a plain file under ``/files/`` or ``/private/files/`` that the user may already read;
- a file is attached to one of the app's records by whoever may change the record;
- archive packages and message documents are changed and deleted by nobody but System Manager;
- a final record (``rules/final.py``: a closed group, approved or distributed minutes, a signed consent,
  an approved plan) takes no new file and loses none, except the package the archive makes of it;
- files attached to the app's records are private.
"""

import re
import unicodedata
from urllib.parse import unquote

import frappe
from frappe import _
from frappe.core.doctype.file.file import File
from frappe.utils import cint, get_url

from ansvarsgruppe.controllers.rules_bridge import throw_problems
from ansvarsgruppe.permissions import primary
from ansvarsgruppe.permissions.messages import may_read_message
from ansvarsgruppe.permissions.records import READ_PTYPES, has_unrestricted_access, query_conditions
from ansvarsgruppe.permissions.registry import PROTECTED
from ansvarsgruppe.rules import final

PROTECTED_DOCTYPES = frozenset(PROTECTED)
PACKAGE_DOCTYPE = "Archive Package"
# The app's final records, by DocType (``rules/final.py``).
FINAL_RECORDS = {
	"Responsibility Group": final.GROUP,
	"Meeting Minutes": final.MINUTES,
	"Consent": final.CONSENT,
	"Individual Plan": final.PLAN,
}
# What a File is and where it belongs: a change of any of them moves, replaces or publishes the file.
IDENTITY_FIELDS = (
	"file_url",
	"file_name",
	"is_private",
	"attached_to_doctype",
	"attached_to_name",
	"attached_to_field",
	"content_hash",
)
_PLAIN_URL = re.compile(r"/(?:private/)?files/[^/\\]+")


# What a file is -------------------------------------------------------------------------------------


def messages_of_file(file_name: str | None) -> list[str]:
	"""The messages a File row was sent with (one, as ``post_message`` makes them)."""
	if not file_name:
		return []
	return frappe.get_all(
		"Group Message Attachment",
		filters={"file": file_name, "parenttype": "Group Message"},
		pluck="parent",
		distinct=True,
	)


def packages_at(url: str | None) -> list[str]:
	"""The archive packages whose ZIP is the file at ``url``."""
	return frappe.get_all(PACKAGE_DOCTYPE, filters={"package_file": url}, pluck="name") if url else []


def is_archive_or_message_file(file) -> bool:
	return bool(packages_at(file.get("file_url")) or messages_of_file(file.get("name")))


def _attached_record(file) -> tuple[str, str] | None:
	"""The app's record ``file`` is attached to, when that record exists."""
	doctype, name = file.get("attached_to_doctype"), file.get("attached_to_name")
	if doctype in PROTECTED_DOCTYPES and name and frappe.db.exists(doctype, name):
		return doctype, name
	return None


def _shares_a_protected_file(file) -> bool:
	"""Another File row at the same URL is attached to one of the app's records."""
	url = file.get("file_url")
	return bool(url) and bool(
		frappe.db.exists(
			"File",
			{
				"file_url": url,
				"attached_to_doctype": ("in", list(PROTECTED_DOCTYPES)),
				"name": ("!=", file.get("name") or ""),
			},
		)
	)


def final_attachment_problem(doctype: str | None, name: str | None):
	"""The problem with adding a file to, or taking one from, the record ``doctype`` ``name`` as stored: a
	final record keeps its files (``rules/final.py``)."""
	record = FINAL_RECORDS.get(doctype)
	if not record or not name:
		return None
	return final.final_attachment_problem(record, frappe.db.get_value(doctype, name, "status"))


# Reading ------------------------------------------------------------------------------------------


def read_decision(file, user: str) -> bool | None:
	"""Whether ``user`` may read ``file`` (a File or a dict of its fields) by the app's rule for its kind;
	None: Frappe's own rule decides."""
	if has_unrestricted_access(user) or file.get("is_folder"):
		return None
	url = file.get("file_url")
	packages = packages_at(url)
	if packages:
		return any(frappe.has_permission(PACKAGE_DOCTYPE, "read", doc=p, user=user) for p in packages)
	messages = messages_of_file(file.get("name"))
	if messages:
		return any(may_read_message(message, user) for message in messages)
	if file.get("attached_to_doctype") in PROTECTED_DOCTYPES:
		record = _attached_record(file)
		if record:
			return bool(frappe.has_permission(record[0], "read", doc=record[1], user=user))
		return None  # uploaded to a record not saved yet: its uploader (Frappe's rule)
	if _shares_a_protected_file(file):
		return False
	return None


def may_read_file_at(url: str, user: str) -> bool:
	"""``user`` may read some File at ``url`` on every road (the hooks below included)."""
	names = frappe.get_all("File", filters={"file_url": url, "is_folder": 0}, pluck="name", limit=20)
	return any(frappe.has_permission("File", "read", doc=frappe.get_doc("File", n), user=user) for n in names)


@primary.decides_on_primary
def file_permission(doc, ptype=None, user=None, debug=False):
	"""``has_permission`` for File: reading as ``read_decision``; changing an archive package or a message's
	document by nobody but System Manager; a file of one of the app's records attached, changed or removed
	by whoever may change the record, while it is not final."""
	user = user or frappe.session.user
	if ptype in (None, "download", *READ_PTYPES):
		return read_decision(doc, user)
	if has_unrestricted_access(user):
		return None
	if ptype != "create" and is_archive_or_message_file(doc):
		return False
	record = _attached_record(doc)
	if not record:
		return None
	if final_attachment_problem(*record):
		return False
	return bool(frappe.has_permission(record[0], "write", doc=record[1], user=user))


@primary.refuses_on_replica
def file_query(user=None):
	"""The File list as ``read_decision`` reads a File, for users without System Manager: an archive
	package's URL first, then a message's document, then the record a file is attached to."""
	user = user or frappe.session.user
	if has_unrestricted_access(user):
		return ""
	urls_of_packages = (
		f"select `perm_package`.`package_file` from `tab{PACKAGE_DOCTYPE}` `perm_package`"
		" where `perm_package`.`package_file` is not null"
	)
	readable_packages = query_conditions(PACKAGE_DOCTYPE, user)
	readable_package_urls = urls_of_packages + (
		f" and `perm_package`.`name` in (select `tab{PACKAGE_DOCTYPE}`.`name` from `tab{PACKAGE_DOCTYPE}`"
		f" where {readable_packages})"
		if readable_packages
		else ""
	)
	documents = (
		"select `perm_attachment`.`file` from `tabGroup Message Attachment` `perm_attachment`"
		" where `perm_attachment`.`parenttype` = 'Group Message' and `perm_attachment`.`file` is not null"
	)
	readable_messages = query_conditions("Group Message", user)
	readable_documents = documents + (
		" and `perm_attachment`.`parent` in (select `tabGroup Message`.`name` from `tabGroup Message`"
		f" where {readable_messages})"
		if readable_messages
		else ""
	)
	protected = ", ".join(frappe.db.escape(doctype) for doctype in sorted(PROTECTED_DOCTYPES))
	urls_of_protected = (
		"select `perm_protected`.`file_url` from `tabFile` `perm_protected`"
		f" where `perm_protected`.`attached_to_doctype` in ({protected})"
	)
	return (
		"(case"
		f" when `tabFile`.`file_url` in ({urls_of_packages})"
		f" then `tabFile`.`file_url` in ({readable_package_urls})"
		f" when `tabFile`.`name` in ({documents}) then `tabFile`.`name` in ({readable_documents})"
		f" when `tabFile`.`attached_to_doctype` in ({protected}) then {_attached_to_readable_records(user)}"
		f" when `tabFile`.`file_url` in ({urls_of_protected}) then 0"
		" else 1 end)"
	)


def _attached_to_readable_records(user: str) -> str:
	"""A file of one of the app's records, for whoever may read the record (its uploader while the record is
	not saved yet), as a condition over the File list."""
	parts = []
	for doctype in sorted(PROTECTED_DOCTYPES):
		table = f"`tab{doctype}`"
		condition = query_conditions(doctype, user)
		readable = f"select {table}.`name` from {table}" + (f" where {condition}" if condition else "")
		parts.append(
			f"(`tabFile`.`attached_to_doctype` = {frappe.db.escape(doctype)}"
			f" and (`tabFile`.`attached_to_name` in ({readable})"
			f" or (`tabFile`.`owner` = {frappe.db.escape(user)}"
			f" and `tabFile`.`attached_to_name` not in (select `perm_saved`.`name` from {table} `perm_saved`))))"
		)
	return "(" + " or ".join(parts) + ")"


def hide_unreadable_documents(doctype: str | None = None, name: str | None = None):
	"""The form's attachment list (``docinfo.attachments``) without the files the user may not read (a
	message's document, an archive package): a group's form is read by more people than its messages and
	its archive."""
	docinfo = frappe.response.get("docinfo")
	if not docinfo or not docinfo.get("attachments"):
		return
	attached = {"attached_to_doctype": doctype, "attached_to_name": name}
	docinfo["attachments"] = [
		a
		for a in docinfo["attachments"]
		if file_permission(frappe._dict({**attached, **a}), "read") is not False
	]


@frappe.whitelist()
def getdoc(doctype, name, user=None):
	"""``frappe.desk.form.load.getdoc``, with ``hide_unreadable_documents``."""
	from frappe.desk.form import load

	load.getdoc(doctype, name, user)
	hide_unreadable_documents(doctype, name)


@frappe.whitelist()
def get_docinfo(doc=None, doctype=None, name=None):
	"""``frappe.desk.form.load.get_docinfo``, with ``hide_unreadable_documents``."""
	from frappe.desk.form import load

	load.get_docinfo(doc, doctype, name)
	if doc is not None:
		doc = frappe.parse_json(doc) if isinstance(doc, str) else doc
		doctype, name = doc.get("doctype"), doc.get("name")
	hide_unreadable_documents(doctype, name)


@frappe.whitelist()
def zip_files(files):
	"""``frappe.core.api.file.zip_files``, each file read as on every other road (Frappe's own check here
	leaves out the ``has_permission`` hooks)."""
	readable = []
	for item in frappe.parse_json(files) or []:
		name = item.get("name") if isinstance(item, dict) else item
		if not isinstance(name, str) or not frappe.db.exists("File", name):
			continue
		file = frappe.get_doc("File", name)
		if frappe.has_permission("File", "read", doc=file):
			readable.append(file)
	frappe.response["filename"] = "files.zip"
	frappe.response["filecontent"] = File.zip_files(readable)
	frappe.response["type"] = "download"


# Writing ------------------------------------------------------------------------------------------


def source_url(doc) -> str | None:
	"""The file on disk a new File is read from, as Frappe finds it (``File.get_content``,
	``validate_remote_file``): its ``file_url`` (a URL of this site read as its path), or without content its
	bare ``file_name`` under the files folders. None: new content, a folder, or a file elsewhere."""
	if doc.get("is_folder") or doc.get("content"):
		return None
	url = doc.get("file_url")
	if url:
		site = get_url()
		if "/files/" in url and url.startswith(site):
			url = url[len(site) :]
		return None if url.startswith(("http://", "https://")) else url
	if not doc.get("file_name"):
		return None
	return ("/private/files/" if doc.get("is_private") else "/files/") + doc.file_name.replace("/", "")


def is_plain_file_url(url: str) -> bool:
	"""A file's own name under ``/files/`` or ``/private/files/``, also once percent-decoded: no folder, no
	``..``, no backslash, no control or invisible character."""
	forms = {url}
	decoded = url
	for _round in range(3):
		decoded = unquote(decoded)
		forms.add(decoded)
	return all(
		_PLAIN_URL.fullmatch(form)
		and ".." not in form
		and not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in form)
		for form in forms
	)


def check_source(url: str):
	"""A File pointing at an existing file names a plain file the user may already read."""
	if not is_plain_file_url(url):
		frappe.throw(_("The file address is not valid."), frappe.ValidationError)
	user = frappe.session.user
	if not has_unrestricted_access(user) and not may_read_file_at(url, user):
		frappe.throw(_("You may not attach a file you cannot open."), frappe.PermissionError)


def check_final(doctype: str | None, name: str | None):
	throw_problems([final_attachment_problem(doctype, name)])


def check_new_file(doc):
	"""Before Frappe reads or writes anything on disk for a new File."""
	if doc.get("is_folder"):
		return
	url = source_url(doc)
	if url is not None:
		check_source(url)
	# the archive's package of a group that has just closed; the scan a record is imported with
	if not doc.flags.archive_package and not is_history_scan(doc):
		check_final(doc.attached_to_doctype, doc.attached_to_name)


def is_history_scan(doc) -> bool:
	"""The scanned document a record brought in as history is inserted with (``overrides/data_import.py``:
	an in-process flag, no client can send it): a final record comes with its document."""
	scan = frappe.flags.history_scan
	return bool(scan) and (doc.attached_to_doctype, doc.attached_to_field, doc.file_url) == tuple(scan)


def _changed(before, doc, fieldname: str) -> bool:
	old, new = before.get(fieldname), doc.get(fieldname)
	if fieldname == "is_private":
		return cint(old) != cint(new)
	return ("" if old is None else str(old)) != ("" if new is None else str(new))


def check_file_change(doc):
	"""Before Frappe acts on a change of a saved File: an archive package or a message's document is changed
	by nobody but System Manager, a final record's file by nobody, and a new URL is a file the user may
	read."""
	before = doc.get_doc_before_save()
	if before is None or doc.get("is_folder"):
		return
	if not any(_changed(before, doc, fieldname) for fieldname in IDENTITY_FIELDS):
		return
	if is_archive_or_message_file(before) and not has_unrestricted_access(frappe.session.user):
		frappe.throw(
			_("Archive packages and documents sent with messages are never changed."), frappe.PermissionError
		)
	check_final(before.attached_to_doctype, before.attached_to_name)
	check_final(doc.attached_to_doctype, doc.attached_to_name)
	if _changed(before, doc, "file_url") and doc.file_url:
		url = source_url(frappe._dict(file_url=doc.file_url))
		if url is not None:
			check_source(url)


def check_removal(doc):
	"""An archive package or a message's document is deleted by nobody but System Manager, a final record's
	file by nobody."""
	if doc.get("is_folder"):
		return
	if is_archive_or_message_file(doc) and not has_unrestricted_access(frappe.session.user):
		frappe.throw(
			_("Archive packages and documents sent with messages are never deleted."), frappe.PermissionError
		)
	check_final(doc.attached_to_doctype, doc.attached_to_name)


def refuse_public_attachment(doc, method=None):
	"""Files attached to the app's records must be private, so they follow the record's own access rules:
	uploaded public, made public afterwards, or moved from one of the app's records to another record and
	then made public."""
	attached_to = {doc.attached_to_doctype}
	before = None if doc.is_new() else doc.get_doc_before_save()
	if before is not None:
		attached_to.add(before.attached_to_doctype)
	protected = sorted(attached_to & PROTECTED_DOCTYPES)
	if protected and not doc.is_private:
		frappe.throw(
			_("Files attached to {0} must be private.").format(_(protected[0])),
			frappe.ValidationError,
		)
