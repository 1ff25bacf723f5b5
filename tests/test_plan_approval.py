"""R18: a plan is approved only with the six parts the Stavanger guideline names."""

import datetime

from ansvarsgruppe.rules import plans
from ansvarsgruppe.rules import status as st

DAY = datetime.date(2026, 12, 1)


def plan(**changes) -> dict:
	values = {
		"status": st.PLAN_APPROVED,
		"approving": True,
		"plan_from": DAY,
		"plan_to": DAY + datetime.timedelta(days=365),
		"next_revision_date": DAY + datetime.timedelta(days=180),
		"goals": [{"goal_id": "M1", "parent_goal": ""}],
		"measures": [
			{
				"idx": 1,
				"goal_id": "M1",
				"measure_id": "T1",
				"responsible_person": "laerer@example.no",
				"evaluation_form": "Conversation",
				"next_evaluation_date": None,
			}
		],
		"evaluations": [],
	}
	return {**values, **changes}


def problems(values: dict) -> list[str]:
	return [p.message for p in plans.plan_problems(values, DAY, [])]


def test_r18_a_plan_with_the_six_parts_is_approved():
	assert problems(plan()) == []


def test_r18_each_missing_part_is_named():
	assert problems(plan(goals=[], measures=[])) == [
		"An approved plan needs at least one goal.",
		"An approved plan needs at least one measure.",
	]
	assert problems(plan(plan_to=None)) == ["An approved plan needs its period: from and to."]
	assert len(problems(plan(next_revision_date=None))) == 1
	measure = {**plan()["measures"][0], "evaluation_form": None}
	assert problems(plan(measures=[measure])) == ["The measure in row {row} needs a form of evaluation."]
	measure = {**plan()["measures"][0], "responsible_person": None}
	assert problems(plan(measures=[measure])) == ["The measure in row {row} needs a responsible person."]


def test_r18_each_measures_next_evaluation_is_evaluation_enough():
	measure = {**plan()["measures"][0], "next_evaluation_date": DAY}
	assert problems(plan(next_revision_date=None, measures=[measure])) == []


def test_r18_a_draft_is_not_held_to_the_six_parts():
	assert problems(plan(status=st.PLAN_DRAFT, approving=False, goals=[], measures=[], plan_to=None)) == []
