"""R17: «Årsstatistikk», the municipality's yearly figures for its own reporting: applications received,
granted and refused, groups started, closed (by cause) and active, individual plans, and coordinators with
the child coordinators counted apart (R2). Counts only, for the whole municipality: no row names a person.

For the coordinating unit and the Local Administrator (the report's roles). Frappe asks for "report"
permission on the report's DocType as well; the Group Reopening log is the app's DocType both roles hold it
on, and the report reads nothing of it.
"""

import frappe
from frappe import _
from frappe.utils import cint, getdate

from ansvarsgruppe.rules import statistics
from ansvarsgruppe.rules import status as st

FIRST_YEAR, LAST_YEAR = 2000, 2100


def execute(filters=None):
	filters = frappe._dict(filters or {})
	year = cint(filters.year) or getdate().year
	if not FIRST_YEAR <= year <= LAST_YEAR:
		frappe.throw(_("Choose a year between {0} and {1}.").format(FIRST_YEAR, LAST_YEAR))
	counts = statistics.yearly_counts(year, applications(), groups(), plans())
	rows = [
		{"measure": label_of(label, cause), "count": counts[key], "indent": 1 if cause else 0}
		for key, label, cause in statistics.LINES
	]
	return columns(), rows


def label_of(label: str, cause: str | None) -> str:
	return _(label).format(cause=_(cause)) if cause else _(label)


def columns() -> list[dict]:
	return [
		{"fieldname": "measure", "label": _("Figure"), "fieldtype": "Data", "width": 460},
		{"fieldname": "count", "label": _("Count"), "fieldtype": "Int", "width": 120},
	]


def applications() -> list[dict]:
	rows = frappe.get_all(
		"IP Application",
		fields=["date_received", "decision_date", "status", "asks_child_coordinator", "modified"],
	)
	for row in rows:
		# a refusal without a decision date counts in the year it was refused
		if row.status == st.APPLICATION_REJECTED and not row.decision_date:
			row.decision_date = getdate(row.modified)
		row.pop("modified")
	return rows


def groups() -> list[dict]:
	return frappe.get_all(
		"Responsibility Group",
		fields=[
			"status",
			"established_date",
			"closed_date",
			"closing_cause",
			"coordinator",
			"child_coordinator",
		],
	)


def plans() -> list[dict]:
	return frappe.get_all(
		"Individual Plan",
		filters={"status": ("in", statistics.PLAN_IN_FORCE)},
		fields=["service_user", "status", "approved_on", "plan_to"],
	)
