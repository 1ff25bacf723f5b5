"""The family's voice before a meeting (R9, R24), framework-free."""

import datetime

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules import voice

TODAY = datetime.date(2026, 12, 7)


def test_r24_the_family_answers_a_called_meeting_not_yet_held():
	assert voice.answer_problem(st.MINUTES_INVITED, TODAY, TODAY, st.GROUP_ACTIVE) is None
	held = voice.answer_problem(
		st.MINUTES_INVITED, TODAY - datetime.timedelta(days=1), TODAY, st.GROUP_ACTIVE
	)
	assert held.rule == "R9"
	assert voice.answer_problem(st.MINUTES_DRAFT, TODAY, TODAY, st.GROUP_ACTIVE)
	assert voice.answer_problem(st.MINUTES_INVITED, TODAY, TODAY, st.GROUP_CLOSED)


def test_r24_an_answer_says_whether_the_family_comes():
	assert voice.response_problems(voice.COMING, "Mor og far", "") == []
	assert voice.response_problems(voice.NOT_COMING, "", "Vi er bortreist") == []
	assert voice.response_problems(None, "", "")
	assert voice.response_problems("Maybe", "", "")
	assert voice.response_problems(voice.NOT_COMING, "Mor", "")
	assert voice.response_problems(voice.COMING, "", "x" * (voice.MAX_TEXT_LENGTH + 1))


def test_r9_a_proposal_needs_a_title_of_agenda_length():
	assert voice.proposal_problems("Skyss til skolen", "") == []
	assert voice.proposal_problems("  ", "")
	assert voice.proposal_problems("x" * (voice.MAX_TITLE_LENGTH + 1), "")


def test_r24_the_coordinator_takes_in_or_answers_why_not_once():
	assert voice.decision_problems(voice.PROPOSED, voice.TAKEN_IN, "") == []
	assert voice.decision_problems(voice.PROPOSED, voice.NOT_TAKEN_IN, "Tas i eget møte med skolen") == []
	assert voice.decision_problems(voice.PROPOSED, voice.NOT_TAKEN_IN, " ")
	assert voice.decision_problems(voice.PROPOSED, "Later", "")
	assert voice.decision_problems(voice.TAKEN_IN, voice.NOT_TAKEN_IN, "Likevel ikke")
