"""R18, R2, R4: a plan without a group rests on the person's application and consent
(000 "Innvilgelse av koordinator kan utløse ansvarsgruppe som samarbeidsform")."""

from ansvarsgruppe.rules import plan_basis
from ansvarsgruppe.rules import status as st

APPOINTED = {
	"service_user": "SU-1",
	"status": st.APPLICATION_APPOINTED,
	"appointed_coordinator": "kari@example.no",
	"responsibility_group": None,
}


def rules(problems):
	return sorted(p.rule for p in problems)


def test_r18_annen_samarbeidsform_plan_rests_on_the_appointed_coordinator_and_consent():
	assert plan_basis.without_group_problems("SU-1", APPOINTED, "CONSENT-1") == []


def test_r18_plan_without_group_needs_the_persons_application():
	assert rules(plan_basis.without_group_problems("SU-1", None, "CONSENT-1")) == ["R18"]
	assert rules(plan_basis.without_group_problems("SU-2", APPOINTED, "CONSENT-1")) == ["R18"]


def test_r18_a_person_with_a_group_gets_the_plan_from_the_group():
	application = {**APPOINTED, "responsibility_group": "AG-1"}
	assert rules(plan_basis.without_group_problems("SU-1", application, "CONSENT-1")) == ["R18"]


def test_r2_plan_without_group_waits_for_the_coordinator_appointed():
	for application in (
		{**APPOINTED, "status": st.APPLICATION_DECIDED},
		{**APPOINTED, "appointed_coordinator": None},
	):
		assert rules(plan_basis.without_group_problems("SU-1", application, "CONSENT-1")) == ["R2"]


def test_r4_plan_without_group_needs_the_persons_consent_in_force():
	assert rules(plan_basis.without_group_problems("SU-1", APPOINTED, None)) == ["R4"]
