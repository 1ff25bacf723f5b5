"""R8–R12: meetings, their agenda and their minutes.

A minutes dict: ``meeting_type``, ``status``, ``meeting_date``, ``start_time``, ``participants``
(list of ``{"attendance"}``: Present / Sent regrets / Absent, empty when not yet recorded),
``agenda`` (list of ``{"title", "discussion"}``), ``previous_minutes_exist`` (bool),
``previous_minutes_approved`` (bool), ``conclusion``, ``next_meeting_date``, ``distribution``
(list), ``actions`` (list of ``{"description", "responsible", "due_date"}``).
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st

PRE_MEETING, ORDINARY, ANNUAL_REVIEW, CLOSING = "Pre-meeting", "Ordinary", "Annual Review", "Closing"
MEETING_TYPES = (PRE_MEETING, ORDINARY, ANNUAL_REVIEW, CLOSING)
PRESENT, SENT_REGRETS, ABSENT = "Present", "Sent regrets", "Absent"
STATUS_ROUND_MINUTES = 3

# R9: the standing agenda, in the order of the guideline. Stored as document content, so in bokmål.
STANDING_AGENDA = (
	"Godkjenning av referat fra forrige møte",
	f"Status fra hver deltaker på tiltak og mål (ca. {STATUS_ROUND_MINUTES} minutter hver)",
	"Oppsummering, videre tiltak og hvem som har ansvar fram til neste møte",
	"Eventuelt (om tiden tillater)",
	"Dato for neste møte",
	"Referent for neste møte",
)
PRE_MEETING_AGENDA = (
	"Gjennomgang av retningslinjer for ansvarsgruppen",
	"Ansvarsgruppens mandat",
	"Fullmakter for hver representant",
	"Plan for første møte i ansvarsgruppen",
)

# R10: topics that do not belong in the group, shown as guidance on the form and the invitation.
EXCLUDED_TOPICS = (
	"Klager på ansatte",
	"Klager på tildeling av ressurser",
	"Opplæring i tiltak",
	"Uenighet mellom instanser",
	"Enkeltvedtak kan ikke fattes i ansvarsgruppen",
)


# R11: the nine parts of the minutes (part 8, the next minute-taker, only "if agreed").
MINUTES_PARTS = (
	"Attendance at the meeting",
	"Absences",
	"Time of the meeting",
	"Approval of the previous minutes",
	"Minutes of the agenda items",
	"Conclusion of the meeting",
	"Time and topic of the next meeting",
	"Minute-taker for the next meeting",
	"Distribution of the minutes",
)


def standing_agenda(meeting_type: str) -> tuple[str, ...]:
	return PRE_MEETING_AGENDA if meeting_type == PRE_MEETING else STANDING_AGENDA


def missing_parts(minutes: dict) -> list[Problem]:
	"""R11: the required parts of the minutes that are missing, in the order of the guideline."""
	participants = minutes.get("participants") or []
	missing = []
	if not any(p.get("attendance") == PRESENT for p in participants):
		missing.append(MINUTES_PARTS[0])
	if not participants or any(not p.get("attendance") for p in participants):
		missing.append(MINUTES_PARTS[1])
	if not minutes.get("meeting_date") or not minutes.get("start_time"):
		missing.append(MINUTES_PARTS[2])
	if minutes.get("previous_minutes_exist") and not minutes.get("previous_minutes_approved"):
		missing.append(MINUTES_PARTS[3])
	agenda = minutes.get("agenda") or []
	if not agenda or any(not (item.get("discussion") or "").strip() for item in agenda):
		missing.append(MINUTES_PARTS[4])
	if not (minutes.get("conclusion") or "").strip():
		missing.append(MINUTES_PARTS[5])
	if minutes.get("meeting_type") != CLOSING and not minutes.get("next_meeting_date"):
		missing.append(MINUTES_PARTS[6])
	if not minutes.get("distribution"):
		missing.append(MINUTES_PARTS[8])
	return [
		Problem(
			"R11",
			"The minutes cannot be approved without: {number}. {part}.",
			{"number": MINUTES_PARTS.index(part) + 1, "part": part},
			("part",),
		)
		for part in missing
	]


def date_problems(minutes: dict) -> list[Problem]:
	problems = []
	meeting = minutes.get("meeting_date")
	following = minutes.get("next_meeting_date")
	if meeting and following and following <= meeting:
		problems.append(Problem("R11", "The next meeting must come after this one."))
	for action in minutes.get("actions") or []:
		if meeting and action.get("due_date") and action["due_date"] < meeting:
			problems.append(
				Problem(
					"R11",
					"The deadline for '{action}' is before the meeting.",
					{"action": action.get("description") or ""},
				)
			)
	return problems


def approval_problems(minutes: dict, pre_meeting_held: bool) -> list[Problem]:
	"""Everything that stops the minutes from being approved (R8, R11)."""
	problems = missing_parts(minutes)
	if minutes.get("meeting_type") != PRE_MEETING and not pre_meeting_held:
		problems.append(
			Problem(
				"R8", "A pre-meeting of the municipal representatives must be held before the group meets."
			)
		)
	return problems


def is_final(status: str) -> bool:
	return status in st.MINUTES_FINAL


def due_date(meeting_date: datetime.date, deadline_days: int) -> datetime.date:
	"""R12: the minutes should be finished this many days after the meeting."""
	return meeting_date + datetime.timedelta(days=deadline_days)


def excluded_topic_hints(texts: list[str]) -> list[str]:
	"""R10: agenda texts that look like topics the group should not handle (a warning, not an error)."""
	keywords = ("klage", "enkeltvedtak", "opplæring", "uenighet")
	return [text for text in texts if text and any(word in text.lower() for word in keywords)]
