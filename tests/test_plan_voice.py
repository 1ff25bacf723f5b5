"""The plan as the person's own (R18, R24): proposals to a draft plan, the coordinator's answers, the
person's agreement to the plan as it stands, and the areas of life."""

from ansvarsgruppe.rules import plan_voice as pv


def codes(problems):
	return [p.rule for p in problems]


def test_r24_goals_and_comments_are_proposed_to_a_draft_or_revised_plan_only():
	assert pv.proposal_problems("Goal", "Jeg vil bo for meg selv", "Housing", "Draft") == []
	assert pv.proposal_problems("Comment", "Mer tid til trening", None, "Under Revision") == []
	for status in ("Approved", "Closed"):
		assert codes(pv.proposal_problems("Goal", "Et mål", None, status)) == ["R24"]
	assert codes(pv.proposal_problems("Goal", "Et mål", None, "Draft", group_closed=True)) == ["R24"]


def test_r24_a_proposal_says_something_of_a_known_kind():
	assert codes(pv.proposal_problems("Goal", "  ", None, "Draft")) == ["R24"]
	assert codes(pv.proposal_problems("Wish", "Et mål", None, "Draft")) == ["R24"]
	assert codes(pv.proposal_problems("Comment", "x" * (pv.MAX_TEXT_LENGTH + 1), None, "Draft")) == ["R24"]


def test_r18_a_goal_belongs_to_one_of_the_areas_of_life():
	assert len(pv.LIFE_AREAS) == 8 and "Other" in pv.LIFE_AREAS
	assert codes(pv.proposal_problems("Goal", "Et mål", "Astrology", "Draft")) == ["R18"]
	assert codes(pv.proposal_problems("Comment", "En kommentar", "Health", "Draft")) == ["R18"]


def test_r24_the_coordinator_answers_each_proposal_once_and_says_why_not():
	assert pv.decision_problems("Goal", "Proposed", "Taken in", None) == []
	assert codes(pv.decision_problems("Goal", "Proposed", "Not taken in", " ")) == ["R24"]
	assert pv.decision_problems("Goal", "Proposed", "Not taken in", "Det dekkes av mål M1") == []
	assert codes(pv.decision_problems("Goal", "Proposed", "Answered", "Svar")) == ["R24"]
	assert codes(pv.decision_problems("Comment", "Proposed", "Taken in", None)) == ["R24"]
	assert codes(pv.decision_problems("Comment", "Proposed", "Answered", "")) == ["R24"]
	assert pv.decision_problems("Comment", "Proposed", "Answered", "Takk, vi tar det opp") == []
	assert codes(pv.decision_problems("Goal", "Taken in", "Not taken in", "Likevel ikke")) == ["R24"]


def test_r24_the_agreement_is_to_the_plan_as_it_stands():
	plan = {
		"own_goals": "Jeg vil spille fotball",
		"plan_from": "2026-01-01",
		"goals": [{"goal_id": "M1", "goal": "Fotball", "is_persons_own_goal": 1, "life_area": "Leisure"}],
		"measures": [{"measure_id": "T1", "goal_id": "M1", "description": "Støttekontakt"}],
	}
	agreed = pv.plan_digest(plan)
	assert pv.agreement_holds(True, agreed, pv.plan_digest(dict(plan)))
	assert not pv.agreement_holds(False, agreed, agreed)
	changed = {**plan, "goals": [{**plan["goals"][0], "goal": "Håndball"}]}
	assert not pv.agreement_holds(True, agreed, pv.plan_digest(changed))
	moved = {**plan, "measures": [{**plan["measures"][0], "responsible_person": "a@b.no"}]}
	assert not pv.agreement_holds(True, agreed, pv.plan_digest(moved))


def test_r24_a_plan_is_approved_with_the_persons_agreement_or_the_reason_why_not():
	assert pv.approval_problem(True, None) is None
	assert pv.approval_problem(False, "Personen ønsket ikke å ta stilling nå") is None
	assert pv.approval_problem(False, "  ").rule == "R24"
