"""R1/R4 for the family portal: who may be invited for whom."""

import datetime

from ansvarsgruppe.rules.portal import invitation_problem

TODAY = datetime.date(2026, 11, 23)


def invite(party, birth, age_limit=18, portal_age=16):
	return invitation_problem(party, birth, TODAY, age_limit, portal_age)


def test_r4_service_user_invited_from_portal_age():
	me = {"kind": "Service User", "email": "me@example.no"}
	assert invite(me, datetime.date(2010, 11, 23)) is None  # 16 today
	problem = invite(me, datetime.date(2010, 11, 24))
	assert problem.rule == "R4" and problem.params == {"age": 16}


def test_r4_parent_with_responsibility_only_while_child_is_minor():
	parent = {"kind": "Relation", "has_parental_responsibility": 1, "email": "p@example.no"}
	assert invite(parent, datetime.date(2015, 1, 1)) is None
	assert invite(parent, datetime.date(2008, 11, 23)) is not None  # 18 today


def test_r4_parent_without_responsibility_and_relatives_refused():
	assert invite(
		{"kind": "Relation", "has_parental_responsibility": 0, "email": "p@x.no"}, datetime.date(2015, 1, 1)
	)
	assert invite(
		{"kind": "Relation", "relation_type": "Relative", "email": "r@x.no"}, datetime.date(2015, 1, 1)
	)


def test_r4_guardian_always_and_email_required():
	assert (
		invite({"kind": "Relation", "is_guardian": 1, "email": "g@x.no"}, datetime.date(1960, 1, 1)) is None
	)
	problem = invite({"kind": "Relation", "is_guardian": 1, "email": ""}, datetime.date(1960, 1, 1))
	assert "e-mail" in problem.message
