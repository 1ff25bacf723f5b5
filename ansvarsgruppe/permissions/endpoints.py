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
- a form's connections (``get_open_count``) count every record linked to the one shown, of any DocType
  asked for, whether the user may read them or not (draft minutes, escalations, another unit's records).

The wrappers below (hooks.py ``override_whitelisted_methods``) keep Frappe's behaviour for other DocTypes
and send the app's DocTypes through ``frappe.get_list``, which applies the row rules. Child tables get
query conditions derived from their parent's (``child_query``). The gate (``gate.py``) checks every
field name these roads carry.
"""

import frappe
from frappe import _
from frappe.desk import listview, notifications, search
from frappe.query_builder import DocType, Order
from frappe.query_builder.functions import Count
from frappe.utils.caching import site_cache

from ansvarsgruppe.permissions import primary, records, registry

# The app's DocTypes that hold personal data; their child tables are found from their meta.
PARENT_DOCTYPES = tuple(registry.PROTECTED)


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


@primary.refuses_on_replica
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


# Frappe caps a connection's count at 100 (the form shows "99+").
CONNECTION_COUNT_LIMIT = 100


@frappe.whitelist()
def get_open_count(doctype: str, name: str, items=None):
	"""A form's connections' counts (``frappe.desk.notifications.get_open_count``), for every DocType: only
	of the DocTypes the form lists, and only the linked records the user may read (``frappe.get_list``)."""
	if frappe.flags.in_migrate or frappe.flags.in_install:
		return {"count": []}
	doc = frappe.get_doc(doctype, name)
	doc.check_permission()
	links = doc.meta.get_dashboard_data()
	listed = [item for group in links.transactions for item in group.get("items")]
	asked = listed if items is None else frappe.parse_json(items)
	internal = {**links.get("internal_and_external_links", {}), **links.get("internal_links", {})}
	found = {"external_links_found": [], "internal_links_found": []}
	for linked in dict.fromkeys(d for d in asked or () if isinstance(d, str) and d in listed):
		if linked in internal:
			data = notifications.get_internal_links(doc, internal[linked], linked)
			if data["count"]:
				found["internal_links_found"].append(data)
				continue
		found["external_links_found"].append(_connection_count(linked, name, links))
	out = {"count": found}
	if not doc.meta.custom:
		module = frappe.get_meta_module(doctype)
		if hasattr(module, "get_timeline_data"):
			out["timeline_data"] = module.get_timeline_data(doctype, name)
	return out


def _connection_count(doctype: str, name: str, links) -> dict:
	fieldname = links.get("non_standard_fieldnames", {}).get(doctype, links.get("fieldname"))
	filters = {fieldname: name}
	filters.update(notifications.get_dynamic_link_filters(doctype, links, fieldname) or {})
	if not frappe.has_permission(doctype, "read"):
		return {"doctype": doctype, "count": 0, "open_count": 0}
	open_filters = notifications.get_filters_for(doctype)
	return {
		"doctype": doctype,
		"count": _readable_count(doctype, filters),
		"open_count": _readable_count(doctype, {**filters, **open_filters}) if open_filters else 0,
	}


def _readable_count(doctype: str, filters: dict) -> int:
	return len(
		frappe.get_list(doctype, filters=filters, pluck="name", limit_page_length=CONNECTION_COUNT_LIMIT)
	)
