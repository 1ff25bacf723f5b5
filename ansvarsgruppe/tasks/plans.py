"""The daily job for the individual plans' alerts that need more than a date (R18), hooked in
``scheduler_events``: a measure still open after its end date with no evaluation since, told once to the
person responsible and the coordinator. The plan's revision date is a "Days Before" Notification that
Frappe's own daily job sends (``Plan Revision Due``).

A fixed number of queries whatever the number of plans: the candidates, their evaluations and the ledger;
only the measures due are loaded and sent.
"""

import datetime

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe.alerts.method_alerts import send_once
from ansvarsgruppe.rules import plans
from ansvarsgruppe.rules import status as st

MEASURE_OVERDUE = "ansvarsgruppe_plan_measure_overdue"


def send_daily_plan_alerts():
	overdue_measures(getdate())


def overdue_measures(today: datetime.date):
	measure, plan, group = (
		DocType("Plan Measure"),
		DocType("Individual Plan"),
		DocType("Responsibility Group"),
	)
	candidates = (
		frappe.qb.from_(measure)
		.join(plan)
		.on(plan.name == measure.parent)
		.left_join(group)  # a plan without a group rests on the person and the coordinator
		.on(group.name == plan.group)
		.select(measure.name, measure.parent, measure.measure_id, measure.status, measure.end_date)
		.where(measure.parenttype == "Individual Plan")
		.where(measure.status.isin(st.MEASURE_OPEN))
		.where(measure.end_date < today)
		.where(plan.status != st.PLAN_CLOSED)
		.where(group.name.isnull() | (group.status != st.GROUP_CLOSED))
		.orderby(measure.parent)
		.orderby(measure.idx)
	).run(as_dict=True)
	by_plan: dict[str, list[dict]] = {}
	for row in candidates:
		by_plan.setdefault(row.parent, []).append({**row, "end_date": getdate(row.end_date)})
	if not by_plan:
		return
	evaluation = DocType("Plan Evaluation")
	evaluations: dict[str, list[dict]] = {}
	for row in (
		frappe.qb.from_(evaluation)
		.select(evaluation.parent, evaluation.reference, evaluation.evaluation_date)
		.where(evaluation.parenttype == "Individual Plan")
		.where(evaluation.parent.isin(sorted(by_plan)))
		.where(evaluation.evaluation_date.isnotnull())
	).run(as_dict=True):
		evaluations.setdefault(row.parent, []).append(
			{"reference": row.reference, "evaluation_date": getdate(row.evaluation_date)}
		)
	due = [
		(measure["name"], measure["end_date"])
		for name, rows in sorted(by_plan.items())
		for measure in plans.overdue_measures(rows, evaluations.get(name, []), today)
	]
	send_once("Plan Measure", MEASURE_OVERDUE, due, due_after_days=1)  # due the day after its end date
