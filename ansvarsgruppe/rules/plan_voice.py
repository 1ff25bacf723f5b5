"""The plan as the person's own (R18, R24): the person, or whoever acts for them, proposes their own goals
and comments on a draft plan; the coordinator takes a proposed goal into the plan or answers why not, and
answers each comment. The person agrees to the plan as it stands (signed with ID-porten where it is on);
a plan approved without their agreement records the coordinator's reason why not. Goals carry the area of
life they belong to: the group looks at all of them.
"""

import hashlib
import json

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st

# The guideline's "alle livsområder"
LIFE_AREAS = (
	"Health",
	"Housing",
	"School and Education",
	"Work",
	"Leisure",
	"Family and Network",
	"Finances",
	"Other",
)

GOAL, COMMENT = "Goal", "Comment"
KINDS = (GOAL, COMMENT)
PROPOSED, TAKEN_IN, NOT_TAKEN_IN, ANSWERED = "Proposed", "Taken in", "Not taken in", "Answered"
DECISIONS = {GOAL: (TAKEN_IN, NOT_TAKEN_IN), COMMENT: (ANSWERED,)}
# A plan the family still shapes: a draft, or an approved plan's new version under revision.
OPEN_TO_PROPOSALS = (st.PLAN_DRAFT, st.PLAN_UNDER_REVISION)
MAX_TEXT_LENGTH = 2000

# What the person agrees to: the plan's content, not who saved it or when.
AGREED_FIELDS = (
	"own_goals",
	"resources",
	"needs",
	"person_contribution",
	"services_contribution",
	"family_contribution",
	"collaboration",
	"plan_from",
	"plan_to",
	"next_revision_date",
)
AGREED_GOAL_FIELDS = ("goal_id", "goal", "parent_goal", "is_persons_own_goal", "life_area")
AGREED_MEASURE_FIELDS = (
	"measure_id",
	"goal_id",
	"description",
	"scope",
	"implementation",
	"responsible_unit",
	"responsible_person",
	"start_date",
	"end_date",
	"evaluation_form",
)


def open_problem(plan_status: str, group_closed: bool = False) -> Problem | None:
	"""R24: the family proposes, comments and agrees while the plan is a draft or under revision."""
	if group_closed:
		return Problem("R24", "The group is closed, so its plan no longer changes.")
	if plan_status not in OPEN_TO_PROPOSALS:
		return Problem("R24", "The plan is approved or closed; proposals are made to a draft plan.")
	return None


def proposal_problems(
	kind: str | None, text: str | None, life_area: str | None, plan_status: str, group_closed: bool = False
) -> list[Problem]:
	"""R18, R24: a proposed goal names what the person wants and may name its area of life; a comment says
	something."""
	problems = [open_problem(plan_status, group_closed)]
	if kind not in KINDS:
		problems.append(Problem("R24", "Choose whether you propose a goal or comment on the plan."))
	elif not (text or "").strip():
		problems.append(
			Problem("R24", "Write the goal you want." if kind == GOAL else "Write your comment on the plan.")
		)
	if text and len(text) > MAX_TEXT_LENGTH:
		problems.append(
			Problem("R24", "The text is too long (at most {limit} characters).", {"limit": MAX_TEXT_LENGTH})
		)
	if life_area and (kind != GOAL or life_area not in LIFE_AREAS):
		problems.append(Problem("R18", "Choose one of the areas of life."))
	return [p for p in problems if p]


def decision_problems(kind: str, current: str, decision: str | None, answer: str | None) -> list[Problem]:
	"""R24: the coordinator takes a proposed goal into the plan or answers why not; a comment is answered.
	Each once."""
	if current != PROPOSED:
		return [Problem("R24", "The proposal is already answered.")]
	if decision not in DECISIONS.get(kind, ()):
		return [Problem("R24", "Choose whether the goal is taken into the plan.")]
	if decision in (NOT_TAKEN_IN, ANSWERED) and not (answer or "").strip():
		return [Problem("R24", "Write the answer; the family reads it.")]
	if answer and len(answer) > MAX_TEXT_LENGTH:
		return [
			Problem("R24", "The text is too long (at most {limit} characters).", {"limit": MAX_TEXT_LENGTH})
		]
	return []


def _plain(value):
	return "" if value is None else str(value).strip()


def plan_digest(plan: dict) -> str:
	"""A fingerprint of what the person agrees to: the plan's texts, period, goals and measures. A change to
	any of them after the agreement makes it an agreement to another plan."""
	content = {
		"plan": [_plain(plan.get(f)) for f in AGREED_FIELDS],
		"goals": [[_plain(g.get(f)) for f in AGREED_GOAL_FIELDS] for g in plan.get("goals") or []],
		"measures": [[_plain(m.get(f)) for f in AGREED_MEASURE_FIELDS] for m in plan.get("measures") or []],
	}
	return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def agreement_holds(agreed: bool, agreed_digest: str | None, digest: str) -> bool:
	"""Whether the person's agreement is to the plan as it stands now."""
	return bool(agreed) and agreed_digest == digest


def approval_problem(agreement_holds_now: bool, no_agreement_reason: str | None) -> Problem | None:
	"""R24: a plan is approved with the person's agreement to it as it stands, or with the reason why not."""
	if agreement_holds_now or (no_agreement_reason or "").strip():
		return None
	return Problem(
		"R24",
		"The person (or whoever acts for them) has not agreed to the plan as it stands. Ask them to agree in"
		" the portal, or write why the plan is approved without their agreement.",
	)
