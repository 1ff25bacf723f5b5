"""R3, R5, R6, R7: who may be a member of a group, and on what terms."""

import datetime

import pytest

from ansvarsgruppe.rules import members as mb
from ansvarsgruppe.rules import status as st

D = datetime.date
TODAY = D(2026, 6, 10)
COVERED = {"School", "Health Station"}
COORDINATOR_USER = "coordinator@example.invalid"


def member(**changes):
	base = {
		"status": st.MEMBER_APPROVED,
		"member_role": mb.PROFESSIONAL,
		"user": "teacher@example.invalid",
		"service_unit": "School",
		"relation": None,
		"mandate_clarified": True,
		"mandate_note": "May agree measures within the unit's budget.",
		"from_date": D(2026, 1, 1),
		"to_date": None,
		"is_permanent": True,
	}
	base.update(changes)
	return base


def coordinator(**changes):
	return member(
		**{
			"member_role": mb.COORDINATOR,
			"user": COORDINATOR_USER,
			"service_unit": "Health Station",
			**changes,
		}
	)


def problems_of(m, covered=COVERED, group_coordinator=COORDINATOR_USER, other_coordinators=()):
	return mb.member_problems(m, covered, group_coordinator, list(other_coordinators))


def rules_and_messages(problems):
	return [(p.rule, p.format()) for p in problems]


def test_r7_approved_professional_from_covered_unit_has_no_problems():
	assert problems_of(member()) == []


# R5: consent coverage


def test_r5_member_from_uncovered_unit_is_refused():
	problems = problems_of(member(service_unit="NAV"))
	assert len(problems) == 1
	assert problems[0].rule == "R5"
	assert problems[0].params == {"unit": "NAV"}
	assert problems[0].format() == (
		"NAV is not covered by the service user's consent in force, so its staff cannot be members of the group."
	)


@pytest.mark.parametrize("status", [st.MEMBER_PROPOSED, st.MEMBER_APPROVED, st.MEMBER_ACTIVE])
def test_r5_uncovered_unit_refused_in_every_open_status(status):
	assert [p.rule for p in problems_of(member(status=status, service_unit="NAV"))] == ["R5"]


def test_r5_member_from_uncovered_unit_allowed_when_ended():
	assert problems_of(member(status=st.MEMBER_ENDED, service_unit="NAV")) == []


def test_r5_no_consent_means_no_professional_member():
	assert [p.rule for p in problems_of(member(), covered=set())] == ["R5"]


def test_r5_family_members_need_no_consent_coverage():
	relative = member(member_role=mb.RELATIVE, user=None, service_unit=None, relation="REL-0001")
	assert problems_of(relative, covered=set()) == []
	user = member(member_role=mb.SERVICE_USER, user=None, service_unit=None)
	assert problems_of(user, covered=set()) == []


# R7: professionals represent a unit, with a clarified mandate


def test_r7_mandate_not_clarified_at_approved_is_refused():
	problems = problems_of(member(mandate_clarified=False))
	assert rules_and_messages(problems) == [
		("R7", "The member must have clarified their mandate with their superior before being approved.")
	]


def test_r7_mandate_not_clarified_at_active_is_refused():
	assert [p.rule for p in problems_of(member(status=st.MEMBER_ACTIVE, mandate_clarified=False))] == ["R7"]


def test_r7_mandate_may_be_unclarified_while_proposed_or_ended():
	assert problems_of(member(status=st.MEMBER_PROPOSED, mandate_clarified=False)) == []
	assert problems_of(member(status=st.MEMBER_ENDED, mandate_clarified=False)) == []


def test_r7_professional_must_be_a_user():
	problems = problems_of(member(user=None))
	assert rules_and_messages(problems) == [("R7", "A professional member must be a user of the system.")]


def test_r7_professional_must_represent_a_unit():
	problems = problems_of(member(service_unit=None))
	assert rules_and_messages(problems) == [("R7", "A professional member must represent a service unit.")]


def test_r4_relative_or_guardian_must_be_a_relation():
	for role in (mb.RELATIVE, mb.GUARDIAN):
		problems = problems_of(member(member_role=role, user=None, service_unit=None, relation=None))
		assert rules_and_messages(problems) == [
			("R4", "A relative or guardian member must be one of the service user's relations.")
		]
		assert problems_of(member(member_role=role, user=None, service_unit=None, relation="REL-1")) == []


# R6: membership period


def test_r6_membership_cannot_end_before_it_starts():
	problems = problems_of(member(from_date=D(2026, 5, 1), to_date=D(2026, 4, 30)))
	assert rules_and_messages(problems) == [("R6", "The membership cannot end before it starts.")]
	assert problems_of(member(from_date=TODAY, to_date=TODAY)) == []


# R3: exactly one coordinator


def test_r3_single_coordinator_has_no_problems():
	assert problems_of(coordinator()) == []


def test_r3_second_coordinator_is_refused():
	problems = problems_of(coordinator(), other_coordinators=["GM-0001", "GM-0002"])
	assert len(problems) == 1
	assert problems[0].rule == "R3"
	assert problems[0].params == {"members": "GM-0001, GM-0002"}
	assert problems[0].format() == "The group already has a coordinator member: GM-0001, GM-0002."


def test_r3_ended_coordinator_does_not_count_against_the_new_one():
	assert problems_of(coordinator(status=st.MEMBER_ENDED), other_coordinators=["GM-0001"]) == []


def test_r3_coordinator_member_must_be_the_groups_coordinator():
	problems = problems_of(coordinator(user="someone@example.invalid"))
	assert rules_and_messages(problems) == [("R3", "The coordinator member must be the group's coordinator.")]


def test_r3_coordinator_member_allowed_when_group_has_no_coordinator_yet():
	assert problems_of(coordinator(), group_coordinator=None) == []


def test_r3_other_coordinators_do_not_affect_professionals():
	assert problems_of(member(), other_coordinators=["GM-0001"]) == []


def test_r5_coordinator_also_needs_consent_coverage():
	assert [p.rule for p in problems_of(coordinator(), covered={"School"})] == ["R5"]


# R5: access


def test_r5_professional_from_covered_unit_has_access():
	assert mb.has_access_on(member(), COVERED, TODAY)
	assert mb.has_access_on(member(status=st.MEMBER_ACTIVE), COVERED, TODAY)


def test_r5_professional_loses_access_when_unit_not_covered():
	assert not mb.has_access_on(member(), {"Health Station"}, TODAY)
	assert not mb.has_access_on(member(), set(), TODAY)


@pytest.mark.parametrize("status", [st.MEMBER_PROPOSED, st.MEMBER_ENDED, None])
def test_r5_only_approved_or_active_members_have_access(status):
	assert not mb.has_access_on(member(status=status), COVERED, TODAY)


def test_r5_access_only_within_membership_period():
	m = member(from_date=TODAY, to_date=D(2026, 6, 30))
	assert mb.has_access_on(m, COVERED, TODAY)
	assert mb.has_access_on(m, COVERED, D(2026, 6, 30))
	assert not mb.has_access_on(m, COVERED, D(2026, 6, 9))
	assert not mb.has_access_on(m, COVERED, D(2026, 7, 1))


def test_r5_family_member_access_does_not_depend_on_consent_units():
	relative = member(member_role=mb.RELATIVE, user="parent@example.invalid", service_unit=None)
	assert mb.has_access_on(relative, set(), TODAY)
	assert not mb.has_access_on({**relative, "status": st.MEMBER_ENDED}, set(), TODAY)


def test_r5_is_professional():
	assert mb.is_professional(member())
	assert mb.is_professional(coordinator())
	assert not mb.is_professional(member(member_role=mb.GUARDIAN))


def test_r6_a_list_of_new_members_names_a_person_twice_or_already_present():
	rows = [
		{"user": "a@x", "member_role": "Professional", "full_name": "Anna"},
		{"user": "a@x", "member_role": "Professional", "full_name": "Anna"},
		{"user": "a@x", "member_role": "Coordinator"},
		{"user": "b@x", "member_role": "Professional", "full_name": "Bo"},
		{"member_role": "Relative", "relation": "r1"},
		{"member_role": "Relative", "relation": "r2"},
	]
	found = mb.batch_problems(rows, {("b@x", "Professional")})
	assert sorted(found) == [1, 3]
	assert [p.rule for p in found[1]] == ["R6"] and found[1][0].params == {"person": "Anna"}
	assert "already" in found[3][0].message
