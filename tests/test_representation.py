"""R1 and R4: who may apply, or sign the consent, for the service user."""

import datetime

import pytest

from ansvarsgruppe.rules import representation as rep

D = datetime.date
TODAY = D(2026, 6, 10)
AGE_LIMIT = 18
BORN_18_TODAY = D(2008, 6, 10)
BORN_18_TOMORROW = D(2008, 6, 11)
CHILD = D(2016, 3, 1)
ADULT = D(1990, 1, 1)

SELF = {"kind": rep.SELF}


def relation(relation_type=rep.PARENT, parental_responsibility=False, guardian=False):
	return {
		"kind": "Relation",
		"relation_type": relation_type,
		"has_parental_responsibility": parental_responsibility,
		"is_guardian": guardian,
	}


PARENT_WITH_RESPONSIBILITY = relation(rep.PARENT, parental_responsibility=True)
PARENT_WITHOUT_RESPONSIBILITY = relation(rep.PARENT, parental_responsibility=False)


def check(act, party, birth_date, on_date=TODAY, age_limit=AGE_LIMIT):
	return rep.representation_problem(act, party, birth_date, on_date, age_limit)


def test_r1_r4_acts_map_to_their_rule():
	assert rep.ACTS["apply"][0] == "R1"
	assert rep.ACTS["sign"][0] == "R4"


def test_r1_adult_applies_for_themselves():
	assert check("apply", SELF, ADULT) is None


def test_r1_user_turning_18_today_may_apply_alone():
	assert check("apply", SELF, BORN_18_TODAY) is None


def test_r1_user_who_is_17_may_not_apply_alone():
	problem = check("apply", SELF, BORN_18_TOMORROW)
	assert problem.rule == "R1"
	assert problem.params == {"age_limit": 18}
	assert problem.format() == (
		"The service user is under 18 and cannot act alone; a parent with parental"
		" responsibility or a guardian must."
	)


def test_r4_child_of_17_signing_for_themselves_is_refused():
	problem = check("sign", SELF, BORN_18_TOMORROW)
	assert problem.rule == "R4"
	assert "under 18" in problem.format()


def test_r4_user_signs_for_themselves_at_18():
	assert check("sign", SELF, BORN_18_TODAY) is None


def test_r4_age_limit_is_a_setting():
	born_16_today = D(2010, 6, 10)
	assert check("sign", SELF, born_16_today, age_limit=16) is None
	problem = check("sign", SELF, born_16_today, age_limit=18)
	assert problem.rule == "R4" and problem.params == {"age_limit": 18}


@pytest.mark.parametrize("act", ["apply", "sign"])
def test_r1_r4_parent_with_parental_responsibility_acts_for_a_child(act):
	assert check(act, PARENT_WITH_RESPONSIBILITY, CHILD) is None
	assert check(act, PARENT_WITH_RESPONSIBILITY, BORN_18_TOMORROW) is None


@pytest.mark.parametrize("act, rule", [("apply", "R1"), ("sign", "R4")])
def test_r1_r4_parent_without_parental_responsibility_is_refused(act, rule):
	problem = check(act, PARENT_WITHOUT_RESPONSIBILITY, CHILD)
	assert problem.rule == rule
	assert problem.params == {"age_limit": 18}
	assert "parent with parental responsibility for a child under 18" in problem.format()


def test_r1_parent_refused_message_names_the_act():
	assert (
		"may apply for an individual plan or a coordinator"
		in check("apply", PARENT_WITHOUT_RESPONSIBILITY, CHILD).format()
	)
	assert "may sign the consent" in check("sign", PARENT_WITHOUT_RESPONSIBILITY, CHILD).format()


@pytest.mark.parametrize("act, rule", [("apply", "R1"), ("sign", "R4")])
def test_r1_r4_parent_for_an_adult_is_refused(act, rule):
	problem = check(act, PARENT_WITH_RESPONSIBILITY, ADULT)
	assert problem.rule == rule
	assert problem.format() == rep.ACTS[act][1].format(age_limit=18)


def test_r1_parent_refused_from_the_18th_birthday():
	assert check("apply", PARENT_WITH_RESPONSIBILITY, BORN_18_TOMORROW) is None
	assert check("apply", PARENT_WITH_RESPONSIBILITY, BORN_18_TODAY).rule == "R1"


@pytest.mark.parametrize("act", ["apply", "sign"])
@pytest.mark.parametrize("birth_date", [CHILD, BORN_18_TODAY, ADULT, None])
def test_r1_r4_guardian_is_always_allowed(act, birth_date):
	assert check(act, relation(rep.GUARDIAN), birth_date) is None
	assert check(act, relation(rep.RELATIVE, guardian=True), birth_date) is None


def test_r1_relative_without_parental_responsibility_is_refused():
	problem = check("apply", relation(rep.RELATIVE), CHILD)
	assert problem.rule == "R1"


@pytest.mark.parametrize("act, rule", [("apply", "R1"), ("sign", "R4")])
@pytest.mark.parametrize("party", [SELF, PARENT_WITH_RESPONSIBILITY])
def test_r1_r4_missing_birth_date_is_refused_unless_guardian(act, rule, party):
	problem = check(act, party, None)
	assert problem.rule == rule
	assert problem.format() == "The service user's birth date is needed to decide who may act for them."
