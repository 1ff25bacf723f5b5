"""The guideline to the letter: the rules of 000 and 004 that held only in part, as pure rules."""

import datetime

from ansvarsgruppe.rules import alert_conditions, applications, consent, groups, members, minutes, transitions
from ansvarsgruppe.rules import status as st
from tests.alert_files import notification, timing

D = datetime.date
TODAY = D(2026, 6, 10)


def rules(problems):
	return [p.rule for p in problems]


# R8: the pre-meeting


def test_r8_no_group_meeting_is_called_before_the_pre_meeting_was_held():
	assert rules(minutes.call_problems(minutes.ORDINARY, pre_meeting_held=False)) == ["R8"]
	assert minutes.call_problems(minutes.ORDINARY, pre_meeting_held=True) == []
	assert minutes.call_problems(minutes.PRE_MEETING, pre_meeting_held=False) == []


def test_r8_a_pre_meeting_only_called_is_not_held():
	present = [{"attendance": minutes.PRESENT}]
	assert not minutes.is_held({"status": st.MINUTES_INVITED, "participants": present})
	assert not minutes.is_held({"status": st.MINUTES_DRAFT, "participants": [{"attendance": ""}]})
	assert minutes.is_held({"status": st.MINUTES_DRAFT, "participants": present})


def test_r8_pre_meeting_is_for_municipal_representatives_only():
	values = {
		"meeting_type": minutes.PRE_MEETING,
		"status": st.MINUTES_INVITED,
		"participants": [
			{"participant_name": "Kari", "municipal": True},
			{"participant_name": "BUP", "municipal": False},
		],
	}
	problems = minutes.pre_meeting_problems(values, "Mandat")
	assert rules(problems) == ["R8"] and "BUP" in problems[0].params["names"]
	values["participants"] = values["participants"][:1]
	assert minutes.pre_meeting_problems(values, "Mandat") == []


def test_r8_pre_meeting_minutes_record_the_review_and_the_group_has_a_mandate():
	values = {"meeting_type": minutes.PRE_MEETING, "status": st.MINUTES_APPROVED, "participants": []}
	assert rules(minutes.pre_meeting_problems(values, "")) == ["R8", "R8"]
	reviewed = {**values, "guidelines_reviewed": True, "mandate_reviewed": True}
	assert minutes.pre_meeting_problems(reviewed, "Samordne tjenestene.") == []
	assert rules(minutes.pre_meeting_problems({**reviewed, "mandate_reviewed": False}, "M")) == ["R8"]


def test_r8_the_mandate_stays_once_the_pre_meeting_was_held():
	group = {
		"status": st.GROUP_APPROVED,
		"coordinator": "k",
		"responsible_unit": "u",
		"consent_in_force": True,
	}
	assert "R8" in rules(groups.group_problems({**group, "pre_meeting_held": True, "mandate": ""}, [], TODAY))
	assert groups.group_problems({**group, "pre_meeting_held": True, "mandate": "M"}, [], TODAY) == []


# R9: the invitation and the standing agenda


def test_r9_minutes_are_written_only_after_the_invitation_was_sent():
	assert rules(minutes.draft_problems(invitation_sent=False)) == ["R9"]
	assert minutes.draft_problems(invitation_sent=True) == []


def test_r9_standing_items_stay_and_are_marked_not_applicable_with_a_reason():
	agenda = [{"title": title} for title in minutes.STANDING_AGENDA]
	assert minutes.agenda_problems(minutes.ORDINARY, agenda) == []
	assert rules(minutes.agenda_problems(minutes.ORDINARY, agenda[1:])) == ["R9"]
	agenda[3].update(not_applicable=1)
	assert rules(minutes.agenda_problems(minutes.ORDINARY, agenda)) == ["R9"]
	agenda[3].update(not_applicable_reason="Ingen tid")
	assert minutes.agenda_problems(minutes.ORDINARY, agenda) == []


def test_r9_annual_review_gets_an_evaluation_item_and_closing_a_closing_item():
	assert minutes.ANNUAL_REVIEW_ITEM in minutes.standing_agenda(minutes.ANNUAL_REVIEW)
	assert minutes.CLOSING_ITEM in minutes.standing_agenda(minutes.CLOSING)
	assert minutes.ANNUAL_REVIEW_ITEM not in minutes.standing_agenda(minutes.ORDINARY)
	agenda = [{"title": t} for t in minutes.STANDING_AGENDA]
	assert rules(minutes.agenda_problems(minutes.ANNUAL_REVIEW, agenda)) == ["R9"]


def test_r11_a_not_applicable_item_counts_as_reported():
	agenda = [{"title": "Eventuelt", "not_applicable": 1, "not_applicable_reason": "Ingen saker"}]
	values = {"agenda": agenda, "participants": [{"attendance": "Present"}]}
	assert minutes.MINUTES_PARTS[4] not in [p.params["part"] for p in minutes.missing_parts(values)]


# R10: topics that do not belong in the group, as the routine lists them


def test_r10_the_routines_list_and_its_remedies():
	assert "manglende oppfølging" in minutes.EXCLUDED_TOPICS[0]
	assert "veiledning" in minutes.EXCLUDED_TOPICS[2]
	assert "Uklarheter" in minutes.EXCLUDED_TOPICS[3]
	remedies = minutes.EXCLUDED_TOPIC_REMEDIES
	assert remedies[minutes.EXCLUDED_TOPICS[0]] == "Tas opp direkte med vedkommende, eventuelt leder"
	assert remedies[minutes.EXCLUDED_TOPICS[1]] == "Følger ordinær klageadgang"
	assert remedies[minutes.EXCLUDED_TOPICS[2]] == "Skal foregå i egne samarbeidsmøter"
	assert remedies[minutes.EXCLUDED_TOPICS[3]] == "Må avklares i egne samarbeidsmøter"


def test_r10_every_word_form_is_recognised():
	texts = [
		"Mor uttrykte misnøye med assistenten",
		"Klagen på avlastningen",
		"Vedtaket om BPA",
		"Veiledning av miljøarbeider",
		"Uenigheter om ansvar",
		"Uklarhet om hvem som betaler",
		"Opplæringen av assistenten",
	]
	assert minutes.excluded_topic_hints(texts) == texts
	assert minutes.excluded_topic_hints(["Status fra skolen", "Neste møte"]) == []


# R11: the minutes


def test_r11_minutes_of_a_meeting_in_the_future_are_not_approved():
	future = {"meeting_type": minutes.PRE_MEETING, "meeting_date": TODAY + datetime.timedelta(days=1)}
	assert "R11" in rules(minutes.approval_problems(future, True, TODAY))
	past = {**future, "meeting_date": TODAY}
	assert not any("not yet taken place" in p.message for p in minutes.approval_problems(past, True, TODAY))


def test_r11_a_distribution_row_needs_an_address():
	rows = [{"recipient_name": "Arkivet"}, {"recipient_name": "Kari", "email": "k@example.no"}]
	problems = minutes.distribution_problems(rows)
	assert rules(problems) == ["R11"] and problems[0].params["name"] == "Arkivet"
	assert minutes.distribution_problems([{"recipient_name": "Per", "user": "per@example.no"}]) == []


def test_r11_previous_minutes_approved_with_comments_or_not_approved_needs_the_comments():
	for result in (minutes.PREVIOUS_WITH_COMMENTS, minutes.PREVIOUS_NOT_APPROVED):
		assert rules(minutes.previous_minutes_problems({"previous_minutes_result": result})) == ["R11"]
		assert (
			minutes.previous_minutes_problems(
				{"previous_minutes_result": result, "previous_minutes_comments": "Punkt 3 rettes."}
			)
			== []
		)
	assert minutes.previous_minutes_problems({"previous_minutes_result": minutes.PREVIOUS_APPROVED}) == []
	values = {"previous_minutes_exist": True, "previous_minutes_result": minutes.PREVIOUS_NOT_APPROVED}
	assert minutes.MINUTES_PARTS[3] not in [p.params["part"] for p in minutes.missing_parts(values)]


# R12: the reminder follows the deadline setting


def test_r12_reminder_is_derived_from_the_deadline_and_comes_before_the_due_date():
	meeting = D(2026, 3, 2)
	assert minutes.reminder_date(meeting, 28) == meeting + datetime.timedelta(days=21)
	assert minutes.reminder_date(meeting, 14) == meeting + datetime.timedelta(days=7)
	for days in (2, 5, 8, 14, 28, 60):
		assert meeting < minutes.reminder_date(meeting, days) < minutes.due_date(meeting, days)
	assert minutes.reminder_date(meeting, 1) is None
	assert notification("Minutes Not Approved")["date_changed"] == "approval_reminder_date"


# R2: who appoints, whom, and what appointment sets up


def test_r2_only_the_responsible_units_leader_appoints():
	assert rules(applications.appointer_problems("other@x", "leader@x", unrestricted=False)) == ["R2"]
	assert applications.appointer_problems("leader@x", "leader@x", unrestricted=False) == []
	assert applications.appointer_problems("admin", "leader@x", unrestricted=True) == []


def appointed(**changes):
	return {
		"status": st.APPLICATION_APPOINTED,
		"date_received": D(2026, 5, 1),
		"decision_date": D(2026, 5, 10),
		"responsible_unit": "Skole",
		"appointed_coordinator": "k@x",
		"coordinator_unit": "Skole",
		"collaboration_form": applications.GROUP_FORM,
		**changes,
	}


def test_r2_coordinator_belongs_to_the_responsible_unit_or_the_leader_records_why_not():
	assert applications.application_problems(appointed(), TODAY) == []
	assert rules(applications.application_problems(appointed(coordinator_unit=None), TODAY)) == ["R2"]
	assert rules(applications.application_problems(appointed(coordinator_unit="PPT"), TODAY)) == ["R2"]
	why = appointed(coordinator_unit="PPT", coordinator_unit_reason="Kjenner familien best")
	assert applications.application_problems(why, TODAY) == []


def test_r2_appointment_records_whether_a_group_or_another_collaboration_is_chosen():
	assert rules(applications.application_problems(appointed(collaboration_form=None), TODAY)) == ["R2"]
	other = appointed(collaboration_form=applications.OTHER_FORM)
	assert rules(applications.application_problems(other, TODAY)) == ["R2"]
	other["collaboration_reason"] = "Etablerte samarbeidsmøter på skolen er nok"
	assert applications.application_problems(other, TODAY) == []


# R3: one coordinator member, always the group's coordinator


def test_r3_a_new_coordinator_ends_the_old_membership_and_becomes_the_coordinator_member():
	current = [
		{"name": "M1", "user": "old@x", "member_role": "Coordinator"},
		{"name": "M2", "user": "new@x", "member_role": "Professional"},
	]
	assert groups.coordinator_members_after_change(current, "new@x") == (["M1"], "M2", False)
	assert groups.coordinator_members_after_change(current[:1], "new@x") == (["M1"], None, True)
	assert groups.coordinator_members_after_change(current[:1], "old@x") == ([], None, False)


# R15: transitions planned, started, done, and a missed date


def test_r15_transition_stage_is_planned_started_or_done():
	assert transitions.stage({}) == transitions.PLANNED
	assert transitions.stage({"started": 1}) == transitions.STARTED
	assert transitions.stage({"started": 1, "done": 1}) == transitions.DONE
	assert transitions.fill_stage_dates({"done": 1}, TODAY) == {
		"started": 1,
		"started_date": TODAY,
		"done_date": TODAY,
	}
	assert rules(
		transitions.transition_problems(
			[
				{
					"from_service": "A",
					"to_service": "B",
					"planned_date": TODAY,
					"responsible": "k",
					"started_date": TODAY,
					"done_date": TODAY - datetime.timedelta(days=1),
				}
			]
		)
	) == ["R15"]


def test_r15_a_missed_transition_is_told_the_day_after_its_date_once():
	row = {"planned_date": TODAY - datetime.timedelta(days=1), "done": 0}
	assert transitions.missed_occasion(row, TODAY) == row["planned_date"]
	assert transitions.missed_occasion({**row, "done": 1}, TODAY) is None
	assert transitions.missed_occasion({"planned_date": TODAY}, TODAY) is None
	note = notification("Transition Date Missed")
	assert timing(note) == ("Days After", "planned_date", 1)
	assert note["condition"] == "not doc.done"
	recipients = note["recipients"]
	assert {"receiver_by_document_field": "responsible"} in recipients
	assert any("coordinator" in (r.get("cc") or "") for r in recipients)


# R16: KE's notices go to the KE role and KE's e-mail address


def test_r16_ke_notices_go_to_the_role_and_the_address_in_the_settings():
	for name in ("Coordinator Appointed", "Group Established", "Group Closed"):
		recipients = notification(name)["recipients"]
		assert {"receiver_by_role": "Coordinating Unit"} in recipients, name
		assert any("coordinating_unit_email" in (r.get("cc") or "") for r in recipients), name


# "Den består av bruker, event. brukers pårørende/verge og ulike fagpersoner" (000)


def test_group_becomes_active_only_with_the_person_or_someone_acting_for_them_or_a_reason():
	group = {
		"status": st.GROUP_ACTIVE,
		"coordinator": "k",
		"responsible_unit": "u",
		"consent_in_force": True,
		"held_meetings": 1,
		"established_date": TODAY,
		"person_members": 0,
	}
	assert rules(groups.group_problems(group, [], TODAY)) == ["R6"]
	assert groups.group_problems({**group, "person_members": 1}, [], TODAY) == []
	declines = {**group, "no_person_member_reason": "Personen ønsker ikke å delta"}
	assert groups.group_problems(declines, [], TODAY) == []


# "Ansvarsgruppen har ansvar for at det utarbeides individuell plan dersom bruker har søkt om IP" (000)


def test_ip_applied_for_and_not_approved_in_time_alerts_once_after_the_deadline():
	group = {"status": st.GROUP_ACTIVE, "has_individual_plan": 1, "established_date": D(2026, 1, 10)}
	assert alert_conditions.plan_missing_occasion(group, False, D(2026, 4, 10), 3) is None
	assert alert_conditions.plan_missing_occasion(group, False, D(2026, 4, 11), 3) == D(2026, 4, 10)
	assert alert_conditions.plan_missing_occasion(group, True, D(2026, 5, 1), 3) is None
	assert (
		alert_conditions.plan_missing_occasion({**group, "has_individual_plan": 0}, False, TODAY, 3) is None
	)
	closed = {**group, "status": st.GROUP_CLOSED}
	assert alert_conditions.plan_missing_occasion(closed, False, TODAY, 3) is None
	note = notification("Individual Plan Not Made")
	assert note["method"] == "ansvarsgruppe_plan_not_made"
	assert note["recipients"] == [{"receiver_by_document_field": "coordinator"}]


# Mandate on the papers (000 "Fullmakt")


def test_r7_the_mandate_is_written_down_not_only_ticked():
	member = {
		"status": st.MEMBER_APPROVED,
		"member_role": "Professional",
		"user": "u",
		"service_unit": "Skole",
		"mandate_clarified": True,
	}
	assert rules(members.member_problems(member, {"Skole"}, None, [])) == ["R7"]
	member["mandate_note"] = "Kan avtale tiltak innenfor skolens budsjett."
	assert members.member_problems(member, {"Skole"}, None, []) == []


# "Husk å gjennomgå samtykkeskjemaet før det signeres" (004)


def test_r4_consent_is_gone_through_with_the_signer_before_it_is_signed():
	signed = {
		"status": st.CONSENT_SIGNED,
		"signed_date": TODAY,
		"received_by": "e",
		"signed_by_kind": "Service User",
		"partners": [{"service_unit": "Skole"}],
	}
	assert rules(consent.consent_problems(signed, TODAY)) == ["R4"]
	assert rules(consent.consent_problems({**signed, "reviewed_with_signer": True}, TODAY)) == ["R4"]
	reviewed = {**signed, "reviewed_with_signer": True, "reviewed_by": "e"}
	assert consent.consent_problems(reviewed, TODAY) == []
	assert consent.consent_problems({**signed, "status": st.CONSENT_REGISTERED}, TODAY) == []
