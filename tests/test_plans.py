"""R18: individual plans: goals, measures with responsibility and period, evaluations, one open plan."""

import datetime

from ansvarsgruppe.rules import plans
from ansvarsgruppe.rules import status as st

D = datetime.date
TODAY = D(2026, 6, 10)


def measure(**changes):
	base = {
		"idx": 1,
		"goal_id": "M1",
		"responsible_person": "laerer@example.invalid",
		"start_date": D(2026, 8, 17),
		"end_date": D(2026, 12, 20),
	}
	base.update(changes)
	return base


def plan(**changes):
	base = {
		"status": st.PLAN_DRAFT,
		"plan_from": D(2026, 8, 1),
		"plan_to": D(2027, 7, 31),
		"goals": [{"goal_id": "M1", "parent_goal": None}, {"goal_id": "M2", "parent_goal": "M1"}],
		"measures": [measure()],
		"evaluations": [{"idx": 1, "evaluation_date": TODAY}],
	}
	base.update(changes)
	return base


def messages(problems):
	return [(p.rule, p.format()) for p in problems]


def test_r18_complete_plan_has_no_problems():
	assert plans.plan_problems(plan(), TODAY, []) == []
	assert plans.plan_problems(plan(goals=[], measures=[], evaluations=[]), TODAY, []) == []


def test_r18_measure_needs_a_responsible_person():
	problems = plans.measure_problems([measure(responsible_person=None, idx=2)])
	assert messages(problems) == [("R18", "The measure in row 2 needs a responsible person.")]


def test_r18_measure_may_not_end_before_it_starts():
	problems = plans.measure_problems([measure(end_date=D(2026, 8, 16))])
	assert messages(problems) == [("R18", "The measure in row 1 ends before it starts.")]
	assert plans.measure_problems([measure(end_date=D(2026, 8, 17))]) == []
	assert plans.measure_problems([measure(start_date=None, end_date=None)]) == []


def test_r18_measure_goal_reference_must_exist():
	problems = plans.measure_problems([measure(goal_id="M9")], {"M1"})
	assert messages(problems) == [
		("R18", "The measure in row 1 refers to goal M9, which is not in the plan.")
	]
	assert plans.measure_problems([measure(goal_id=None)], {"M1"}) == []


def test_r18_evaluation_may_not_be_dated_in_the_future():
	rows = [{"idx": 1, "evaluation_date": TODAY}, {"idx": 2, "evaluation_date": D(2026, 6, 11)}]
	assert messages(plans.evaluation_problems(rows, TODAY)) == [
		("R18", "The evaluation in row 2 cannot be dated in the future.")
	]
	assert plans.evaluation_problems([{"idx": 1, "evaluation_date": None}], TODAY) == []


def test_r18_second_open_plan_is_refused():
	problem = plans.second_plan_problem(st.PLAN_DRAFT, ["PLAN-2026-0001"])
	assert problem.rule == "R18"
	assert "PLAN-2026-0001" in problem.format()
	for status in st.PLAN_OPEN:
		assert plans.second_plan_problem(status, ["PLAN-2026-0001"]) is not None
	assert plans.second_plan_problem(st.PLAN_CLOSED, ["PLAN-2026-0001"]) is None
	assert plans.second_plan_problem(st.PLAN_DRAFT, []) is None
	assert plans.plan_problems(plan(), TODAY, ["PLAN-2026-0001"])[0] == problem


def test_r18_sub_goal_must_point_at_an_existing_goal():
	goals = [
		{"goal_id": "M1"},
		{"goal_id": "M2", "parent_goal": "M7"},
		{"goal_id": "M3", "parent_goal": "M3"},
	]
	assert messages(plans.goal_problems(goals)) == [
		("R18", "Sub-goal M2 points at goal M7, which is not another goal in the plan."),
		("R18", "Sub-goal M3 points at goal M3, which is not another goal in the plan."),
	]


def test_r18_plan_period_ends_after_it_starts():
	assert messages(plans.period_problems(D(2026, 8, 1), D(2026, 7, 31))) == [
		("R18", "The plan period ends before it starts.")
	]
	assert plans.period_problems(D(2026, 8, 1), None) == []


def test_r18_every_problem_is_reported_together():
	bad = plan(
		measures=[measure(responsible_person="", end_date=D(2026, 1, 1))],
		evaluations=[{"idx": 1, "evaluation_date": D(2027, 1, 1)}],
	)
	assert len(plans.plan_problems(bad, TODAY, [])) == 3


def test_r18_plan_belongs_to_the_groups_person():
	assert messages([plans.group_problem("SU-1", "SU-2")]) == [
		("R18", "The plan must belong to the service user of the group.")
	]
	assert plans.group_problem("SU-1", "SU-1") is None


# The plan in the meetings (R9, R13, R18) -----------------------------------------------------------------


def test_r18_goals_are_ordered_main_goal_then_sub_goals():
	goals = [
		{"goal_id": "M1"},
		{"goal_id": "M2", "parent_goal": "M1"},
		{"goal_id": "M3"},
		{"goal_id": "M4", "parent_goal": "M1"},
	]
	assert [g["goal_id"] for g in plans.ordered_goals(goals)] == ["M1", "M2", "M4", "M3"]


def test_r18_the_persons_own_goals_come_first_when_asked():
	goals = [
		{"goal_id": "M1"},
		{"goal_id": "M2", "is_persons_own_goal": 1},
		{"goal_id": "M3", "parent_goal": "M2"},
	]
	assert [g["goal_id"] for g in plans.ordered_goals(goals, own_first=True)] == ["M2", "M3", "M1"]
	assert [g["goal_id"] for g in plans.ordered_goals(goals)] == ["M1", "M2", "M3"]


def test_r18_goal_cycles_are_kept_not_lost():
	goals = [{"goal_id": "M1", "parent_goal": "M2"}, {"goal_id": "M2", "parent_goal": "M1"}]
	assert sorted(g["goal_id"] for g in plans.ordered_goals(goals)) == ["M1", "M2"]


def round_measure(measure_id, person, status="Ongoing", end=None, start=None):
	return {
		"measure_id": measure_id,
		"responsible_person": person,
		"status": status,
		"end_date": end,
		"start_date": start,
	}


def test_r9_status_round_lists_each_participants_open_measures_in_invitation_order():
	measures = [
		round_measure("T1", "teacher@x"),
		round_measure("T2", "nurse@x"),
		round_measure("T3", "teacher@x", status="Done"),
		round_measure("T4", "teacher@x", status="Planned"),
		round_measure("T5", "absent@x"),
	]
	participants = [
		{"user": "nurse@x", "name": "Nina Helsesøster"},
		{"user": "parent@x", "name": "Ola Forelder"},
		{"user": "teacher@x", "name": "Per Lærer"},
	]
	round_ = plans.status_round(participants, measures)
	assert [(r["participant"], [m["measure_id"] for m in r["measures"]]) for r in round_] == [
		("Nina Helsesøster", ["T2"]),
		("Per Lærer", ["T1", "T4"]),
		(None, ["T5"]),
	]


def test_r18_an_evaluation_from_the_minutes_needs_a_result():
	problems = plans.measure_update_problems([{"measure_id": "T1", "add_evaluation": 1}], TODAY)
	assert [p.rule for p in problems] == ["R18"]
	assert "T1" in problems[0].format()


def test_r18_minutes_cannot_move_a_measures_end_before_its_start_or_evaluate_in_the_past():
	update = {
		"measure_id": "T1",
		"start_date": TODAY,
		"new_end_date": TODAY - datetime.timedelta(days=1),
		"next_evaluation_date": TODAY,
	}
	messages = [p.message for p in plans.measure_update_problems([update], TODAY)]
	assert messages == [
		"The new end date of measure {measure} is before it starts.",
		"The next evaluation of measure {measure} must be after the meeting.",
	]


def test_r18_approved_minutes_update_measures_and_add_agreed_evaluations():
	later = TODAY + datetime.timedelta(days=90)
	current = {
		"T1": {"status": "Ongoing", "end_date": TODAY, "next_evaluation_date": None},
		"T2": {"status": "Planned", "end_date": TODAY, "next_evaluation_date": None},
		"T3": {"status": "Ongoing", "end_date": TODAY, "next_evaluation_date": None},
	}
	updates = [
		{
			"measure_id": "T1",
			"progress": "Leser kapittelbøker",
			"new_status": "Done",
			"add_evaluation": 1,
			"result": "Achieved",
		},
		{"measure_id": "T2", "new_status": "Ongoing", "new_end_date": later, "next_evaluation_date": later},
		{"measure_id": "T3", "progress": "Som før", "new_status": "Ongoing"},
	]
	changes, evaluations, problems = plans.plan_changes_from_minutes(current, updates, TODAY, "Kari, Per")
	assert problems == []
	assert changes == {
		"T1": {"status": "Done"},
		"T2": {"status": "Ongoing", "end_date": later, "next_evaluation_date": later},
	}
	assert evaluations == [
		{
			"reference": "T1",
			"evaluation_date": TODAY,
			"participants": "Kari, Per",
			"result": "Achieved",
			"notes": "Leser kapittelbøker",
			"next_evaluation_date": None,
		}
	]


def test_r18_minutes_about_a_measure_no_longer_in_the_plan_are_refused():
	_changes, _evaluations, problems = plans.plan_changes_from_minutes({}, [{"measure_id": "T9"}], TODAY, "")
	assert [p.params for p in problems] == [{"measure": "T9"}]


def test_r13_annual_review_evaluates_the_plan_and_sets_the_next_revision():
	later = TODAY + datetime.timedelta(days=365)
	assert plans.annual_review_problems(True, True, "Partly", later, TODAY) == []
	assert plans.annual_review_problems(False, True, None, None, TODAY) == []
	assert plans.annual_review_problems(True, False, None, None, TODAY) == []
	messages = [p.message for p in plans.annual_review_problems(True, True, None, None, TODAY)]
	assert messages == [
		"The annual review must record how the plan as a whole is going.",
		"The annual review must set the date of the plan's next revision.",
	]
	assert [p.message for p in plans.annual_review_problems(True, True, "Partly", TODAY, TODAY)] == [
		"The plan's next revision must be after the annual review."
	]


def test_r18_measures_past_their_end_without_evaluation_are_overdue():
	yesterday = TODAY - datetime.timedelta(days=1)
	measures = [
		round_measure("T1", "a", end=yesterday),  # overdue
		round_measure("T2", "a", end=yesterday),  # evaluated on its end date
		round_measure("T3", "a", end=yesterday, status="Done"),  # finished
		round_measure("T4", "a", end=TODAY),  # ends today
		round_measure("T5", "a", end=yesterday),  # evaluated only before it ended
		round_measure("T6", "a"),  # no end
	]
	evaluations = [
		{"reference": "T2", "evaluation_date": yesterday},
		{"reference": "T5", "evaluation_date": yesterday - datetime.timedelta(days=30)},
	]
	assert [m["measure_id"] for m in plans.overdue_measures(measures, evaluations, TODAY)] == ["T1", "T5"]


def test_r18_an_evaluation_is_of_a_goal_a_measure_or_the_whole_plan():
	evaluations = [
		{"idx": 1, "reference": "M1"},
		{"idx": 2, "reference": "T1"},
		{"idx": 3, "reference": plans.WHOLE_PLAN},
		{"idx": 4, "reference": ""},
		{"idx": 5, "reference": "T7"},
	]
	problems = plans.evaluation_reference_problems(evaluations, {"M1", "T1"})
	assert [(p.rule, p.params) for p in problems] == [("R18", {"row": 5, "reference": "T7"})]
	whole = plan(measures=[measure(measure_id="T1")], evaluations=[{"idx": 1, "reference": "T9"}])
	assert [p.params.get("reference") for p in plans.plan_problems(whole, TODAY, [])] == ["T9"]
