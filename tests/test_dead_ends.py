"""No dead ends: the guideline's order skipped for a good reason, the reason recorded (R8, R9, R16)."""

import datetime

import pytest

from ansvarsgruppe.rules import escalations as es
from ansvarsgruppe.rules import groups as gr
from ansvarsgruppe.rules import members as me
from ansvarsgruppe.rules import minutes as mi
from ansvarsgruppe.rules import status as st

D = datetime.date
TODAY = D(2026, 3, 1)


def proposed_closing(**changes):
	"""A Proposed group that closes before its first meeting: no established date, no meeting."""
	values = {
		"status": st.GROUP_CLOSED,
		"coordinator": "coordinator@example.invalid",
		"closed_date": TODAY,
		"closing_reason": "",
		"closing_meeting_planned": False,
		"held_meetings": 0,
		**changes,
	}
	return gr.group_problems(values, [], TODAY)


@pytest.mark.parametrize(
	"cause",
	[
		gr.CLOSING_MOVED,
		gr.CLOSING_DIED,
		gr.CLOSING_DECLINED,
		gr.CLOSING_NOT_NEEDED,
		gr.CLOSING_OTHER_COLLABORATION,
	],
)
def test_r16_a_cause_that_says_why_closes_without_a_closing_meeting(cause):
	# The over-enforcement removed: 000 plans closing "i ansvarsgruppemøtene", but a person who dies, moves
	# or says no before the first meeting left a group no one but a System Manager could end.
	assert proposed_closing(closing_cause=cause) == []
	assert gr.is_closing_exception(cause)


def test_r16_other_cause_needs_its_text():
	problems = proposed_closing(closing_cause=gr.CLOSING_OTHER)
	assert [p.format() for p in problems] == ["Closing a group needs the closed date and the reason."]
	assert proposed_closing(closing_cause=gr.CLOSING_OTHER, closing_reason="Barnet er adoptert bort") == []


def test_r16_planned_closing_still_needs_its_closing_meeting_and_reason():
	# 000 "Ansvarlig for at evt. avslutning av ansvarsgruppen planlegges i ansvarsgruppemøtene"
	problems = proposed_closing(closing_cause=gr.CLOSING_PLANNED, closing_reason="Mål nådd")
	assert [p.rule for p in problems] == ["R16"]
	assert "closing meeting" in problems[0].message
	assert proposed_closing(closing_reason="Mål nådd", closing_meeting_planned=True) == []
	assert not gr.is_closing_exception(gr.CLOSING_PLANNED)
	assert not gr.is_closing_exception(None)


def test_r16_a_cause_still_needs_the_closed_date_and_a_known_cause():
	problems = proposed_closing(closing_cause=gr.CLOSING_MOVED, closed_date=None)
	assert [p.format() for p in problems] == ["Closing a group needs the closed date and the reason."]
	problems = proposed_closing(closing_cause="Bored")
	assert [p.format() for p in problems] == ["Unknown closing cause: Bored."]


# R9: a meeting called outside the app


def outside(**changes):
	return {
		"called_outside_on": D(2026, 2, 20),
		"called_outside_how": mi.CALLED_BY_PHONE,
		"called_outside_by": "coordinator@example.invalid",
		**changes,
	}


def test_r9_minutes_of_a_meeting_called_by_phone_can_be_written():
	# The over-enforcement removed: 004 "Møtene innkalles skriftlig", but a meeting the coordinator called by
	# phone or letter still happened; its minutes were impossible without the app's own e-mail.
	assert mi.outside_call_problems(outside(), TODAY) == []
	assert mi.called_outside(outside())
	assert mi.draft_problems(False, mi.called_outside(outside())) == []
	assert mi.draft_problems(True) == []


def test_r9_without_invitation_or_a_recorded_call_the_minutes_wait():
	problems = mi.draft_problems(False, mi.called_outside(outside(called_outside_by=None)))
	assert [p.rule for p in problems] == ["R9"]
	assert "outside the app" in problems[0].message


@pytest.mark.parametrize("missing", mi.OUTSIDE_CALL_FIELDS)
def test_r9_a_call_outside_the_app_is_recorded_whole(missing):
	problems = mi.outside_call_problems(outside(**{missing: None}), TODAY)
	assert [p.format() for p in problems] == [
		"A meeting called outside the app needs the date it was called, how and by whom."
	]
	assert not mi.called_outside(outside(**{missing: None}))


def test_r9_a_call_outside_the_app_is_not_in_the_future_and_names_a_known_way():
	assert [
		p.format() for p in mi.outside_call_problems(outside(called_outside_on=D(2026, 3, 2)), TODAY)
	] == ["The date the meeting was called cannot be in the future."]
	assert [p.format() for p in mi.outside_call_problems(outside(called_outside_how="Pigeon"), TODAY)] == [
		"Unknown way of calling the meeting: Pigeon."
	]
	assert mi.outside_call_problems({}, TODAY) == []


# R8: the pre-meeting as the municipality's choice


def test_r8_pre_meeting_gate_on_by_default_as_in_000():
	# 000 "I forkant av første ansvarsgruppemøte avholdes et formøte for kommunens representanter"
	assert [p.rule for p in mi.call_problems(mi.ORDINARY, False)] == ["R8"]
	approval = mi.approval_problems({"meeting_type": mi.ORDINARY}, False)
	assert any(p.rule == "R8" for p in approval)


def test_r8_pre_meeting_off_as_in_004_lets_the_group_meet_without_one():
	# 004 has no pre-meeting: "Initiativtaker innhenter samtykke og innkaller skriftlig aktuelle medlemmer"
	assert mi.call_problems(mi.ORDINARY, False, pre_meeting_required=False) == []
	approval = mi.approval_problems({"meeting_type": mi.ORDINARY}, False, pre_meeting_required=False)
	assert not any(p.rule == "R8" for p in approval)


def test_r8_a_group_records_why_it_meets_without_the_pre_meeting():
	# The order skipped with its reason: the setting on, one group meets without a pre-meeting and says why.
	assert mi.pre_meeting_required(True, None)
	assert mi.pre_meeting_required(True, "   ")
	assert not mi.pre_meeting_required(True, "Akutt situasjon, alle kommunale parter møtes med familien")
	assert not mi.pre_meeting_required(False, None)


# R17: what the coordinating unit follows up


def test_r17_exceptions_list_the_skipped_steps_with_their_reasons():
	found = gr.group_exceptions(
		{"status": st.GROUP_CLOSED, "closing_cause": gr.CLOSING_MOVED, "no_pre_meeting_reason": "Akutt"},
		[{"meeting_date": "20.02.2026", "called_outside_how": mi.CALLED_BY_LETTER}],
	)
	assert [p.format() for p in found] == [
		"Closed without a closing meeting: Moved",
		"No pre-meeting: Akutt",
		"Meeting 20.02.2026 called outside the app: Letter",
	]
	assert [p.translated_params for p in found] == [("cause",), (), ("how",)]
	planned = {"status": st.GROUP_CLOSED, "closing_cause": gr.CLOSING_PLANNED}
	assert gr.group_exceptions(planned, []) == []
	assert gr.group_exceptions({"status": st.GROUP_ACTIVE, "closing_cause": gr.CLOSING_MOVED}, []) == []


# R11 parts 7 and 8: what was agreed carries over to the next meeting


def test_r11_the_agreed_date_time_and_minute_taker_fill_the_next_meeting():
	# 000 "Avtalt tidspunkt for neste ansvarsgruppemøte", "Avtal referent for neste møtereferat"
	previous = {
		"next_meeting_date": D(2026, 4, 2),
		"next_meeting_time": "09:00:00",
		"next_minute_taker": "laerer@example.invalid",
	}
	assert mi.agreed_for_next_meeting(previous, {}) == {
		"meeting_date": D(2026, 4, 2),
		"minute_taker": "laerer@example.invalid",
		"start_time": "09:00:00",
	}
	# what the user entered stays; the time belongs to the agreed day only
	assert mi.agreed_for_next_meeting(previous, {"meeting_date": D(2026, 4, 9), "minute_taker": "x"}) == {}
	assert mi.agreed_for_next_meeting(None, {}) == {}


def professional(**changes):
	return {
		"status": st.MEMBER_APPROVED,
		"member_role": "Professional",
		"user": "helse@example.invalid",
		"service_unit": "Helsestasjon",
		"mandate_clarified": True,
		"mandate_note": "",
		**changes,
	}


def test_r7_the_mandate_in_writing_is_the_municipality_s_setting():
	# 000 "må på forhånd ha avklart med sin nærmeste overordnede hvilke fullmakter vedkommende har": clarified,
	# not written; the written text is the stricter default, a setting.
	codes = [p.rule for p in me.member_problems(professional(), {"Helsestasjon"}, None, [])]
	assert codes == ["R7"]
	assert me.member_problems(professional(), {"Helsestasjon"}, None, [], mandate_text_required=False) == []
	# the clarification itself stays required whatever the setting
	unclarified = professional(mandate_clarified=False)
	assert [p.rule for p in me.member_problems(unclarified, {"Helsestasjon"}, None, [], False)] == ["R7"]


def test_r9_standing_items_removable_where_the_municipality_chooses():
	# 004 "Møtene skal ha saksliste": an agenda, no standing items; 000 lists the standing items.
	# The stricter routine is the default.
	agenda = [{"title": title} for title in mi.standing_agenda(mi.ORDINARY)[1:]]
	assert [p.rule for p in mi.agenda_problems(mi.ORDINARY, agenda)] == ["R9"]
	assert mi.agenda_problems(mi.ORDINARY, agenda, standing_items_removable=True) == []
	# a not-applicable item still needs its reason
	marked = [{"title": "Eventuelt", "not_applicable": 1}]
	assert [p.rule for p in mi.agenda_problems(mi.ORDINARY, marked, True)] == ["R9"]


def test_r14_the_leader_raised_to_brings_in_the_leaders_of_the_other_units():
	# 000 "Enhetsleder involverer andre enhetsledere og gir tilbakemelding til koordinator".
	leaders = {"Skole": "skole@x", "Helse": "helse@x", "NAV": "nav@x"}
	helse = {"unit_leader": "helse@x", "service_unit": "Helse"}
	assert es.other_leader_problems([], [helse], "skole@x", True, leaders) == []
	# anyone else (the coordinator, a leader already in) adds or removes no leader
	assert [p.rule for p in es.other_leader_problems([], [helse], "skole@x", False, leaders)] == ["R14"]
	assert [p.rule for p in es.other_leader_problems([helse], [], "skole@x", False, leaders)] == ["R14"]
	assert es.other_leader_problems([helse], [helse], "skole@x", False, leaders) == []
	# the leader of the unit named, once, and not the one it is raised to
	wrong = {"unit_leader": "nav@x", "service_unit": "Helse"}
	assert [p.rule for p in es.other_leader_problems([], [wrong], "skole@x", True, leaders)] == ["R14"]
	again = [helse, helse]
	assert len(es.other_leader_problems([], again, "skole@x", True, leaders)) == 1
	raised_to = {"unit_leader": "skole@x", "service_unit": "Skole"}
	assert len(es.other_leader_problems([], [raised_to], "skole@x", True, leaders)) == 1


def test_r6_an_external_professional_needs_no_account_but_a_name_and_an_address():
	# 004 "Medlemmer fra interne og eksterne tjenester": the over-enforcement removed is the account.
	gp = professional(user=None, mandate_note="Fastlegens ansvar", is_external=True)
	assert (
		me.member_problems({**gp, "full_name": "Dr. Lege", "email": "lege@x"}, {"Helsestasjon"}, None, [])
		== []
	)
	assert [p.rule for p in me.member_problems(gp, {"Helsestasjon"}, None, [])] == ["R6"]
	# without the external mark, a professional is still a user of the system
	staff = professional(user=None, mandate_note="Skolens ansvar", full_name="Per", email="per@x")
	assert [p.rule for p in me.member_problems(staff, {"Helsestasjon"}, None, [])] == ["R7"]
	# a coordinator is never external
	coordinator = {**gp, "member_role": "Coordinator", "full_name": "K", "email": "k@x"}
	assert "R7" in [p.rule for p in me.member_problems(coordinator, {"Helsestasjon"}, None, [])]
