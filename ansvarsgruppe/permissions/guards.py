"""The guards the registry's roads name: each checks one request's arguments before Frappe runs it.

A guard raises ``frappe.PermissionError`` to refuse. Whatever the road, every field name the request
carries (``IDENTIFIERS``) is checked by ``check_identifiers``: it must be a plain column of the DocType the
request is about (or of one of its child tables), readable at the user's permission level; anything else,
for every DocType, is refused. Guards may rewrite an argument to the stored value it must have (a number
card or chart the client describes is replaced by the stored one).
"""

import frappe
from frappe import _
from frappe.model import child_table_fields, default_fields, optional_fields

from ansvarsgruppe.permissions import registry
from ansvarsgruppe.rules import identifiers as ids

# Arguments that carry field names, and how each is read.
IDENTIFIERS = {
	"filters": ids.filtered,
	"or_filters": ids.filtered,
	"current_filters": ids.filtered,
	"fields": lambda value: [name for item in ids.listed(value) for name in ids.selected(item)],
	"fieldname": lambda value: [name for item in ids.listed(value) for name in ids.selected(item)],
	"filter_fields": lambda value: [name for item in ids.listed(value) for name in ids.selected(item)],
	"stats": lambda value: [ids.column(item) for item in ids.listed(value)],
	"order_by": ids.ordering,
	"sort_by": ids.ordering,
	"group_by": ids.ordering,
	"searchfield": lambda value: [ids.column(value)] if value else [],
	"field": lambda value: [] if value in (None, "", "assigned_to", "owner") else [ids.column(value)],
	"sort_field": lambda value: [ids.column(value)] if value else [],
	"aggregate_on_field": lambda value: [ids.column(value)] if value else [],
	"field_map": ids.mapped,
}
DIRECTIONS = ("sort_order",)
# Arguments no user but System Manager sends: SQL shown back, another method called by name, the permission
# checks skipped (Frappe's assignment methods take ``ignore_permissions`` from the request).
REFUSED_ARGUMENTS = ("debug", "query", "method", "ignore_permissions")


def refuse(reason: str = ""):
	frappe.throw(reason or _("You are not permitted to do this."), frappe.PermissionError)


def doctype_exists(doctype) -> bool:
	"""Read from Frappe's cache of DocType metadata when the DocType was loaded before (a query on every
	request otherwise; Frappe drops the entry when a DocType is deleted)."""
	if not isinstance(doctype, str) or not doctype:
		return False
	return bool(frappe.cache.hget("doctype_meta", doctype)) or bool(frappe.db.exists("DocType", doctype))


def readable_columns(doctype: str, parent: str | None = None) -> frozenset[str]:
	"""The columns of ``doctype`` the session user may name: the standard ones and the fields with a value
	at a permission level they may read (for a child table, as a table of ``parent``)."""
	cache = getattr(frappe.local, "ansvarsgruppe_readable_columns", None)
	if cache is None:
		cache = frappe.local.ansvarsgruppe_readable_columns = {}
	key = (frappe.session.user, doctype, parent)
	if key not in cache:
		meta = frappe.get_meta(doctype)
		columns = set(meta.get_valid_columns())
		standard = set(default_fields) | set(optional_fields)
		if meta.istable:
			standard |= set(child_table_fields)
		permitted = set()
		if not meta.istable or parent:
			permitted = set(meta.get_permitted_fieldnames(parenttype=parent, permission_type=None))
		cache[key] = frozenset((standard | permitted) & (columns | standard) - {"doctype"})
	return cache[key]


def check_names(doctype: str, names, parent: str | None = None):
	"""Every (table, field) in ``names`` is a readable column of ``doctype`` or of one of its child tables
	(in a table field the user may read)."""
	meta = frappe.get_meta(doctype)
	tables = None
	for table, field in names:
		if table and table.startswith(ids.LINKED):
			check_linked(meta, table.removeprefix(ids.LINKED), field, parent)
			continue
		if table in (None, doctype):
			if field not in readable_columns(doctype, parent):
				refuse(
					_("You cannot search, sort or group {0} by a field you may not read.").format(_(doctype))
				)
			continue
		if tables is None:
			levels = meta.get_permlevel_access("read", parenttype=parent)
			tables = {df.options for df in meta.get_table_fields() if df.permlevel in levels}
		if table not in tables or field not in readable_columns(table, doctype):
			refuse(_("You cannot search, sort or group {0} by a field you may not read.").format(_(doctype)))


def check_linked(meta, fieldname: str, field: str, parent: str | None):
	"""``link_field.field``: a Link field the user may read, and a field of the linked DocType they may read
	there (or its title, which the desk shows for the link); ``table_field.field``: a field of the child table."""
	df = meta.get_field(fieldname)
	if not df or df.permlevel not in meta.get_permlevel_access("read", parenttype=parent):
		refuse(_("You cannot search, sort or group {0} by a field you may not read.").format(_(meta.name)))
	if df.fieldtype == "Link" and doctype_exists(df.options):
		target = frappe.get_meta(df.options)
		if field in readable_columns(df.options) or field == target.title_field:
			return
	elif df.fieldtype in ("Table", "Table MultiSelect") and field in readable_columns(df.options, meta.name):
		return
	refuse(_("You cannot search, sort or group {0} by a field you may not read.").format(_(meta.name)))


def check_identifiers(doctype: str | None, form, handled=()):
	"""Every field name in ``form`` (``IDENTIFIERS``), read as names of ``doctype``'s columns."""
	present = [
		key for key in IDENTIFIERS if key not in handled and form.get(key) not in (None, "", "[]", "{}")
	]
	for key in DIRECTIONS:
		try:
			ids.direction(form.get(key))
		except ids.NotAName:
			refuse()
	if not present:
		return
	if not doctype_exists(doctype):
		refuse()
	parent = form.get("parent") if isinstance(form.get("parent"), str) and form.get("parent") else None
	if parent and not doctype_exists(parent):
		refuse()
	for key in present:
		try:
			names = IDENTIFIERS[key](form.get(key))
		except ids.NotAName:
			refuse(_("Only the names of fields are accepted here."))
		check_names(doctype, names, parent if frappe.get_meta(doctype).istable else None)


def check_refused_arguments(form, allowed=()):
	for key in REFUSED_ARGUMENTS:
		if key in allowed:
			continue
		value = form.get(key)
		if key == "query" and value in registry.SEARCH_QUERIES:
			continue
		if value not in (None, "", 0, "0", False, "false"):
			refuse()


# The guards the registry names ---------------------------------------------------------------------


def list_arguments(form, doctype=None):
	check_identifiers(doctype or form.get("doctype"), form)


def doctype(form, doctype=None):
	if not doctype_exists(doctype or form.get("doctype")):
		refuse()
	check_identifiers(doctype or form.get("doctype"), form)


def target_doctype(form, doctype=None) -> str | None:
	"""The DocType a request about one document names, whichever argument carries it."""
	for key in ("doctype", "reference_doctype", "dt"):
		if isinstance(form.get(key), str) and form.get(key):
			return doctype or form.get(key)
	doc = ids.parsed(form.get("doc") or form.get("docs"))
	if isinstance(doc, dict):
		return doctype or doc.get("doctype")
	if isinstance(doc, str) and form.get("name"):
		return doctype or doc  # the print view names the DocType as ``doc``
	return doctype


def document(form, doctype=None):
	target = target_doctype(form, doctype)
	if not doctype_exists(target):
		refuse()
	check_identifiers(target, form)


def saved_document(form, doctype=None):
	"""A form saved or moved through its workflow: a whole document, never a child table's row on its own
	(the row would skip its parent's checks; the desk saves rows with their parent)."""
	document(form, doctype)
	if frappe.get_meta(target_doctype(form, doctype)).istable:
		refuse()


side_action = document
follow = document
comment = document


def link(form, doctype=None):
	target = form.get("doctype") or form.get("options")
	if not doctype_exists(target):
		refuse()


def readable_title(form, doctype=None):
	"""A link's title (``get_link_title`` reads it without a permission check): only of a record the user
	may read."""
	target, name = form.get("doctype"), form.get("docname")
	if not doctype_exists(target) or not isinstance(name, str) or not name:
		refuse()
	if not frappe.has_permission(target, "read", doc=name):
		refuse()


def upload(form, doctype=None):
	"""A file is uploaded from a form of a real DocType (the File's own rules decide whether it may be
	attached), never through another method (``method`` is refused on every road)."""
	if not doctype_exists(form.get("doctype")):
		refuse()


def doc_method(form, doctype=None):
	"""``run_doc_method``: only the document methods the registry names, for their DocType."""
	target = form.get("dt")
	if not target:
		docs = ids.parsed(form.get("docs"))
		target = docs.get("doctype") if isinstance(docs, dict) else None
	road = registry.road_of_doc_method(target, form.get("method")) if isinstance(target, str) else None
	if not registry.open_to(road, frappe.local.ansvarsgruppe_audiences, frappe.get_roles()):
		refuse()


def report(form, doctype=None):
	"""The app's reports only, with their own filters (values the report reads, no field names)."""
	name = form.get("report_name")
	if name not in registry.REPORTS:
		refuse()
	filters = ids.parsed(form.get("filters"))
	if filters not in (None, "") and not isinstance(filters, dict):
		refuse()
	if isinstance(filters, dict) and set(filters) - set(registry.REPORTS[name]):
		refuse()


def number_card(form, doctype=None):
	"""A number card as stored (never one the client makes up), over a DocType the user may read."""
	card = ids.parsed(form.get("doc"))
	name = card.get("name") if isinstance(card, dict) else None
	if not isinstance(name, str) or not frappe.db.exists("Number Card", name):
		refuse()
	stored = frappe.get_cached_doc("Number Card", name)
	if stored.type != "Document Type" or not frappe.has_permission(stored.document_type, "read"):
		refuse()
	frappe.form_dict["doc"] = stored.as_json()
	check_identifiers(stored.document_type, form, handled=("fields",))


def dashboard_chart(form, doctype=None):
	"""A dashboard chart as stored (never one the client describes), over a DocType the user may read."""
	chart = ids.parsed(form.get("chart"))
	name = form.get("chart_name") or (chart.get("name") if isinstance(chart, dict) else None)
	if not isinstance(name, str) or not frappe.db.exists("Dashboard Chart", name):
		refuse()
	stored = frappe.get_cached_doc("Dashboard Chart", name)
	if stored.chart_type == "Custom" or not frappe.has_permission(stored.document_type, "read"):
		refuse()
	frappe.form_dict["chart_name"], frappe.form_dict["chart"] = name, None
	check_identifiers(stored.document_type, form)


def calendar(form, doctype=None):
	"""The meeting calendar: its filters name Meeting Minutes' fields; the calendar's ``field_map`` names the
	keys of the events the app's method returns (start, end, title), which it never reads."""
	check_identifiers("Meeting Minutes", form, handled=("field_map",))


def events(form, doctype=None):
	check_identifiers("Event", form)


def own_user(form, doctype=None):
	"""A user's own settings only."""
	if form.get("user") != frappe.session.user:
		refuse()


def route_history(form, doctype=None):
	"""The desk's route history: the user's own rows of Route History only."""
	if form.get("doctype") not in (None, "Route History"):
		refuse()


def get_guard(name: str | None):
	if name is None:
		return None
	guard = globals().get(name)
	if not callable(guard) or name.startswith("_"):
		raise KeyError(name)
	return guard
