"""R18: the individual plan: goals, measures, responsibility, time period, evaluation and its form.

Plain values only. A goal dict: ``goal_id``, ``parent_goal``. A measure dict: ``idx``, ``goal_id``,
``responsible_person``, ``start_date``, ``end_date``. An evaluation dict: ``idx``, ``evaluation_date``.
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st


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


def evaluation_reference_problems(evaluations: list[dict], ids: set) -> list[Problem]:
	"""An evaluation is of a goal or a measure of the plan (by its ID), or of the whole plan."""
	return [
		Problem(
			"R18",
			"The evaluation in row {row} refers to {reference}, which is not a goal or measure in the plan.",
			{"row": e.get("idx"), "reference": e["reference"]},
		)
		for e in evaluations
		if e.get("reference") and e["reference"] != WHOLE_PLAN and e["reference"] not in ids
	]


def period_problems(plan_from: datetime.date | None, plan_to: datetime.date | None) -> list[Problem]:
	if plan_from and plan_to and plan_to < plan_from:
		return [Problem("R18", "The plan period ends before it starts.")]
	return []


def approval_problems(plan: dict) -> list[Problem]:
	"""R18: a plan is approved only with the six parts the guideline names: goals, measures, responsibility
	(each measure's responsible person), the period (from and to), evaluation (when the plan or each measure
	is evaluated) and the form of evaluation (each measure's). A plan dict as for ``plan_problems``, each
	measure also with ``evaluation_form`` and ``next_evaluation_date``, the plan with ``next_revision_date``."""
	goals, measures = plan.get("goals") or [], plan.get("measures") or []
	missing = []
	if not goals:
		missing.append(Problem("R18", "An approved plan needs at least one goal."))
	if not measures:
		missing.append(Problem("R18", "An approved plan needs at least one measure."))
	if not (plan.get("plan_from") and plan.get("plan_to")):
		missing.append(Problem("R18", "An approved plan needs its period: from and to."))
	evaluated = plan.get("next_revision_date") or (
		measures and all(m.get("next_evaluation_date") for m in measures)
	)
	if not evaluated:
		missing.append(
			Problem("R18", "An approved plan says when it is evaluated: the next revision date of the plan.")
		)
	for measure in measures:
		if not measure.get("evaluation_form"):
			missing.append(
				Problem(
					"R18", "The measure in row {row} needs a form of evaluation.", {"row": measure.get("idx")}
				)
			)
	return missing


def second_plan_problem(status: str, other_open_plans: list[str]) -> Problem | None:
	"""One open plan per person: a new or reopened plan is refused while another is not closed."""
	if status == st.PLAN_CLOSED or not other_open_plans:
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
	``measures`` and ``evaluations``; with ``approving`` (the plan is being approved) also its six parts."""
	goals = plan.get("goals") or []
	problems = [
		*period_problems(plan.get("plan_from"), plan.get("plan_to")),
		*goal_problems(goals),
		*measure_problems(plan.get("measures") or [], {g.get("goal_id") for g in goals if g.get("goal_id")}),
		*evaluation_problems(plan.get("evaluations") or [], today),
		*evaluation_reference_problems(
			plan.get("evaluations") or [],
			{g.get("goal_id") for g in goals} | {m.get("measure_id") for m in plan.get("measures") or []},
		),
	]
	if plan.get("approving"):
		problems += approval_problems(plan)
	second = second_plan_problem(plan.get("status") or st.PLAN_DRAFT, other_open_plans)
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


# The plan in the group's meetings (R9, R13, R18) -----------------------------------------------------------

WHOLE_PLAN = "Hele planen"  # the evaluation's reference when the annual review evaluates the whole plan


def open_measures(measures: list[dict]) -> list[dict]:
	"""The measures still to be reported on: planned or ongoing (no status counts as planned)."""
	return [m for m in measures if (m.get("status") or st.MEASURE_PLANNED) in st.MEASURE_OPEN]


def status_round(participants: list[dict], measures: list[dict]) -> list[dict]:
	"""R9 with R18: the status round of a meeting, each invited participant with the open measures they
	are responsible for, in the order of the participant list; measures whose responsible person is not
	invited come last, under ``participant`` None. Participants without open measures are left out.

	A participant dict has ``user`` and ``name``; a measure dict has ``responsible_person``."""
	by_person: dict[str, list[dict]] = {}
	for measure in open_measures(measures):
		by_person.setdefault(measure.get("responsible_person") or "", []).append(measure)
	round_, seen = [], set()
	for participant in participants:
		user = participant.get("user")
		if user and user in by_person and user not in seen:
			seen.add(user)
			round_.append({"participant": participant.get("name") or user, "measures": by_person[user]})
	others = [m for person, rows in by_person.items() if person not in seen for m in rows]
	if others:
		round_.append({"participant": None, "measures": others})
	return round_


def measure_update_problems(updates: list[dict], meeting_date: datetime.date | None) -> list[Problem]:
	"""What the minutes record per measure must make sense before it is written into the plan.
	An update dict: ``measure_id``, ``start_date`` (the measure's), ``new_end_date``, ``next_evaluation_date``,
	``add_evaluation``, ``result``."""
	problems = []
	for update in updates:
		measure = update.get("measure_id") or ""
		if update.get("add_evaluation") and not update.get("result"):
			problems.append(
				Problem("R18", "The evaluation of measure {measure} needs a result.", {"measure": measure})
			)
		start, new_end = update.get("start_date"), update.get("new_end_date")
		if start and new_end and new_end < start:
			problems.append(
				Problem(
					"R18", "The new end date of measure {measure} is before it starts.", {"measure": measure}
				)
			)
		next_evaluation = update.get("next_evaluation_date")
		if meeting_date and next_evaluation and next_evaluation <= meeting_date:
			problems.append(
				Problem(
					"R18",
					"The next evaluation of measure {measure} must be after the meeting.",
					{"measure": measure},
				)
			)
	return problems


def annual_review_problems(
	is_annual_review: bool,
	has_plan: bool,
	plan_result: str | None,
	next_revision: datetime.date | None,
	meeting_date: datetime.date | None,
) -> list[Problem]:
	"""R13 with R18: the annual review evaluates the whole plan and sets when it is next revised."""
	if not (is_annual_review and has_plan):
		return []
	problems = []
	if not plan_result:
		problems.append(Problem("R13", "The annual review must record how the plan as a whole is going."))
	if not next_revision:
		problems.append(Problem("R13", "The annual review must set the date of the plan's next revision."))
	elif meeting_date and next_revision <= meeting_date:
		problems.append(Problem("R13", "The plan's next revision must be after the annual review."))
	return problems


def plan_changes_from_minutes(
	measures: dict[str, dict], updates: list[dict], meeting_date: datetime.date, participants: str
) -> tuple[dict[str, dict], list[dict], list[Problem]]:
	"""What approved minutes change in the plan: per measure id the new field values, the evaluations to
	add, and problems (a row about a measure no longer in the plan). ``measures`` maps measure id to the
	measure's current values (``status``, ``end_date``, ``next_evaluation_date``)."""
	changes: dict[str, dict] = {}
	evaluations: list[dict] = []
	problems: list[Problem] = []
	for update in updates:
		measure_id = update.get("measure_id") or ""
		current = measures.get(measure_id)
		if current is None:
			problems.append(
				Problem(
					"R18",
					"Measure {measure} is no longer in the individual plan; remove its row from the minutes.",
					{"measure": measure_id},
				)
			)
			continue
		change = {}
		if update.get("new_status") and update["new_status"] != current.get("status"):
			change["status"] = update["new_status"]
		if update.get("new_end_date") and update["new_end_date"] != current.get("end_date"):
			change["end_date"] = update["new_end_date"]
		if update.get("next_evaluation_date") and update["next_evaluation_date"] != current.get(
			"next_evaluation_date"
		):
			change["next_evaluation_date"] = update["next_evaluation_date"]
		if change:
			changes[measure_id] = change
		if update.get("add_evaluation"):
			evaluations.append(
				{
					"reference": measure_id,
					"evaluation_date": meeting_date,
					"participants": participants,
					"result": update.get("result"),
					"notes": update.get("progress") or "",
					"next_evaluation_date": update.get("next_evaluation_date"),
				}
			)
	return changes, evaluations, problems


def overdue_measures(measures: list[dict], evaluations: list[dict], today: datetime.date) -> list[dict]:
	"""Open measures past their end date with no evaluation of the measure on or after that date."""
	last_evaluated: dict[str, datetime.date] = {}
	for evaluation in evaluations:
		reference, day = evaluation.get("reference"), evaluation.get("evaluation_date")
		if reference and day and day > last_evaluated.get(reference, datetime.date.min):
			last_evaluated[reference] = day
	return [
		m
		for m in open_measures(measures)
		if m.get("end_date")
		and m["end_date"] < today
		and last_evaluated.get(m.get("measure_id"), datetime.date.min) < m["end_date"]
	]


def replace_evaluations(
	superseded: list[dict], evaluations: list[dict]
) -> tuple[dict, list[str], list[dict]]:
	"""R11, R18: a new version of approved minutes replaces the evaluations the version it supersedes wrote
	into the plan, instead of adding its own beside them. ``superseded`` are the plan's rows written by the
	superseded version (with their ``name``), ``evaluations`` what the new version writes. Returns the rows
	to update ({name: values}), the rows to remove and the evaluations to add."""
	left = list(evaluations)
	updates, removed = {}, []
	for row in superseded:
		match = next((e for e in left if e.get("reference") == row.get("reference")), None)
		if match is None:
			removed.append(row["name"])
			continue
		left.remove(match)
		updates[row["name"]] = match
	return updates, removed, left


def restored_measures(superseded: list[dict], replacing: dict[str, set], current: dict[str, dict]) -> dict:
	"""What a measure goes back to when the superseded minutes changed it and the new version does not:
	the value before the superseded minutes, where the plan still holds what they wrote. ``superseded``
	are the superseded minutes' rows (``measure_id``, ``new_status``, ``status_before``, ``new_end_date``,
	``end_date``); ``replacing`` the fields the new version sets per measure; ``current`` the plan's values."""
	restored: dict[str, dict] = {}
	for row in superseded:
		measure_id = row.get("measure_id")
		now, changes = current.get(measure_id), replacing.get(measure_id, set())
		if now is None:
			continue
		for field, written, before in (
			("status", row.get("new_status"), row.get("status_before")),
			("end_date", row.get("new_end_date"), row.get("end_date")),
		):
			if written and before and field not in changes and now.get(field) == written:
				restored.setdefault(measure_id, {})[field] = before
	return restored
