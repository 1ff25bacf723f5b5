"""R8–R12: meetings, their agenda and their minutes.

A minutes dict: ``meeting_type``, ``status``, ``meeting_date``, ``start_time``, ``participants``
(list of ``{"attendance"}``: Present / Sent regrets / Absent, empty when not yet recorded),
``agenda`` (list of ``{"title", "discussion", "not_applicable", "not_applicable_reason"}``),
``previous_minutes_exist`` (bool), ``previous_minutes_result`` (Approved / Approved with comments /
Not approved), ``previous_minutes_comments``, ``conclusion``, ``next_meeting_date``, ``distribution``
(list of ``{"recipient_name", "email", "user"}``), ``actions`` (list of ``{"description", "responsible",
"due_date"}``), for a pre-meeting ``guidelines_reviewed`` and ``mandate_reviewed`` (bool).
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
# R13, R16: the item an annual review and a closing meeting add to the standing agenda.
ANNUAL_REVIEW_ITEM = "Årlig evaluering av tjenestene og den individuelle planen"
CLOSING_ITEM = "Avslutning av ansvarsgruppen og melding til koordinerende enhet"
NOT_APPLICABLE = "ikke aktuelt"

# R10: the routine's list of topics that do not belong in the group, in its words, each with its own way
# (shown as guidance on the form and the invitation). The last is a limit, not a topic with a way.
EXCLUDED_TOPICS = (
	"Misnøye med personell, manglende oppfølging fra en instans",
	"Klage på ressurstildeling eller lignende",
	"Opplæring/veiledning i forhold til gjennomføring av konkrete tiltak",
	"Uklarheter eller uenigheter mellom faginstanser",
	"Ansvarsgruppen kan ikke fatte enkeltvedtak",
)
EXCLUDED_TOPIC_REMEDIES = {
	EXCLUDED_TOPICS[0]: "Tas opp direkte med vedkommende, eventuelt leder",
	EXCLUDED_TOPICS[1]: "Følger ordinær klageadgang",
	EXCLUDED_TOPICS[2]: "Skal foregå i egne samarbeidsmøter",
	EXCLUDED_TOPICS[3]: "Må avklares i egne samarbeidsmøter",
	EXCLUDED_TOPICS[4]: "",
}
# The stems that mark such a topic, matched at the start of a word or inside a compound
# (klage, klager, klagen; vedtak, enkeltvedtak, vedtaket; uenighet, uenigheter …).
EXCLUDED_TOPIC_STEMS = (
	"misnøye",
	"klage",
	"vedtak",
	"opplæring",
	"veiledning",
	"uenighet",
	"uklarhet",
	"manglende oppfølging",
)

# R11 part 4: what the group decided about the previous minutes.
PREVIOUS_APPROVED, PREVIOUS_WITH_COMMENTS, PREVIOUS_NOT_APPROVED = (
	"Approved",
	"Approved with comments",
	"Not approved",
)
PREVIOUS_RESULTS = (PREVIOUS_APPROVED, PREVIOUS_WITH_COMMENTS, PREVIOUS_NOT_APPROVED)

# R12: the first reminder comes this many days before the minutes are due.
REMINDER_DAYS_BEFORE_DUE = 7


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
	"""R9: the standing items of a meeting of this type, in order; an annual review adds its evaluation and
	a closing meeting its closing, after the status round."""
	if meeting_type == PRE_MEETING:
		return PRE_MEETING_AGENDA
	extra = {ANNUAL_REVIEW: ANNUAL_REVIEW_ITEM, CLOSING: CLOSING_ITEM}.get(meeting_type)
	if not extra:
		return STANDING_AGENDA
	return (*STANDING_AGENDA[:2], extra, *STANDING_AGENDA[2:])


def agenda_problems(
	meeting_type: str, agenda: list[dict], standing_items_removable: bool = False
) -> list[Problem]:
	"""R9: the standing items stay on the agenda; one that does not apply is marked so, with a reason. Where
	the municipality lets the standing items be removed (Stavanger's guideline, 004, asks only for an
	agenda), a missing one is no problem."""
	titles = {(item.get("title") or "").strip() for item in agenda}
	problems = [
		Problem(
			"R9",
			"The standing agenda item '{item}' cannot be removed; mark it as not applicable with a reason.",
			{"item": title},
		)
		for title in standing_agenda(meeting_type)
		if title not in titles and not standing_items_removable
	]
	for item in agenda:
		if item.get("not_applicable") and not (item.get("not_applicable_reason") or "").strip():
			problems.append(
				Problem(
					"R9",
					"Give the reason why '{item}' is not applicable.",
					{"item": item.get("title") or ""},
				)
			)
	return problems


# R9: how a meeting was called when the app's own invitation was not used.
CALLED_BY_PHONE, CALLED_BY_LETTER, CALLED_BY_OTHER_EMAIL, CALLED_IN_PERSON = (
	"Phone",
	"Letter",
	"E-mail Outside the App",
	"In Person",
)
CALLED_OUTSIDE_WAYS = (CALLED_BY_PHONE, CALLED_BY_LETTER, CALLED_BY_OTHER_EMAIL, CALLED_IN_PERSON)
OUTSIDE_CALL_FIELDS = ("called_outside_on", "called_outside_how", "called_outside_by")


def called_outside(minutes: dict) -> bool:
	"""R9: the meeting was called outside the app, and the record says when, how and by whom."""
	return all(minutes.get(field) for field in OUTSIDE_CALL_FIELDS)


def outside_call_problems(minutes: dict, today: datetime.date) -> list[Problem]:
	"""R9: a meeting called outside the app (by phone, letter, another e-mail, in person) is recorded whole:
	the date it was called, how and by whom; it cannot have been called in the future."""
	given = [field for field in OUTSIDE_CALL_FIELDS if minutes.get(field)]
	if not given:
		return []
	problems = []
	if len(given) < len(OUTSIDE_CALL_FIELDS):
		problems.append(
			Problem("R9", "A meeting called outside the app needs the date it was called, how and by whom.")
		)
	how = minutes.get("called_outside_how")
	if how and how not in CALLED_OUTSIDE_WAYS:
		problems.append(Problem("R9", "Unknown way of calling the meeting: {how}.", {"how": how}))
	called_on = minutes.get("called_outside_on")
	if called_on and called_on > today:
		problems.append(Problem("R9", "The date the meeting was called cannot be in the future."))
	return problems


def draft_problems(invitation_sent: bool, was_called_outside: bool = False) -> list[Problem]:
	"""R9: minutes are written of a meeting that was called: by the app's invitation, or outside the app
	with the date, the way and who called it recorded."""
	if invitation_sent or was_called_outside:
		return []
	return [
		Problem(
			"R9",
			"Send the invitation before the minutes are written, or record that the meeting was called"
			" outside the app (when, how and by whom).",
		)
	]


def agreed_for_next_meeting(previous: dict | None, new: dict) -> dict:
	"""R11 parts 7 and 8 carried over: what the last approved minutes agreed for the next meeting (its date
	and time, its topic and its minute-taker) fills the new meeting where it is still empty."""
	if not previous:
		return {}
	carried = {
		"meeting_date": previous.get("next_meeting_date"),
		"minute_taker": previous.get("next_minute_taker"),
	}
	same_day = not new.get("meeting_date") or new.get("meeting_date") == previous.get("next_meeting_date")
	if same_day:
		carried["start_time"] = previous.get("next_meeting_time")
	return {field: value for field, value in carried.items() if value and not new.get(field)}


def pre_meeting_required(setting_on: bool, skip_reason: str | None) -> bool:
	"""R8: the pre-meeting gates a group's meetings where the municipality requires it (000), unless the
	group records why it meets without one (the order skipped, with the reason)."""
	return bool(setting_on) and not (skip_reason or "").strip()


def call_problems(
	meeting_type: str, pre_meeting_held: bool, pre_meeting_required: bool = True
) -> list[Problem]:
	"""R8: the group's first meeting is called only after the pre-meeting was held, where the municipality
	follows the routine's pre-meeting (000); Stavanger's guideline (004) has none, a setting."""
	if meeting_type == PRE_MEETING or pre_meeting_held or not pre_meeting_required:
		return []
	return [
		Problem(
			"R8",
			"A pre-meeting of the municipal representatives must be held (its minutes written with"
			" attendance) before the group's meetings are called.",
		)
	]


def is_held(minutes: dict) -> bool:
	"""R8: a meeting counts as held once its minutes are at least drafted with attendance."""
	return minutes.get("status") in (st.MINUTES_DRAFT, *st.MINUTES_FINAL) and any(
		p.get("attendance") == PRESENT for p in minutes.get("participants") or []
	)


def pre_meeting_problems(minutes: dict, group_mandate: str | None) -> list[Problem]:
	"""R8: the pre-meeting is for the municipal representatives, reviews the guidelines and the group's
	mandate, and leaves the group with a mandate. ``participants`` rows here carry ``municipal`` (bool)."""
	if minutes.get("meeting_type") != PRE_MEETING:
		return []
	problems = []
	outsiders = [
		p.get("participant_name") or "" for p in minutes.get("participants") or [] if not p.get("municipal")
	]
	if outsiders:
		problems.append(
			Problem(
				"R8",
				"Only the municipality's own representatives take part in the pre-meeting, not {names}.",
				{"names": ", ".join(outsiders)},
			)
		)
	if minutes.get("status") in (st.MINUTES_DRAFT, *st.MINUTES_FINAL):
		if not (group_mandate or "").strip():
			problems.append(Problem("R8", "Write the group's mandate before the pre-meeting's minutes."))
		if minutes.get("status") in st.MINUTES_FINAL and not (
			minutes.get("guidelines_reviewed") and minutes.get("mandate_reviewed")
		):
			problems.append(
				Problem(
					"R8",
					"The pre-meeting's minutes must record that the guidelines and the group's mandate were"
					" reviewed.",
				)
			)
	return problems


def previous_minutes_result(result: str | None, approved: bool) -> str | None:
	"""R11 part 4: the recorded result; minutes recorded only as "approved" count as approved."""
	return result or (PREVIOUS_APPROVED if approved else None)


def previous_minutes_problems(minutes: dict) -> list[Problem]:
	"""R11 part 4: approved with comments or not approved needs the comments."""
	result = minutes.get("previous_minutes_result")
	if (
		result in (PREVIOUS_WITH_COMMENTS, PREVIOUS_NOT_APPROVED)
		and not (minutes.get("previous_minutes_comments") or "").strip()
	):
		return [Problem("R11", "Write the comments on the previous minutes.")]
	return []


def distribution_problems(distribution: list[dict]) -> list[Problem]:
	"""R11 part 9: each recipient of the minutes is someone they can be sent to (an address or a user)."""
	return [
		Problem(
			"R11",
			"The minutes' recipient {name} needs an e-mail address or a user account.",
			{"name": row.get("recipient_name") or ""},
		)
		for row in distribution
		if not (row.get("email") or "").strip() and not row.get("user")
	]


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
	result = previous_minutes_result(
		minutes.get("previous_minutes_result"), minutes.get("previous_minutes_approved")
	)
	if minutes.get("previous_minutes_exist") and result not in PREVIOUS_RESULTS:
		missing.append(MINUTES_PARTS[3])
	agenda = minutes.get("agenda") or []
	if not agenda or any(
		not (item.get("discussion") or "").strip() and not item.get("not_applicable") for item in agenda
	):
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


def approval_problems(
	minutes: dict,
	pre_meeting_held: bool,
	today: datetime.date | None = None,
	pre_meeting_required: bool = True,
) -> list[Problem]:
	"""Everything that stops the minutes from being approved (R8, R11)."""
	problems = missing_parts(minutes)
	meeting = minutes.get("meeting_date")
	if today and meeting and meeting > today:
		problems.append(
			Problem("R11", "Minutes of a meeting that has not yet taken place cannot be approved.")
		)
	if minutes.get("meeting_type") != PRE_MEETING and not pre_meeting_held and pre_meeting_required:
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


def reminder_date(meeting_date: datetime.date, deadline_days: int) -> datetime.date | None:
	"""R12: the day the minute-taker and the coordinator are first reminded, a week before the minutes are
	due (never before the day after the meeting); none when the deadline leaves no room before it."""
	days = max(1, deadline_days - REMINDER_DAYS_BEFORE_DUE)
	if days >= deadline_days:
		return None
	return meeting_date + datetime.timedelta(days=days)


def excluded_topic_hints(texts: list[str]) -> list[str]:
	"""R10: texts (agenda items, discussions, conclusions) that look like topics the group should not
	handle, in any word form (a warning, not an error)."""
	return [text for text in texts if text and any(stem in text.lower() for stem in EXCLUDED_TOPIC_STEMS)]
