"""The yearly statistics (R17, and the child coordinator of R2), framework-free: counts only."""

import datetime

from ansvarsgruppe.rules import statistics
from ansvarsgruppe.rules import status as st

YEAR = 2026


def day(month: int, day_: int = 1, year: int = YEAR) -> datetime.date:
	return datetime.date(year, month, day_)


def group(established=None, closed=None, cause=None, coordinator="k1", child=0, status=None):
	return {
		"status": status or (st.GROUP_CLOSED if closed else st.GROUP_ACTIVE),
		"established_date": established,
		"closed_date": closed,
		"closing_cause": cause,
		"coordinator": coordinator,
		"child_coordinator": child,
	}


APPLICATIONS = [
	{"date_received": day(2), "decision_date": day(3), "status": st.APPLICATION_APPOINTED},
	{"date_received": day(4), "decision_date": None, "status": st.APPLICATION_RECEIVED},
	{
		"date_received": day(5),
		"decision_date": day(6),
		"status": st.APPLICATION_REJECTED,
		"asks_child_coordinator": 1,
	},
	# received last year, granted this year
	{"date_received": day(12, 1, YEAR - 1), "decision_date": day(1, 10), "status": st.APPLICATION_DECIDED},
	{"date_received": day(3, 1, YEAR + 1), "decision_date": None, "status": st.APPLICATION_RECEIVED},
]
GROUPS = [
	group(established=day(3)),  # started, active
	group(established=day(1, 1, YEAR - 2), closed=day(5), cause="Moved"),  # closed as moved
	group(established=day(1, 1, YEAR - 2), closed=day(6), cause=None),  # closed, planned
	group(established=day(1, 1, YEAR - 3), closed=day(6, 1, YEAR - 1)),  # closed before the year
	group(established=day(4), coordinator="k2", child=1),  # a child coordinator
	group(established=day(5), coordinator="k1", child=0),  # same coordinator again
	group(established=None, status=st.GROUP_PROPOSED, coordinator="k9"),  # never set up
]
PLANS = [
	{"service_user": "p1", "status": st.PLAN_APPROVED, "approved_on": day(4), "plan_to": None},
	{"service_user": "p1", "status": st.PLAN_CLOSED, "approved_on": day(1, 1, YEAR - 1), "plan_to": day(4)},
	{"service_user": "p2", "status": st.PLAN_DRAFT, "approved_on": None, "plan_to": None},
	{
		"service_user": "p3",
		"status": st.PLAN_CLOSED,
		"approved_on": day(1, 1, YEAR - 2),
		"plan_to": day(1, 1),
	},
	{"service_user": "p4", "status": st.PLAN_CLOSED, "approved_on": day(1, 1, YEAR - 2), "plan_to": day(12)},
]


def test_r17_the_years_applications_groups_plans_and_coordinators_are_counted():
	counts = statistics.yearly_counts(YEAR, APPLICATIONS, GROUPS, PLANS)
	assert set(counts) == {key for key, _label, _cause in statistics.LINES}
	assert (
		counts["applications_received"],
		counts["applications_child_coordinator"],
		counts["applications_granted"],
		counts["applications_refused"],
	) == (3, 1, 2, 1)
	assert (counts["groups_started"], counts["groups_closed"]) == (3, 2)
	assert (counts["groups_closed_Moved"], counts["groups_closed_Planned"], counts["groups_closed_Died"]) == (
		1,
		1,
		0,
	)
	assert (counts["groups_active"], counts["groups_active_at_year_end"]) == (5, 3)
	# p1 (two versions) once, p3 (ended on the year's first day), p4; not the draft
	assert (counts["plans_in_force"], counts["plans_approved"]) == (3, 1)


def test_r2_r17_child_coordinators_are_counted_apart_from_other_coordinators():
	counts = statistics.yearly_counts(YEAR, [], GROUPS, [])
	assert (
		counts["coordinators"],
		counts["child_coordinators"],
		counts["groups_with_child_coordinator"],
	) == (
		1,
		1,
		1,
	)
	assert statistics.yearly_counts(YEAR + 5, [], GROUPS, [])["child_coordinators"] == 1
	assert statistics.yearly_counts(YEAR - 10, [], GROUPS, [])["coordinators"] == 0
