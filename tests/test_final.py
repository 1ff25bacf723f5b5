"""R4, R11, R16, R18: what may still change in a final record (rules.final)."""

from ansvarsgruppe.rules import final
from ansvarsgruppe.rules import status as st


def minutes(**changes):
	return {
		"status": st.MINUTES_APPROVED,
		"conclusion": "Tiltakene videreføres.",
		"participants": [{"name": "p1", "participant_name": "Per Lærer", "attendance": "Present"}],
		**changes,
	}


def consent(**changes):
	return {
		"status": st.CONSENT_ACTIVE,
		"case_description": "Samordning",
		"withdrawn_on": None,
		"withdrawal_reason": None,
		"partners": [
			{"name": "c1", "service_unit": "Skole", "withdrawn_on": None, "withdrawal_reason": None},
			{"name": "c2", "service_unit": "Helse", "withdrawn_on": None, "withdrawal_reason": None},
		],
		**changes,
	}


def plan(**changes):
	return {
		"status": st.PLAN_APPROVED,
		"own_goals": "Lese bøker",
		"next_revision_date": "2026-12-01",
		"measures": [
			{"name": "m1", "description": "Lesekurs", "status": "Planned", "end_date": None},
		],
		"evaluations": [{"name": "e1", "result": "Bra"}],
		**changes,
	}


def test_r11_approved_minutes_only_move_on_to_distributed():
	assert (
		final.final_change_problem(final.MINUTES, minutes(), minutes(status=st.MINUTES_DISTRIBUTED)) is None
	)
	assert final.changed_fields(final.MINUTES, minutes(), minutes(conclusion="Endret")) == ["conclusion"]
	assert final.changed_fields(final.MINUTES, minutes(), minutes(status=st.MINUTES_DRAFT)) == ["status"]
	changed_row = minutes(
		participants=[{"name": "p1", "participant_name": "Per Lærer", "attendance": "Absent"}]
	)
	assert final.changed_fields(final.MINUTES, minutes(), changed_row) == ["participants.attendance"]
	distributed = minutes(status=st.MINUTES_DISTRIBUTED)
	assert final.changed_fields(final.MINUTES, distributed, minutes(status=st.MINUTES_APPROVED)) == ["status"]
	problem = final.final_change_problem(final.MINUTES, minutes(), minutes(participants=[]))
	assert problem is not None and problem.rule == "R11"


def test_r11_draft_minutes_change_freely():
	draft = minutes(status=st.MINUTES_DRAFT)
	assert final.changed_fields(final.MINUTES, draft, {**draft, "conclusion": "Ny"}) == []


def test_r4_signed_consent_can_only_be_withdrawn_wholly_or_per_partner():
	withdrawn = consent(withdrawn_on="2026-06-10", withdrawal_reason="Trukket", status=st.CONSENT_WITHDRAWN)
	assert final.changed_fields(final.CONSENT, consent(), withdrawn) == []
	partners = consent()["partners"]
	partners[1] = {**partners[1], "withdrawn_on": "2026-06-10", "withdrawal_reason": "Ikke lenger"}
	assert final.changed_fields(final.CONSENT, consent(), consent(partners=partners)) == []
	assert final.changed_fields(final.CONSENT, consent(), consent(case_description="Alt")) == [
		"case_description"
	]
	added = consent(partners=[*consent()["partners"], {"name": "c3", "service_unit": "Barnevern"}])
	assert final.changed_fields(final.CONSENT, consent(), added) == ["partners (added rows)"]
	moved = consent()["partners"]
	moved[0] = {**moved[0], "service_unit": "Barnevern"}
	assert final.changed_fields(final.CONSENT, consent(), consent(partners=moved)) == [
		"partners.service_unit"
	]
	# a withdrawal is a fact: once given it is not rewritten, and a withdrawn consent stays withdrawn
	assert final.changed_fields(final.CONSENT, withdrawn, {**withdrawn, "withdrawn_on": "2026-07-01"}) == [
		"withdrawn_on"
	]
	assert "status" in final.changed_fields(
		final.CONSENT, withdrawn, {**withdrawn, "status": st.CONSENT_ACTIVE}
	)


def test_r4_an_expiring_consent_gets_its_end_date():
	expired = consent(status=st.CONSENT_EXPIRED, valid_to="2026-06-10")
	assert final.changed_fields(final.CONSENT, consent(), expired) == []
	assert final.changed_fields(final.CONSENT, consent(), consent(valid_to="2026-06-10")) == ["valid_to"]


def test_r4_registered_consent_is_not_final():
	registered = consent(status=st.CONSENT_REGISTERED)
	assert final.changed_fields(final.CONSENT, registered, {**registered, "case_description": "Ny"}) == []


def test_r18_approved_plan_is_followed_up_not_rewritten():
	followed = plan(
		next_revision_date="2027-01-01",
		measures=[{"name": "m1", "description": "Lesekurs", "status": "Done", "end_date": "2026-09-01"}],
		evaluations=[{"name": "e1", "result": "Bra"}, {"name": "e2", "result": "Nytt"}],
	)
	assert final.changed_fields(final.PLAN, plan(), followed) == []
	assert final.changed_fields(final.PLAN, plan(), plan(own_goals="Noe annet")) == ["own_goals"]
	rewritten = plan(measures=[{"name": "m1", "description": "Noe annet", "status": "Planned"}])
	assert final.changed_fields(final.PLAN, plan(), rewritten) == ["measures.description"]
	assert final.changed_fields(final.PLAN, plan(), plan(evaluations=[])) == ["evaluations (removed rows)"]


def test_r18_an_approved_plan_is_revised_by_a_new_version_never_in_place_and_a_closed_plan_is_fixed():
	for status in (st.PLAN_UNDER_REVISION, st.PLAN_DRAFT):
		assert final.changed_fields(final.PLAN, plan(), plan(status=status, own_goals="Ny")) == [
			"status",
			"own_goals",
		]
	assert final.changed_fields(final.PLAN, plan(), plan(status=st.PLAN_CLOSED)) == []
	assert final.changed_fields(final.PLAN, plan(), plan(status=st.PLAN_CLOSED, own_goals="Ny")) == [
		"own_goals"
	]
	closed = plan(status=st.PLAN_CLOSED)
	assert final.changed_fields(final.PLAN, closed, {**closed, "next_revision_date": "2027-01-01"}) == [
		"next_revision_date"
	]
	assert final.changed_fields(final.PLAN, closed, {**closed, "status": st.PLAN_DRAFT}) == ["status"]


def test_r16_closed_group_is_read_only_and_final_records_are_kept():
	closed = {"status": st.GROUP_CLOSED, "service_user": "SU-1", "transitions": []}
	assert final.changed_fields(final.GROUP, closed, {**closed, "service_user": "SU-2"}) == ["service_user"]
	assert final.changed_fields(final.GROUP, closed, {**closed, "status": st.GROUP_ACTIVE}) == ["status"]
	assert final.changed_fields(final.GROUP, closed, dict(closed)) == []
	assert final.final_delete_problem(final.GROUP, st.GROUP_CLOSED).rule == "R16"
	assert final.final_delete_problem(final.GROUP, st.GROUP_ACTIVE) is None
	assert final.final_delete_problem(final.MINUTES, st.MINUTES_DISTRIBUTED).rule == "R11"
	assert final.final_delete_problem(final.CONSENT, st.CONSENT_SIGNED).rule == "R4"
	assert final.final_change_problem(final.GROUP, None, closed) is None


def test_r16_a_final_record_takes_no_new_file_and_loses_none():
	assert final.final_attachment_problem(final.GROUP, st.GROUP_CLOSED).rule == "R16"
	assert final.final_attachment_problem(final.GROUP, st.GROUP_ACTIVE) is None
	assert final.final_attachment_problem(final.MINUTES, st.MINUTES_APPROVED).rule == "R11"
	assert final.final_attachment_problem(final.MINUTES, st.MINUTES_DRAFT) is None
	assert final.final_attachment_problem(final.CONSENT, st.CONSENT_SIGNED).rule == "R4"
	assert final.final_attachment_problem(final.CONSENT, st.CONSENT_REGISTERED) is None
	assert final.final_attachment_problem(final.PLAN, st.PLAN_APPROVED).rule == "R18"
	assert final.final_attachment_problem(final.PLAN, st.PLAN_DRAFT) is None
