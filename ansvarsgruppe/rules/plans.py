"""R18: the individual plan: goals, measures, responsibility, time period, evaluation and its form.

Plain values only. A goal dict: ``goal_id``, ``parent_goal``. A measure dict: ``idx``, ``goal_id``,
``responsible_person``, ``start_date``, ``end_date``. An evaluation dict: ``idx``, ``evaluation_date``.
"""

import datetime

from ansvarsgruppe.rules import Problem

DRAFT, APPROVED, REVISED, CLOSED = "Draft", "Approved", "Revised", "Closed"
OPEN_STATUSES = (DRAFT, APPROVED, REVISED)


def goal_problems(goals: list[dict]) -> list[Problem]:
	"""Sub-goals must point at another goal of the same plan."""
	ids = {g.get("goal_id") for g in goals if g.get("goal_id")}
	problems = []
	for goal in goals:
		parent = goal.get("parent_goal")
		if parent and (parent not in ids or parent == goal.get("goal_id")):
			problems.append(
				Problem(
					"R18",
					"Sub-goal {goal} points at goal {parent}, which is not another goal in the plan.",
					{"goal": goal.get("goal_id") or "", "parent": parent},
				)
			)
	return problems


def measure_problems(measures: list[dict], goal_ids=None) -> list[Problem]:
	"""Every measure has a responsible person and does not end before it starts."""
	problems = []
	for measure in measures:
		row = measure.get("idx")
		if not measure.get("responsible_person"):
			problems.append(
				Problem("R18", "The measure in row {row} needs a responsible person.", {"row": row})
			)
		start, end = measure.get("start_date"), measure.get("end_date")
		if start and end and end < start:
			problems.append(Problem("R18", "The measure in row {row} ends before it starts.", {"row": row}))
		goal = measure.get("goal_id")
		if goal_ids is not None and goal and goal not in goal_ids:
			problems.append(
				Problem(
					"R18",
					"The measure in row {row} refers to goal {goal}, which is not in the plan.",
					{"row": row, "goal": goal},
				)
			)
	return problems


def evaluation_problems(evaluations: list[dict], today: datetime.date) -> list[Problem]:
	"""An evaluation records what happened: it cannot be dated in the future."""
	return [
		Problem("R18", "The evaluation in row {row} cannot be dated in the future.", {"row": e.get("idx")})
		for e in evaluations
		if e.get("evaluation_date") and e["evaluation_date"] > today
	]


def period_problems(plan_from: datetime.date | None, plan_to: datetime.date | None) -> list[Problem]:
	if plan_from and plan_to and plan_to < plan_from:
		return [Problem("R18", "The plan period ends before it starts.")]
	return []


def second_plan_problem(status: str, other_open_plans: list[str]) -> Problem | None:
	"""One open plan per person: a new or reopened plan is refused while another is not closed."""
	if status == CLOSED or not other_open_plans:
		return None
	return Problem(
		"R18",
		"The person already has an open individual plan ({plan}); close it before starting another.",
		{"plan": ", ".join(sorted(other_open_plans))},
	)


def group_problem(plan_service_user: str | None, group_service_user: str | None) -> Problem | None:
	"""The plan is the group's person's plan."""
	if plan_service_user and group_service_user and plan_service_user != group_service_user:
		return Problem("R18", "The plan must belong to the service user of the group.")
	return None


def plan_problems(plan: dict, today: datetime.date, other_open_plans: list[str]) -> list[Problem]:
	"""All of R18's checks on a plan dict with ``status``, ``plan_from``, ``plan_to``, ``goals``,
	``measures`` and ``evaluations``."""
	goals = plan.get("goals") or []
	problems = [
		*period_problems(plan.get("plan_from"), plan.get("plan_to")),
		*goal_problems(goals),
		*measure_problems(plan.get("measures") or [], {g.get("goal_id") for g in goals if g.get("goal_id")}),
		*evaluation_problems(plan.get("evaluations") or [], today),
	]
	second = second_plan_problem(plan.get("status") or DRAFT, other_open_plans)
	return [second, *problems] if second else problems


def ordered_goals(goals: list[dict], own_first: bool = False) -> list[dict]:
	"""Main goals each followed by their sub-goals (depth first), in the plan's order; with ``own_first``
	the person's own main goals (``is_persons_own_goal``) and their sub-goals come before the rest.
	Each goal dict has ``goal_id`` and ``parent_goal``; goals whose parent is missing count as main goals."""
	ids = {g.get("goal_id") for g in goals if g.get("goal_id")}
	children: dict[str, list[dict]] = {}
	for goal in goals:
		parent = goal.get("parent_goal") or ""
		children.setdefault(parent if parent in ids else "", []).append(goal)
	roots = children.get("", [])
	if own_first:
		roots = sorted(roots, key=lambda g: not g.get("is_persons_own_goal"))
	ordered: list[dict] = []
	seen: set[int] = set()

	def walk(goal: dict):
		if id(goal) in seen:
			return
		seen.add(id(goal))
		ordered.append(goal)
		for child in children.get(goal.get("goal_id") or "", []):
			if child is not goal:
				walk(child)

	for goal in roots:
		walk(goal)
	ordered += [g for g in goals if id(g) not in seen]  # cycles of sub-goals: kept, at the end
	return ordered
