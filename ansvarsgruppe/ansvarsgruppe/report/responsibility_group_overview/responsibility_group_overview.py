"""R17: the coordinating unit's overview of the responsibility groups and who coordinates them.

Three queries whatever the number of groups: the groups the user may read (``frappe.get_list``, so the
record-level rules and user permissions apply), one grouped ``frappe.qb`` count of their transitions not
yet done (R15), and their meetings called outside the app. *Unntak* lists where the guideline's order was
skipped for a reason (closed without a closing meeting, no pre-meeting, meetings called outside the app),
so that the coordinating unit can follow up; the status choice *Unntak* shows only those groups, open or
closed.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import formatdate, getdate

from ansvarsgruppe.controllers.rules_bridge import format_problem, today
from ansvarsgruppe.rules import groups
from ansvarsgruppe.rules import status as st

OPEN, ALL, EXCEPTIONS = "Open", "All", "Exceptions"
STATUS_FILTERS = {
	OPEN: st.GROUP_OPEN,
	ALL: (),
	EXCEPTIONS: (),
	**{status: (status,) for status in (*st.GROUP_OPEN, st.GROUP_CLOSED)},
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_groups(filters)
	open_transitions = count_open_transitions([row.name for row in rows])
	on_date = today()
	outside_calls = meetings_called_outside([row.name for row in rows])
	for row in rows:
		due = getdate(row.next_review_due) if row.next_review_due else None
		row.review_overdue = int(groups.review_state(due, on_date) == "overdue")
		row.open_transitions = open_transitions.get(row.name, 0)
		found = groups.group_exceptions(row, outside_calls.get(row.name, []))
		row.exceptions = "; ".join(format_problem(problem) for problem in found)
	if filters.status == EXCEPTIONS:
		rows = [row for row in rows if row.exceptions]
	return get_columns(), rows, None, get_chart(rows), get_summary(rows)


def statuses_for(status_filter: str | None) -> tuple:
	if (status_filter or OPEN) not in STATUS_FILTERS:
		frappe.throw(_("Unknown status filter: {0}").format(status_filter), frappe.ValidationError)
	return STATUS_FILTERS[status_filter or OPEN]


def get_groups(filters) -> list[frappe._dict]:
	"""The groups the user may read (``get_list`` applies the record-level rules and user permissions)."""
	query_filters = {}
	statuses = statuses_for(filters.status)
	if statuses:
		query_filters["status"] = ("in", statuses)
	if filters.responsible_unit:
		query_filters["responsible_unit"] = filters.responsible_unit
	return frappe.get_list(
		"Responsibility Group",
		fields=[
			"name",
			"service_user_name",
			"status",
			"responsible_unit",
			"coordinator",
			"coordinator_name",
			"child_coordinator",
			"established_date",
			"next_meeting_date",
			"last_annual_review",
			"next_review_due",
			"closing_cause",
			"no_pre_meeting_reason",
		],
		filters=query_filters,
		order_by="responsible_unit asc, name asc",
	)


# Above this many groups the open transitions and the meetings called outside the app of every group are read
# and those of the report's groups picked out: cheaper than sending the database a list of thousands of names
# (KE's report of every group).
NAMES_IN_QUERY = 200


def count_open_transitions(group_names: list[str]) -> dict[str, int]:
	"""Transition rows not yet done, per group, in one grouped query (R15)."""
	if not group_names:
		return {}
	transition = frappe.qb.DocType("Group Transition")
	query = (
		frappe.qb.from_(transition)
		.select(transition.parent, Count(transition.name).as_("open_transitions"))
		.where(transition.parenttype == "Responsibility Group")
		.where(transition.parentfield == "transitions")
		.where(transition.done == 0)
		.groupby(transition.parent)
	)
	if len(group_names) <= NAMES_IN_QUERY:
		query = query.where(transition.parent.isin(group_names))
	wanted = set(group_names)
	return {row.parent: row.open_transitions for row in query.run(as_dict=True) if row.parent in wanted}


def meetings_called_outside(group_names: list[str]) -> dict[str, list[dict]]:
	"""The meetings of these groups called outside the app (R9), oldest first, per group, in one query."""
	if not group_names:
		return {}
	filters = {"called_outside_on": ("is", "set")}
	if len(group_names) <= NAMES_IN_QUERY:
		filters["group"] = ("in", group_names)
	wanted, found = set(group_names), {}
	for row in frappe.get_all(
		"Meeting Minutes",
		filters=filters,
		fields=["group", "meeting_date", "called_outside_how"],
		order_by="meeting_date asc",
	):
		if row.group not in wanted:
			continue
		found.setdefault(row.group, []).append(
			{
				"meeting_date": formatdate(row.meeting_date, "dd.MM.yyyy"),
				"called_outside_how": row.called_outside_how,
			}
		)
	return found


def get_columns() -> list[dict]:
	return [
		column("name", _("Responsibility Group"), "Link", 150, "Responsibility Group"),
		column("service_user_name", _("Service User Name"), "Data", 180),
		column("status", _("Status"), "Select", 100),
		column("responsible_unit", _("Responsible Unit"), "Link", 160, "Service Unit"),
		# Shown by the coordinator's full name (the report's formatter), a link to the user.
		column("coordinator", _("Coordinator"), "Link", 180, "User"),
		column("child_coordinator", _("Child Coordinator"), "Check", 90),
		column("established_date", _("Established Date"), "Date", 110),
		column("next_meeting_date", _("Next Meeting Date"), "Date", 110),
		column("last_annual_review", _("Last Annual Review"), "Date", 110),
		column("next_review_due", _("Next Review Due"), "Date", 110),
		column("review_overdue", _("Review Overdue"), "Check", 90),
		column("open_transitions", _("Open Transitions"), "Int", 90),
		column("exceptions", _("Exceptions"), "Data", 320),
	]


def column(fieldname: str, label: str, fieldtype: str, width: int, options: str | None = None) -> dict:
	"""A report column; ``label`` is already translated."""
	return {
		"fieldname": fieldname,
		"label": label,
		"fieldtype": fieldtype,
		"options": options,
		"width": width,
	}


def count_by_unit(rows) -> dict[str, int]:
	counts = {}
	for row in rows:
		unit = row.responsible_unit or _("No Responsible Unit")
		counts[unit] = counts.get(unit, 0) + 1
	return counts


def get_chart(rows) -> dict | None:
	counts = count_by_unit(rows)
	if not counts:
		return None
	return {
		"data": {
			"labels": list(counts),
			"datasets": [{"name": _("Groups"), "values": list(counts.values())}],
		},
		"type": "bar",
		"fieldtype": "Int",
	}


def get_summary(rows) -> list[dict]:
	def item(value: int, label: str, alert: bool = False) -> dict:
		indicator = "Red" if alert and value else "Blue"
		return {"value": value, "label": label, "datatype": "Int", "indicator": indicator}

	return [
		item(len(rows), _("Groups")),
		item(len({row.responsible_unit for row in rows if row.responsible_unit}), _("Responsible Units")),
		item(sum(1 for row in rows if not row.coordinator), _("Groups Without Coordinator"), alert=True),
		item(sum(1 for row in rows if row.child_coordinator), _("Child Coordinators")),
		item(sum(row.review_overdue for row in rows), _("Reviews Overdue"), alert=True),
		item(sum(row.open_transitions for row in rows), _("Open Transitions")),
		item(sum(1 for row in rows if row.exceptions), _("Exceptions"), alert=True),
	]
