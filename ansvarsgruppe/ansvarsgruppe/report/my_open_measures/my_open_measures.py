"""R18: the open measures of the plans in force that the user is responsible for, one row a measure, each
leading to its plan, where the responsible person reports the measure's status and next evaluation.

One ``frappe.get_list`` as the user: the record-level rules decide which plans are read."""

import frappe
from frappe import _

from ansvarsgruppe.rules import status as st

MEASURE = "Plan Measure"


def execute(filters=None):
	rows = get_measures(frappe.session.user)
	for row in rows:
		row.measure_status = _(row.measure_status)
	return get_columns(), rows


def get_measures(user: str) -> list[frappe._dict]:
	return frappe.get_list(
		"Individual Plan",
		filters=[
			["Individual Plan", "status", "=", st.PLAN_APPROVED],
			[MEASURE, "responsible_person", "=", user],
			[MEASURE, "status", "in", st.MEASURE_OPEN],
		],
		fields=[
			"name as plan",
			"service_user_name",
			f"`tab{MEASURE}`.measure_id as measure_id",
			f"`tab{MEASURE}`.description as description",
			f"`tab{MEASURE}`.status as measure_status",
			f"`tab{MEASURE}`.end_date as end_date",
			f"`tab{MEASURE}`.next_evaluation_date as next_evaluation_date",
		],
		order_by=f"`tab{MEASURE}`.next_evaluation_date asc, `tab{MEASURE}`.end_date asc",
	)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "description", "label": _("Measure"), "fieldtype": "Data", "width": 280},
		{"fieldname": "service_user_name", "label": _("Person"), "fieldtype": "Data", "width": 180},
		{"fieldname": "measure_status", "label": _("Status"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "next_evaluation_date",
			"label": _("Next Evaluation Date"),
			"fieldtype": "Date",
			"width": 140,
		},
		{"fieldname": "end_date", "label": _("End Date"), "fieldtype": "Date", "width": 110},
		{
			"fieldname": "plan",
			"label": _("Individual Plan"),
			"fieldtype": "Link",
			"options": "Individual Plan",
			"width": 160,
		},
	]
