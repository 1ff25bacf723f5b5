"""R4 and R5: what a consent must hold, and which partners it covers."""

import datetime

from ansvarsgruppe.rules import consent as cs
from ansvarsgruppe.rules import status as st

D = datetime.date
TODAY = D(2026, 6, 10)
TOMORROW = D(2026, 6, 11)
YESTERDAY = D(2026, 6, 9)


def partner(unit, withdrawn_on=None, reason=None):
	return {"service_unit": unit, "withdrawn_on": withdrawn_on, "withdrawal_reason": reason}


def consent(**changes):
	base = {
		"status": st.CONSENT_ACTIVE,
		"valid_from": D(2026, 1, 1),
		"valid_to": D(2026, 12, 31),
		"withdrawn_on": None,
		"withdrawal_reason": None,
		"signed_date": D(2025, 12, 20),
		"received_by": "employee@example.invalid",
		"reviewed_with_signer": True,
		"reviewed_by": "employee@example.invalid",
		"signed_by_kind": "Service User",
		"partners": [partner("School"), partner("Health Station"), partner("NAV")],
	}
	base.update(changes)
	return base


def rules_and_messages(problems):
	return [(p.rule, p.format()) for p in problems]


# is_in_force / covered_units (R4, R5)


def test_r5_active_consent_covers_its_partners():
	assert cs.is_in_force(consent(), TODAY)
	assert cs.covered_units(consent(), TODAY) == {"School", "Health Station", "NAV"}


def test_r5_no_consent_covers_nobody():
	assert cs.covered_units(None, TODAY) == set()
	assert cs.covered_units({}, TODAY) == set()


def test_r4_consent_in_force_on_valid_from_and_valid_to_day():
	assert cs.is_in_force(consent(), D(2026, 1, 1))
	assert cs.is_in_force(consent(), D(2026, 12, 31))
	assert cs.covered_units(consent(), D(2026, 12, 31)) == {"School", "Health Station", "NAV"}


def test_r4_consent_not_in_force_before_start_or_after_valid_to():
	assert not cs.is_in_force(consent(), D(2025, 12, 31))
	assert cs.covered_units(consent(), D(2027, 1, 1)) == set()


def test_r4_consent_without_end_date_stays_in_force():
	assert cs.is_in_force(consent(valid_to=None), D(2040, 1, 1))


def test_r4_withdrawn_consent_covers_nobody():
	withdrawn = consent(status=st.CONSENT_WITHDRAWN, withdrawn_on=YESTERDAY, withdrawal_reason="Asked")
	assert not cs.is_in_force(withdrawn, TODAY)
	assert cs.covered_units(withdrawn, TODAY) == set()


def test_r4_expired_consent_covers_nobody():
	expired = consent(status=st.CONSENT_EXPIRED)
	assert not cs.is_in_force(expired, TODAY)
	assert cs.covered_units(expired, TODAY) == set()


def test_r4_consent_not_yet_active_covers_nobody():
	for status in (st.CONSENT_REGISTERED, st.CONSENT_SIGNED, None):
		assert cs.covered_units(consent(status=status), TODAY) == set()


def test_r4_withdrawal_dated_today_ends_the_consent_today():
	assert not cs.is_in_force(consent(withdrawn_on=TODAY), TODAY)
	assert cs.is_in_force(consent(withdrawn_on=TOMORROW), TODAY)
	assert not cs.is_in_force(consent(withdrawn_on=TOMORROW), TOMORROW)


def test_r5_partner_withdrawn_today_is_not_covered():
	c = consent(partners=[partner("School"), partner("NAV", withdrawn_on=TODAY, reason="Asked")])
	assert cs.covered_units(c, TODAY) == {"School"}


def test_r5_partner_withdrawn_tomorrow_is_still_covered_today():
	c = consent(partners=[partner("School"), partner("NAV", withdrawn_on=TOMORROW, reason="Asked")])
	assert cs.covered_units(c, TODAY) == {"School", "NAV"}
	assert cs.covered_units(c, TOMORROW) == {"School"}


def test_r5_partner_without_unit_is_ignored():
	c = consent(partners=[partner("School"), partner(None), {}])
	assert cs.covered_units(c, TODAY) == {"School"}


# ended_units (R4 partial withdrawal, R5)


def test_r4_partial_withdrawal_removes_only_that_partner():
	before = consent()
	after = consent(
		partners=[
			partner("School"),
			partner("Health Station"),
			partner("NAV", withdrawn_on=TODAY, reason="x"),
		]
	)
	assert cs.ended_units(before, after, TODAY) == {"NAV"}
	assert cs.covered_units(after, TODAY) == {"School", "Health Station"}


def test_r4_whole_withdrawal_ends_every_unit():
	after = consent(status=st.CONSENT_WITHDRAWN, withdrawn_on=TODAY, withdrawal_reason="Asked")
	assert cs.ended_units(consent(), after, TODAY) == {"School", "Health Station", "NAV"}


def test_r5_ended_units_nothing_when_unchanged_or_added():
	assert cs.ended_units(consent(), consent(), TODAY) == set()
	more = consent(partners=[*consent()["partners"], partner("Kindergarten")])
	assert cs.ended_units(consent(), more, TODAY) == set()


def test_r5_ended_units_when_consent_deleted_or_new():
	assert cs.ended_units(consent(), None, TODAY) == {"School", "Health Station", "NAV"}
	assert cs.ended_units(None, consent(), TODAY) == set()


def test_r5_ended_units_future_partner_withdrawal_ends_nothing_today():
	after = consent(
		partners=[
			partner("School"),
			partner("Health Station"),
			partner("NAV", withdrawn_on=TOMORROW, reason="x"),
		]
	)
	assert cs.ended_units(consent(), after, TODAY) == set()


# consent_problems (R4)


def test_r4_complete_active_consent_has_no_problems():
	assert cs.consent_problems(consent(), TODAY) == []


def test_r4_registered_consent_needs_no_signature_yet():
	c = consent(status=st.CONSENT_REGISTERED, signed_date=None, received_by=None, signed_by_kind=None)
	assert cs.consent_problems(c, TODAY) == []


def test_r4_consent_cannot_end_before_it_starts():
	problems = cs.consent_problems(consent(valid_from=D(2026, 5, 1), valid_to=D(2026, 4, 30)), TODAY)
	assert rules_and_messages(problems) == [("R4", "The consent cannot end before it starts.")]
	assert cs.consent_problems(consent(valid_from=TODAY, valid_to=TODAY), TODAY) == []


def test_r4_signed_date_today_allowed_tomorrow_refused():
	assert cs.consent_problems(consent(signed_date=TODAY), TODAY) == []
	problems = cs.consent_problems(consent(signed_date=TOMORROW), TODAY)
	assert rules_and_messages(problems) == [("R4", "The consent cannot be signed on a date in the future.")]


def test_r4_consent_must_name_a_partner():
	for partners in ([], None):
		problems = cs.consent_problems(consent(partners=partners), TODAY)
		assert rules_and_messages(problems) == [
			("R4", "The consent must name at least one partner (service unit).")
		]


def test_r4_duplicate_partners_are_listed():
	c = consent(partners=[partner("School"), partner("NAV"), partner("School"), partner("NAV")])
	problems = cs.consent_problems(c, TODAY)
	assert len(problems) == 1
	assert problems[0].rule == "R4"
	assert problems[0].params == {"units": "NAV, School"}
	assert problems[0].format() == "A partner is listed more than once: NAV, School."


def test_r4_signed_or_active_consent_needs_signature_details():
	for status in (st.CONSENT_SIGNED, st.CONSENT_ACTIVE):
		c = consent(status=status, signed_date=None, received_by=None, signed_by_kind="")
		assert rules_and_messages(cs.consent_problems(c, TODAY)) == [
			("R4", "A signed consent needs the date it was signed."),
			("R4", "A signed consent needs the employee who received it."),
			("R4", "A signed consent needs to say who signed it."),
		]


def test_r4_withdrawn_consent_needs_date_and_reason():
	c = consent(status=st.CONSENT_WITHDRAWN)
	assert rules_and_messages(cs.consent_problems(c, TODAY)) == [
		("R4", "A withdrawn consent needs the date it was withdrawn.")
	]
	c = consent(status=st.CONSENT_WITHDRAWN, withdrawn_on=TODAY)
	assert rules_and_messages(cs.consent_problems(c, TODAY)) == [("R4", "Give a reason for the withdrawal.")]
	c = consent(status=st.CONSENT_WITHDRAWN, withdrawn_on=TODAY, withdrawal_reason="Asked")
	assert cs.consent_problems(c, TODAY) == []


def test_r4_consent_cannot_be_withdrawn_before_it_starts():
	c = consent(withdrawn_on=D(2025, 12, 31), withdrawal_reason="Asked")
	assert rules_and_messages(cs.consent_problems(c, TODAY)) == [
		("R4", "The consent cannot be withdrawn before it starts.")
	]
	c = consent(withdrawn_on=D(2026, 1, 1), withdrawal_reason="Asked")
	assert cs.consent_problems(c, TODAY) == []


def test_r4_partial_withdrawal_needs_a_reason_per_partner():
	c = consent(partners=[partner("School"), partner("NAV", withdrawn_on=TODAY)])
	problems = cs.consent_problems(c, TODAY)
	assert len(problems) == 1
	assert problems[0].rule == "R4" and problems[0].params == {"unit": "NAV"}
	assert problems[0].format() == "Give a reason for withdrawing the consent for NAV."
	c = consent(partners=[partner("School"), partner("NAV", withdrawn_on=TODAY, reason="Moved")])
	assert cs.consent_problems(c, TODAY) == []
