"""R17 (and the child coordinator, R2): the municipality's yearly statistics of its applications, groups,
plans and coordinators. Counts only: nothing that names a person leaves these functions.

Rows are dicts:

- an application: ``date_received``, ``decision_date`` (for a refusal, the day it was refused), ``status``,
  ``asks_child_coordinator``;
- a group: ``status``, ``established_date``, ``closed_date``, ``closing_cause``, ``coordinator``,
  ``child_coordinator``;
- a plan: ``service_user``, ``status``, ``approved_on``, ``plan_to``.
"""

import datetime

from ansvarsgruppe.rules import groups as group_rules
from ansvarsgruppe.rules import status as st

GRANTED = (st.APPLICATION_DECIDED, st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED)
PLAN_IN_FORCE = (st.PLAN_APPROVED, st.PLAN_UNDER_REVISION, st.PLAN_CLOSED)

# (key, label, closing cause): the statistics' lines in order; the caller translates the label and fills in
# the closing cause, translated too.
CLOSED_BY_CAUSE = "Of these closed, for the cause: {cause}"
LINES = (
	("applications_received", "Applications received", None),
	("applications_child_coordinator", "Of these, asking for a child coordinator", None),
	("applications_granted", "Applications granted", None),
	("applications_refused", "Applications refused", None),
	("groups_started", "Groups started", None),
	("groups_closed", "Groups closed", None),
	*((f"groups_closed_{cause}", CLOSED_BY_CAUSE, cause) for cause in group_rules.CLOSING_CAUSES),
	("groups_active", "Groups active during the year", None),
	("groups_active_at_year_end", "Groups active at the end of the year", None),
	("plans_in_force", "Persons with an individual plan in force during the year", None),
	("plans_approved", "Individual plans approved during the year", None),
	("coordinators", "Coordinators (not child coordinators)", None),
	("child_coordinators", "Child coordinators", None),
	("groups_with_child_coordinator", "Groups with a child coordinator", None),
)


def _in(day: datetime.date | None, year: int) -> bool:
	return day is not None and day.year == year


def _open_during(group: dict, start: datetime.date, end: datetime.date) -> bool:
	established, closed = group.get("established_date"), group.get("closed_date")
	if established is None or established > end:
		return False
	return group.get("status") != st.GROUP_CLOSED or closed is None or closed >= start


def yearly_counts(year: int, applications: list[dict], groups: list[dict], plans: list[dict]) -> dict:
	"""{line key: count} for ``year`` (every key of ``LINES``)."""
	start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
	received = [a for a in applications if _in(a.get("date_received"), year)]
	counts = {
		"applications_received": len(received),
		"applications_child_coordinator": sum(bool(a.get("asks_child_coordinator")) for a in received),
		"applications_granted": sum(
			a.get("status") in GRANTED and _in(a.get("decision_date"), year) for a in applications
		),
		"applications_refused": sum(
			a.get("status") == st.APPLICATION_REJECTED and _in(a.get("decision_date"), year)
			for a in applications
		),
		"groups_started": sum(_in(g.get("established_date"), year) for g in groups),
	}
	closed = [g for g in groups if g.get("status") == st.GROUP_CLOSED and _in(g.get("closed_date"), year)]
	counts["groups_closed"] = len(closed)
	for cause in group_rules.CLOSING_CAUSES:
		counts[f"groups_closed_{cause}"] = sum(
			(g.get("closing_cause") or group_rules.CLOSING_PLANNED) == cause for g in closed
		)
	active = [g for g in groups if _open_during(g, start, end)]
	counts["groups_active"] = len(active)
	counts["groups_active_at_year_end"] = sum(_open_during(g, end, end) for g in active)
	in_force = [
		p
		for p in plans
		if p.get("status") in PLAN_IN_FORCE
		and p.get("approved_on") is not None
		and p["approved_on"] <= end
		and (p.get("plan_to") is None or p["plan_to"] >= start)
	]
	counts["plans_in_force"] = len({p.get("service_user") for p in in_force})
	counts["plans_approved"] = sum(_in(p.get("approved_on"), year) for p in in_force)
	child = [g for g in active if g.get("child_coordinator")]
	counts["coordinators"] = len(
		{g["coordinator"] for g in active if g.get("coordinator") and not g.get("child_coordinator")}
	)
	counts["child_coordinators"] = len({g["coordinator"] for g in child if g.get("coordinator")})
	counts["groups_with_child_coordinator"] = len(child)
	return counts
