"""R8–R12: meetings, their agenda and their minutes."""

import datetime

import pytest

from ansvarsgruppe.rules import minutes as mn
from ansvarsgruppe.rules import status as st

D = datetime.date
MEETING = D(2026, 6, 10)


def minutes(**changes):
	base = {
		"meeting_type": mn.ORDINARY,
		"status": st.MINUTES_DRAFT,
		"meeting_date": MEETING,
		"start_time": "13:00",
		"participants": [
			{"attendance": mn.PRESENT},
			{"attendance": mn.SENT_REGRETS},
			{"attendance": mn.ABSENT},
		],
		"agenda": [
			{"title": "Godkjenning av referat", "discussion": "Godkjent uten merknader."},
			{"title": "Status", "discussion": "Skolen melder god fremgang."},
		],
		"previous_minutes_exist": True,
		"previous_minutes_approved": True,
		"conclusion": "Tiltakene videreføres.",
		"next_meeting_date": D(2026, 9, 2),
		"distribution": ["Alle deltakere"],
		"actions": [{"description": "Send plan", "responsible": "Kari", "due_date": D(2026, 6, 20)}],
	}
	base.update(changes)
	return base


def parts(problems):
	return [f"{p.params['number']}. {p.params['part']}" for p in problems if p.rule == "R11"]


# R11: the parts of the minutes


def test_r11_complete_minutes_have_no_problems():
	assert mn.missing_parts(minutes()) == []
	assert mn.date_problems(minutes()) == []
	assert mn.approval_problems(minutes(), pre_meeting_held=True) == []


@pytest.mark.parametrize(
	"changes, number",
	[
		({"participants": [{"attendance": mn.SENT_REGRETS}, {"attendance": mn.ABSENT}]}, "1"),
		({"participants": [{"attendance": mn.PRESENT}, {"attendance": ""}]}, "2"),
		({"participants": [{"attendance": mn.PRESENT}, {}]}, "2"),
		({"meeting_date": None}, "3"),
		({"start_time": ""}, "3"),
		({"previous_minutes_approved": False}, "4"),
		({"agenda": []}, "5"),
		(
			{"agenda": [{"title": "Status", "discussion": "Ok"}, {"title": "Eventuelt", "discussion": "  "}]},
			"5",
		),
		({"agenda": [{"title": "Status"}]}, "5"),
		({"conclusion": " \n"}, "6"),
		({"conclusion": None}, "6"),
		({"next_meeting_date": None}, "7"),
		({"distribution": []}, "9"),
	],
)
def test_r11_each_missing_part_is_named(changes, number):
	problems = mn.missing_parts(minutes(**changes))
	assert len(problems) == 1
	problem = problems[0]
	assert problem.rule == "R11"
	assert problem.params["number"] == int(number)
	assert problem.params["part"] == mn.MINUTES_PARTS[int(number) - 1]
	assert problem.format() == f"The minutes cannot be approved without: {number}. {problem.params['part']}."


def test_r11_part_texts():
	assert parts(mn.missing_parts(minutes(distribution=None))) == ["9. Distribution of the minutes"]
	assert parts(mn.missing_parts(minutes(next_meeting_date=None))) == [
		"7. Time and topic of the next meeting"
	]
	assert parts(mn.missing_parts(minutes(previous_minutes_approved=False))) == [
		"4. Approval of the previous minutes"
	]


def test_r11_no_participants_misses_attendance_and_absences():
	assert parts(mn.missing_parts(minutes(participants=[]))) == [
		"1. Attendance at the meeting",
		"2. Absences",
	]


def test_r11_empty_minutes_list_every_part_in_guideline_order():
	problems = mn.missing_parts({"previous_minutes_exist": True})
	assert [p.params["number"] for p in problems] == [1, 2, 3, 4, 5, 6, 7, 9]
	assert {p.rule for p in problems} == {"R11"}


def test_r11_first_meeting_needs_no_approval_of_previous_minutes():
	m = minutes(previous_minutes_exist=False, previous_minutes_approved=False)
	assert mn.missing_parts(m) == []


def test_r11_closing_meeting_needs_no_next_meeting():
	assert mn.missing_parts(minutes(meeting_type=mn.CLOSING, next_meeting_date=None)) == []
	assert parts(mn.missing_parts(minutes(meeting_type=mn.ANNUAL_REVIEW, next_meeting_date=None))) == [
		"7. Time and topic of the next meeting"
	]


def test_r11_next_meeting_must_come_after_this_one():
	for following in (MEETING, MEETING - datetime.timedelta(days=1)):
		problems = mn.date_problems(minutes(next_meeting_date=following))
		assert [(p.rule, p.format()) for p in problems] == [
			("R11", "The next meeting must come after this one.")
		]
	assert mn.date_problems(minutes(next_meeting_date=MEETING + datetime.timedelta(days=1))) == []


def test_r11_action_deadline_before_the_meeting_is_refused():
	actions = [
		{"description": "Send plan", "due_date": D(2026, 6, 9)},
		{"description": "Ring NAV", "due_date": MEETING},
		{"description": None, "due_date": D(2026, 1, 1)},
		{"description": "Uten frist", "due_date": None},
	]
	problems = mn.date_problems(minutes(actions=actions))
	assert [p.rule for p in problems] == ["R11", "R11"]
	assert problems[0].params == {"action": "Send plan"}
	assert problems[0].format() == "The deadline for 'Send plan' is before the meeting."
	assert problems[1].params == {"action": ""}


def test_r11_dates_unchecked_without_meeting_date():
	m = minutes(meeting_date=None, actions=[{"description": "x", "due_date": D(2000, 1, 1)}])
	assert mn.date_problems(m) == []


# R8: the pre-meeting comes first


def test_r8_approval_refused_before_pre_meeting():
	problems = mn.approval_problems(minutes(), pre_meeting_held=False)
	assert len(problems) == 1
	assert problems[0].rule == "R8"
	assert problems[0].format() == (
		"A pre-meeting of the municipal representatives must be held before the group meets."
	)


@pytest.mark.parametrize("meeting_type", [mn.ORDINARY, mn.ANNUAL_REVIEW, mn.CLOSING])
def test_r8_every_group_meeting_needs_the_pre_meeting(meeting_type):
	m = minutes(meeting_type=meeting_type)
	assert [p.rule for p in mn.approval_problems(m, pre_meeting_held=False)] == ["R8"]
	assert mn.approval_problems(m, pre_meeting_held=True) == []


def test_r8_pre_meeting_itself_may_be_approved_before_any_pre_meeting():
	assert mn.approval_problems(minutes(meeting_type=mn.PRE_MEETING), pre_meeting_held=False) == []


def test_r8_approval_problems_include_missing_parts_first():
	problems = mn.approval_problems(minutes(conclusion=""), pre_meeting_held=False)
	assert [p.rule for p in problems] == ["R11", "R8"]
	assert problems[0].params == {"number": 6, "part": "Conclusion of the meeting"}


# R9: the standing agenda


def test_r9_standing_agenda_follows_the_guideline_order():
	agenda = mn.standing_agenda(mn.ORDINARY)
	assert agenda == mn.STANDING_AGENDA
	assert len(agenda) == 6
	assert agenda[0].startswith("Godkjenning av referat")
	assert agenda[1].startswith("Status fra hver deltaker")
	assert agenda[2].startswith("Oppsummering")
	assert agenda[3].startswith("Eventuelt")
	assert agenda[4] == "Dato for neste møte"
	assert agenda[5] == "Referent for neste møte"


def test_r9_status_item_is_time_boxed_to_3_minutes():
	assert mn.STATUS_ROUND_MINUTES == 3
	assert "(ca. 3 minutter hver)" in mn.STANDING_AGENDA[1]


@pytest.mark.parametrize("meeting_type", [mn.ORDINARY, mn.ANNUAL_REVIEW, mn.CLOSING, None])
def test_r9_every_group_meeting_uses_the_standing_agenda(meeting_type):
	assert mn.standing_agenda(meeting_type) == mn.STANDING_AGENDA


def test_r8_pre_meeting_agenda_reviews_guidelines_and_mandate():
	agenda = mn.standing_agenda(mn.PRE_MEETING)
	assert agenda == mn.PRE_MEETING_AGENDA
	assert any("retningslinjer" in item for item in agenda)
	assert any("mandat" in item for item in agenda)


# R10: topics that do not belong in the group


def test_r10_excluded_topics_are_listed():
	assert mn.EXCLUDED_TOPICS == (
		"Klager på ansatte",
		"Klager på tildeling av ressurser",
		"Opplæring i tiltak",
		"Uenighet mellom instanser",
		"Enkeltvedtak kan ikke fattes i ansvarsgruppen",
	)


def test_r10_excluded_topics_are_all_recognised_by_the_hints():
	assert mn.excluded_topic_hints(list(mn.EXCLUDED_TOPICS)) == list(mn.EXCLUDED_TOPICS)


def test_r10_hints_flag_suspicious_texts_in_any_case():
	texts = [
		"Mor vil KLAGE på vedtaket",
		"Status fra skolen",
		"Opplæring av assistent",
		"",
		None,
		"Uenighet om ansvar mellom NAV og skolen",
		"Søknad om enkeltvedtak om avlastning",
		"Dato for neste møte",
	]
	assert mn.excluded_topic_hints(texts) == [
		"Mor vil KLAGE på vedtaket",
		"Opplæring av assistent",
		"Uenighet om ansvar mellom NAV og skolen",
		"Søknad om enkeltvedtak om avlastning",
	]


def test_r10_standing_agenda_gives_no_hints():
	assert mn.excluded_topic_hints(list(mn.STANDING_AGENDA + mn.PRE_MEETING_AGENDA)) == []
	assert mn.excluded_topic_hints([]) == []


# R12: finish within the deadline


def test_r12_due_date_is_deadline_days_after_the_meeting():
	assert mn.due_date(MEETING, 28) == D(2026, 7, 8)
	assert mn.due_date(D(2028, 2, 10), 28) == D(2028, 3, 9)  # leap year
	assert mn.due_date(MEETING, 0) == MEETING


@pytest.mark.parametrize("status", st.MINUTES_FINAL)
def test_r12_approved_and_distributed_minutes_are_final(status):
	assert mn.is_final(status)


def test_r12_draft_and_invited_are_not_final():
	assert not mn.is_final(st.MINUTES_DRAFT)
	assert not mn.is_final(st.MINUTES_INVITED)
	assert not mn.is_final(None)


def test_r11_missing_part_is_translated_with_the_message():
	norwegian = {
		"The minutes cannot be approved without: {number}. {part}.": (
			"Referatet kan ikke godkjennes uten: {number}. {part}."
		),
		"Conclusion of the meeting": "Konklusjon for møtet",
	}
	problem = next(p for p in mn.missing_parts(minutes(conclusion="")) if p.params["number"] == 6)
	assert (
		problem.format(lambda text: norwegian.get(text, text))
		== "Referatet kan ikke godkjennes uten: 6. Konklusjon for møtet."
	)
