"""R3, R6, R8, R13, R16: what a responsibility group needs at each step of its life."""

import datetime

import pytest

from ansvarsgruppe.rules import groups as gr
from ansvarsgruppe.rules import status as st

D = datetime.date
TODAY = D(2026, 6, 10)


def group(**changes):
	base = {
		"status": st.GROUP_PROPOSED,
		"coordinator": "coordinator@example.invalid",
		"responsible_unit": "Health Station",
		"service_user": "SU-0001",
		"consent_in_force": True,
		"established_date": None,
		"closed_date": None,
		"closing_reason": None,
		"held_meetings": 0,
		"person_members": 1,
		"closing_meeting_planned": False,
		"last_annual_review": None,
	}
	base.update(changes)
	return base


def active_group(**changes):
	return group(status=st.GROUP_ACTIVE, established_date=D(2026, 2, 1), held_meetings=2, **changes)


def closed_group(**changes):
	values = {
		"status": st.GROUP_CLOSED,
		"established_date": D(2026, 2, 1),
		"held_meetings": 4,
		"closed_date": TODAY,
		"closing_reason": "Goals reached",
		"closing_meeting_planned": True,
	}
	values.update(changes)
	return group(**values)


def problems_of(g, open_groups=(), today=TODAY):
	return gr.group_problems(g, list(open_groups), today)


def rules_and_messages(problems):
	return [(p.rule, p.format()) for p in problems]


# R3: one open group per service user


def test_r3_proposed_group_without_others_has_no_problems():
	assert problems_of(group()) == []


@pytest.mark.parametrize("status", st.GROUP_OPEN)
def test_r3_second_open_group_is_refused(status):
	g = group(status=status, established_date=D(2026, 2, 1), held_meetings=1)
	problems = problems_of(g, ["RG-0001", "RG-0002"])
	assert problems[0].rule == "R3"
	assert problems[0].params == {"groups": "RG-0001, RG-0002"}
	assert (
		problems[0].format() == "The service user already has an open responsibility group: RG-0001, RG-0002."
	)
	assert [p.rule for p in problems] == ["R3"]


def test_r3_closed_group_may_coexist_with_an_open_one():
	assert problems_of(closed_group(), ["RG-0001"]) == []


# R2, R3, R4: approval


def test_r3_approved_group_with_everything_has_no_problems():
	assert problems_of(group(status=st.GROUP_APPROVED)) == []


def test_r3_approval_without_coordinator_is_refused():
	problems = problems_of(group(status=st.GROUP_APPROVED, coordinator=None))
	assert rules_and_messages(problems) == [
		("R3", "The group must have a coordinator before it is approved.")
	]


def test_r2_approval_without_responsible_unit_is_refused():
	problems = problems_of(group(status=st.GROUP_APPROVED, responsible_unit=""))
	assert rules_and_messages(problems) == [
		("R2", "The group must have a responsible unit before it is approved.")
	]


def test_r4_approval_without_consent_in_force_is_refused():
	problems = problems_of(group(status=st.GROUP_APPROVED, consent_in_force=False))
	assert rules_and_messages(problems) == [
		("R4", "The group cannot be approved without a consent in force for the service user.")
	]


def test_r4_active_group_also_needs_coordinator_unit_and_consent():
	problems = problems_of(active_group(coordinator=None, responsible_unit=None, consent_in_force=False))
	assert [p.rule for p in problems] == ["R3", "R2", "R4"]


def test_r4_proposed_group_needs_no_coordinator_or_consent_yet():
	assert problems_of(group(coordinator=None, responsible_unit=None, consent_in_force=False)) == []


# R8, R16: becoming active


def test_r8_active_group_with_a_held_meeting_has_no_problems():
	assert problems_of(active_group()) == []


def test_r8_group_becomes_active_only_after_first_meeting():
	problems = problems_of(group(status=st.GROUP_ACTIVE, established_date=D(2026, 2, 1), held_meetings=0))
	assert rules_and_messages(problems) == [
		("R8", "The group becomes active when its first meeting has been held.")
	]


def test_r16_active_group_needs_established_date():
	problems = problems_of(group(status=st.GROUP_ACTIVE, held_meetings=1))
	assert rules_and_messages(problems) == [("R16", "An active group needs its established date.")]


def test_r16_established_today_allowed_tomorrow_refused():
	assert problems_of(active_group(), today=D(2026, 2, 1)) == []
	problems = problems_of(active_group(), today=D(2026, 1, 31))
	assert rules_and_messages(problems) == [("R16", "The established date cannot be in the future.")]


# R16: closing


def test_r16_closed_group_with_reason_and_closing_meeting_has_no_problems():
	assert problems_of(closed_group()) == []


def test_r16_closing_without_closing_meeting_is_refused():
	problems = problems_of(closed_group(closing_meeting_planned=False))
	assert rules_and_messages(problems) == [
		(
			"R16",
			"Closing must be planned in one of the group's meetings (a closing meeting), or choose the"
			" cause that makes the group close without one.",
		)
	]


@pytest.mark.parametrize("changes", [{"closed_date": None}, {"closing_reason": ""}])
def test_r16_closing_needs_date_and_reason(changes):
	problems = problems_of(closed_group(**changes))
	assert rules_and_messages(problems) == [("R16", "Closing a group needs the closed date and the reason.")]


def test_r16_group_cannot_close_before_it_was_established():
	problems = problems_of(closed_group(closed_date=D(2026, 1, 31)))
	assert rules_and_messages(problems) == [("R16", "The group cannot be closed before it was established.")]
	assert problems_of(closed_group(closed_date=D(2026, 2, 1))) == []


# R6: size warning


def test_r6_size_warning_above_the_limit():
	problem = gr.size_warning(9, 8)
	assert problem.rule == "R6"
	assert problem.params == {"count": 9, "limit": 8}
	assert problem.format() == (
		"The group has 9 permanent members, more than the recommended 8. Keep the group"
		" as small as possible and invite others to single meetings instead."
	)


def test_r6_no_size_warning_at_or_below_the_limit():
	assert gr.size_warning(8, 8) is None
	assert gr.size_warning(3, 8) is None


def test_r6_no_size_warning_when_limit_not_set():
	assert gr.size_warning(50, 0) is None
	assert gr.size_warning(50, None) is None


# R13: annual review


def test_r13_next_review_due_a_year_after_the_last_review():
	assert gr.next_review_due(D(2026, 3, 15), D(2025, 1, 10), 12) == D(2027, 3, 15)


def test_r13_next_review_due_from_established_date_without_review():
	assert gr.next_review_due(None, D(2026, 2, 1), 12) == D(2027, 2, 1)


def test_r13_next_review_due_leap_day_and_month_end():
	assert gr.next_review_due(D(2028, 2, 29), None, 12) == D(2029, 2, 28)
	assert gr.next_review_due(D(2026, 1, 31), None, 1) == D(2026, 2, 28)


def test_r13_no_review_date_without_start():
	assert gr.next_review_due(None, None, 12) is None
	assert gr.review_state(None, TODAY) == "none"


def test_r13_review_due_exactly_today_is_due_soon_not_overdue():
	assert gr.review_state(TODAY, TODAY) == "due_soon"


def test_r13_review_overdue_the_day_after_due():
	assert gr.review_state(TODAY - datetime.timedelta(days=1), TODAY) == "overdue"
	assert gr.review_state(D(2025, 1, 1), TODAY) == "overdue"


def test_r13_review_due_soon_exactly_30_days_before():
	assert gr.review_state(TODAY + datetime.timedelta(days=30), TODAY) == "due_soon"
	assert gr.review_state(TODAY + datetime.timedelta(days=31), TODAY) == "ok"


def test_r13_review_notice_days_is_configurable():
	due = TODAY + datetime.timedelta(days=45)
	assert gr.review_state(due, TODAY) == "ok"
	assert gr.review_state(due, TODAY, notice_days=45) == "due_soon"
	assert gr.review_state(TODAY + datetime.timedelta(days=1), TODAY, notice_days=0) == "ok"


def test_r4_r13_a_lapsed_consent_does_not_lock_an_active_group():
	"""The consent lapses (withdrawn, ended, the person came of age): the group is still saved and can be
	closed; approving, activating or changing its consent asks for one in force."""
	lapsed = active_group(consent_in_force=False, consent_checked=False)
	assert "R4" not in [p.rule for p in problems_of(lapsed)]
	assert "R4" in [p.rule for p in problems_of(active_group(consent_in_force=False, consent_checked=True))]
