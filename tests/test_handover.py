"""Handing a group over to another municipality (R4, R16, R19), framework-free."""

from ansvarsgruppe.rules import handover
from ansvarsgruppe.rules import status as st


def values(**changes):
	return {
		"status": st.GROUP_ACTIVE,
		"receiving_municipality": "Sandnes kommune",
		"consent_given": True,
		"reason": "Familien flytter til Sandnes",
		**changes,
	}


def rules_of(problems):
	return [problem.rule for problem in problems]


def test_r4_r16_r19_an_open_group_with_consent_and_a_receiver_is_handed_over():
	for status in st.GROUP_OPEN:
		assert handover.handover_problems(values(status=status)) == []


def test_r4_no_handover_without_the_persons_consent():
	assert rules_of(handover.handover_problems(values(consent_given=False))) == ["R4"]
	assert rules_of(handover.handover_problems(values(consent_given=None))) == ["R4"]


def test_r16_r19_the_group_must_be_open_and_the_receiver_and_reason_named():
	assert rules_of(handover.handover_problems(values(status=st.GROUP_CLOSED))) == ["R16"]
	assert rules_of(handover.handover_problems(values(receiving_municipality="  "))) == ["R19"]
	assert rules_of(handover.handover_problems(values(reason=""))) == ["R16"]
