"""Framework roads that answer without the app's row rules, closed for the app's DocTypes.

Frappe v15 answers some requests without ``permission_query_conditions`` or without field levels:

- ``frappe.client.get_count`` counts any DocType with any filter and no permission check at all (also
  File, whose names and records tell of the files attached to the app's records);
- link search (``search_widget``, ``search_link``) with ``ignore_user_permissions`` lists without
  permissions, and ``searchfield``/``filter_fields`` select any column;
- a child table read directly (``/api/resource/<child DocType>?parent=…``, ``frappe.client.get_list``)
  is checked against the parent DocType only, never against the parent record;
- the list sidebar's group-by count by assignment (``get_group_by_count`` with ``assigned_to``) builds
  its query without permissions;
- every list road filters, sorts and groups by any column, also by one the user may not read (a
  staff-only field such as the fødselsnummer), so its values can be guessed by ``LIKE`` prefixes.

The wrappers below (hooks.py ``override_whitelisted_methods``) keep Frappe's behaviour for other DocTypes
and send the app's DocTypes through ``frappe.get_list``, which applies the row rules. Child tables get
query conditions derived from their parent's (``child_query``). Filters, sorting and grouping by a field
above the user's permission level are refused on every request (``guard_request``, a ``before_request``
hook), whatever endpoint reads them.
"""

import json
import re
from urllib.parse import unquote

import frappe
from frappe import _
from frappe.desk import listview, search
from frappe.query_builder import DocType, Order
from frappe.query_builder.functions import Count
from frappe.utils.caching import site_cache

from ansvarsgruppe.permissions import records

# The app's DocTypes that hold personal data; their child tables are found from their meta.
PARENT_DOCTYPES = tuple(records.RULES)


@site_cache
def child_parents() -> dict[str, tuple[tuple[str, str], ...]]:
	"""child DocType: ((parent DocType, table field), …) for the child tables of ``PARENT_DOCTYPES``."""
	found: dict[str, list[tuple[str, str]]] = {}
	for parent in PARENT_DOCTYPES:
		for df in frappe.get_meta(parent).get_table_fields():
			found.setdefault(df.options, []).append((parent, df.fieldname))
	return {child: tuple(parents) for child, parents in found.items()}


def is_app_doctype(doctype: str | None) -> bool:
	return bool(doctype) and (doctype in PARENT_DOCTYPES or doctype in child_parents())


# Child tables: the parent's criterion -------------------------------------------------------------


def child_query(user=None, doctype=None):
	"""A child table's rows as the parent records the user may read: ``parent`` among the records the
	parent's own query conditions let through, in a table field at a level the user may read."""
	user = user or frappe.session.user
	parts = []
	for parent, fieldname in child_parents().get(doctype, ()):
		meta = frappe.get_meta(parent)
		if meta.get_field(fieldname).permlevel not in meta.get_permlevel_access("read", user=user):
			continue
		condition = records.query_conditions(parent, user)
		part = (
			f"`tab{doctype}`.`parenttype` = {frappe.db.escape(parent)}"
			f" and `tab{doctype}`.`parentfield` = {frappe.db.escape(fieldname)}"
		)
		if condition:
			part += f" and `tab{doctype}`.`parent` in (select `tab{parent}`.`name` from `tab{parent}` where {condition})"
		parts.append(f"({part})")
	return "(" + " or ".join(parts) + ")" if parts else "1 = 0"


class ChildOfRecord:
	"""Mixin for the controllers of the app's child tables: a row read or changed on its own (REST
	``/api/resource/<child DocType>/<name>``, ``frappe.client.get``) is allowed only as its parent record
	is. Frappe checks such a row against the parent DocType only, never the parent record."""

	def has_permission(self, permtype="read", *args, **kwargs) -> bool:
		if not super().has_permission(permtype, *args, **kwargs):
			return False
		if self.get("parenttype") in PARENT_DOCTYPES and self.get("parent"):
			return frappe.has_permission(self.parenttype, permtype, doc=self.parent, user=kwargs.get("user"))
		return True


# Fields above the user's level ----------------------------------------------------------------------


def restricted_fields(doctype: str, user: str | None = None) -> set[str]:
	"""The fieldnames of ``doctype`` the user may not read (their permission level, or for a child table
	the level of its table field in the parent)."""
	user = user or frappe.session.user
	if doctype in child_parents():
		readable = any(
			frappe.get_meta(parent).get_field(fieldname).permlevel
			in frappe.get_meta(parent).get_permlevel_access("read", user=user)
			for parent, fieldname in child_parents()[doctype]
		)
		if readable:
			return set()
		return {df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldname}
	meta = frappe.get_meta(doctype)
	levels = meta.get_permlevel_access("read", user=user)
	hidden = {df.fieldname for df in meta.fields if df.fieldname and df.permlevel not in levels}
	for df in meta.get_table_fields():
		if df.fieldname in hidden:
			hidden |= {f"{df.options}.{child.fieldname}" for child in frappe.get_meta(df.options).fields}
	return hidden


_QUALIFIED = re.compile(r"`tab([^`]+)`\s*\.\s*`?([A-Za-z_][A-Za-z0-9_]*)`?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _names_in_sql(text: str) -> set[str]:
	"""The identifiers in a piece of SQL a client sent (a raw filter, an ORDER BY or GROUP BY): every word,
	and ``DocType.field`` for each ```tabDocType`.`field```."""
	text = text or ""
	return {f"{table}.{column}" for table, column in _QUALIFIED.findall(text)} | set(_WORD.findall(text))


def _names_in_filters(doctype: str, filters) -> set[str]:
	if not filters:
		return set()
	if isinstance(filters, str):
		try:
			filters = json.loads(filters)
		except ValueError:
			return _names_in_sql(filters)
	names = set()
	if isinstance(filters, dict):
		for key in filters:
			names.add(str(key))
		return names
	if isinstance(filters, list | tuple):
		if (
			filters
			and isinstance(filters[0], str)
			and len(filters) in (3, 4)
			and not _is_list_of_sql(filters)
		):
			filters = [filters]
		for f in filters:
			if isinstance(f, str):
				names |= _names_in_sql(f)
			elif isinstance(f, dict):
				names |= {str(k) for k in f}
			elif isinstance(f, list | tuple) and len(f) >= 3:
				if len(f) >= 4 and f[0] and f[0] != doctype:
					names.add(f"{f[0]}.{f[1]}")
				names.add(str(f[1] if len(f) >= 4 else f[0]))
	return names


def _is_list_of_sql(filters) -> bool:
	return all(isinstance(f, str) and " " in f.strip() for f in filters)


def check_query(doctype: str, *, filters=None, or_filters=None, order_by=None, group_by=None, fields=()):
	"""Refuse a list query on an app DocType that filters, sorts or groups by a field the user may not
	read (searching by a staff-only field tells its values as surely as showing them)."""
	if not is_app_doctype(doctype) or records._unrestricted(frappe.session.user):
		return
	hidden = restricted_fields(doctype)
	if not hidden:
		return
	named = _names_in_filters(doctype, filters) | _names_in_filters(doctype, or_filters)
	for text in (order_by, group_by):
		if isinstance(text, str):
			named |= _names_in_sql(text)
	for field in fields or ():
		named |= _names_in_sql(str(field))
	named = {name.removeprefix(f"{doctype}.") for name in named}
	if named & hidden:
		frappe.throw(
			_("You cannot search, sort or group {0} by a field you may not read.").format(_(doctype)),
			frappe.PermissionError,
		)


_REST_LIST = re.compile(r"^/api/(?:resource|v1/resource|v2/document)/([^/]+)/?$")


def guard_request():
	"""``before_request``: every request naming an app DocType (a REST list, any whitelisted method with
	``doctype`` and filters) is checked by ``check_query`` before Frappe answers it."""
	request = getattr(frappe.local, "request", None)
	if not request:
		return
	form = frappe.form_dict
	doctype = form.get("doctype")
	match = _REST_LIST.match(request.path or "")
	if match and request.method == "GET":
		doctype = unquote(match.group(1))
	if not isinstance(doctype, str) or not is_app_doctype(doctype):
		return
	check_query(
		doctype,
		filters=form.get("filters") or form.get("current_filters"),
		or_filters=form.get("or_filters"),
		order_by=form.get("order_by") or form.get("sort_by"),
		group_by=form.get("group_by"),
		fields=[
			value
			for value in (form.get("searchfield"), form.get("field"), form.get("aggregate_on_field"))
			if value
		]
		+ _json_list(form.get("filter_fields")),
	)


def _json_list(value) -> list:
	if not value:
		return []
	if isinstance(value, str):
		try:
			value = json.loads(value)
		except ValueError:
			return [value]
	return list(value) if isinstance(value, list | tuple) else [value]


# The overridden whitelisted methods ------------------------------------------------------------------


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	"""``frappe.client.get_count``; for the app's DocTypes and File (the files attached to the app's
	records) counted through ``frappe.get_list`` (row rules, and no child table without its parent)."""
	if not is_app_doctype(doctype) and doctype != "File":
		return frappe.client.get_count(doctype, filters=filters, debug=debug, cache=cache)
	filters = frappe.utils.get_safe_filters(filters)
	if doctype in child_parents() and not records._unrestricted(frappe.session.user):
		frappe.throw(_("No permission for {0}").format(_(doctype)), frappe.PermissionError)
	[[count]] = frappe.get_list(
		doctype, filters=filters, fields=[f"count(distinct `tab{doctype}`.`name`)"], as_list=True
	)
	return count


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters=None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""The search box; for the app's DocTypes never without permissions, never by a hidden field."""
	if is_app_doctype(doctype):
		ignore_user_permissions = False
	return search.search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters=None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""The link field's search; for the app's DocTypes as ``search_widget`` above."""
	results = search_widget(
		doctype,
		(txt or "").strip(),
		query,
		searchfield=searchfield,
		page_length=page_length,
		filters=filters,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)
	return search.build_for_autosuggest(results, doctype=doctype)


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's counts; for the app's DocTypes the assignment counts only over the records the
	user may list (Frappe builds that query without permissions)."""
	if not is_app_doctype(doctype) or field != "assigned_to":
		return listview.get_group_by_count(doctype, current_filters, field)
	filters = frappe.parse_json(current_filters)
	names = frappe.get_list(doctype, filters=filters, pluck="name", limit_page_length=0)
	if not names:
		return []
	todo, user = DocType("ToDo"), DocType("User")
	count = Count("*").as_("count")
	return (
		frappe.qb.from_(todo)
		.join(user)
		.on(todo.allocated_to == user.name)
		.select(todo.allocated_to.as_("name"), count)
		.where(todo.status != "Cancelled")
		.where(user.user_type == "System User")
		.where(todo.reference_type == doctype)
		.where(todo.reference_name.isin(names))
		.groupby(todo.allocated_to)
		.orderby(count, order=Order.desc)
		.limit(50)
		.run(as_dict=True)
	)
