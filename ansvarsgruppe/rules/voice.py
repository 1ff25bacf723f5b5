"""The person's own voice before a meeting (R9, R24): the person and those who act for them answer the
invitation (coming or not, who comes), propose agenda items and write what they want the group to know;
the coordinator takes each proposal into the agenda or answers why not.

The family answers while the meeting is called (its minutes invited, the day not passed) and the group is
open. A proposal is decided once: taken in (it becomes an agenda item) or not taken in, with the reason.
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st

COMING, NOT_COMING = "Coming", "Not coming"
ATTENDANCE = (COMING, NOT_COMING)
PROPOSED, TAKEN_IN, NOT_TAKEN_IN = "Proposed", "Taken in", "Not taken in"
DECISIONS = (TAKEN_IN, NOT_TAKEN_IN)
MAX_TITLE_LENGTH = 140
MAX_TEXT_LENGTH = 2000


def answer_problem(
	minutes_status: str, meeting_date: datetime.date, today: datetime.date, group_status: str
) -> Problem | None:
	"""R9, R24: the family answers and proposes while the meeting is called and not yet held."""
	if group_status == st.GROUP_CLOSED:
		return Problem("R9", "The group is closed, so it holds no more meetings.")
	if minutes_status != st.MINUTES_INVITED or meeting_date < today:
		return Problem("R9", "The meeting has been held, so it can no longer be answered or added to.")
	return None


def _too_long(text: str | None, limit: int, what: str) -> Problem | None:
	if text and len(text) > limit:
		return Problem(
			"R9",
			"{what} is too long (at most {limit} characters).",
			{"what": what, "limit": limit},
			("what",),
		)
	return None


def response_problems(attendance: str | None, who_comes: str | None, note: str | None) -> list[Problem]:
	"""R24: an answer says whether the family comes; who comes only when they do."""
	problems = []
	if attendance not in ATTENDANCE:
		problems.append(Problem("R9", "Answer whether you are coming to the meeting."))
	if attendance == NOT_COMING and (who_comes or "").strip():
		problems.append(Problem("R9", "Say who comes only when you are coming."))
	problems.append(_too_long(who_comes, MAX_TITLE_LENGTH, "Who comes"))
	problems.append(_too_long(note, MAX_TEXT_LENGTH, "What you want the group to know"))
	return [p for p in problems if p]


def proposal_problems(title: str | None, details: str | None) -> list[Problem]:
	"""R9, R24: a proposed agenda item has a title the agenda can carry."""
	problems = []
	if not (title or "").strip():
		problems.append(Problem("R9", "Write what the item is about."))
	problems.append(_too_long(title, MAX_TITLE_LENGTH, "The item"))
	problems.append(_too_long(details, MAX_TEXT_LENGTH, "The details"))
	return [p for p in problems if p]


def decision_problems(current: str, decision: str | None, answer: str | None) -> list[Problem]:
	"""R24: the coordinator takes a proposal in or answers why not, once."""
	if current != PROPOSED:
		return [Problem("R9", "The proposal is already answered.")]
	if decision not in DECISIONS:
		return [Problem("R9", "Choose whether the item is taken into the agenda.")]
	if decision == NOT_TAKEN_IN and not (answer or "").strip():
		return [Problem("R9", "Say why the item is not taken into the agenda; the family reads the answer.")]
	problem = _too_long(answer, MAX_TEXT_LENGTH, "The answer")
	return [problem] if problem else []
