"""Dashboard charts over the app's records: counted for the user who asks, never from a shared cache.

Frappe's ``dashboard_chart.get`` keeps one cached result per chart name for every user and lets the
caller pass a chart definition of their own; for a chart over the app's DocTypes that would show one
user's counts to another. Here such a chart is the stored one, read only with permission on it, and
computed with ``frappe.get_list`` as the user (the row-level rules apply). Other charts pass through.
"""

import frappe
from frappe import _
from frappe.desk.doctype.dashboard_chart import dashboard_chart as frappe_chart

from ansvarsgruppe.permissions.endpoints import is_app_doctype


@frappe.whitelist()
def get_chart(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	name = chart_name or (frappe.parse_json(chart) or {}).get("name")
	stored = (
		frappe.db.get_value("Dashboard Chart", name, ["name", "document_type"], as_dict=True)
		if name
		else None
	)
	given_doctype = (frappe.parse_json(chart) or {}).get("document_type") if chart else None
	period = {
		"filters": filters,
		"from_date": from_date,
		"to_date": to_date,
		"timespan": timespan,
		"time_interval": time_interval,
		"heatmap_year": heatmap_year,
	}
	if not (is_app_doctype(stored and stored.document_type) or is_app_doctype(given_doctype)):
		return frappe_chart.get(
			chart_name=chart_name, chart=chart, no_cache=no_cache, refresh=refresh, **period
		)
	if not stored or not frappe.has_permission("Dashboard Chart", doc=stored.name):
		raise frappe.PermissionError
	return translate_labels(stored.name, frappe_chart.get.__wrapped__(chart_name=stored.name, **period))


def translate_labels(chart_name: str, result: dict | None) -> dict | None:
	"""A chart grouped by a status (a Select field) shows the status in the user's language."""
	chart = frappe.get_cached_doc("Dashboard Chart", chart_name)
	if not result or chart.chart_type != "Group By":
		return result
	field = frappe.get_meta(chart.document_type).get_field(chart.group_by_based_on)
	if field and field.fieldtype == "Select":
		result["labels"] = [_(label) for label in result.get("labels") or []]
	return result
