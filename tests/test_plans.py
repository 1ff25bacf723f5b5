"""R18: individual plans: goals, measures with responsibility and period, evaluations, one open plan."""

import datetime

from ansvarsgruppe.rules import plans

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
		"status": plans.DRAFT,
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
	problem = plans.second_plan_problem(plans.DRAFT, ["PLAN-2026-0001"])
	assert problem.rule == "R18"
	assert "PLAN-2026-0001" in problem.format()
	for status in plans.OPEN_STATUSES:
		assert plans.second_plan_problem(status, ["PLAN-2026-0001"]) is not None
	assert plans.second_plan_problem(plans.CLOSED, ["PLAN-2026-0001"]) is None
	assert plans.second_plan_problem(plans.DRAFT, []) is None
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
