"""Log-in with ID-porten and consent signed with it (R4): levels of assurance and who has signed."""

import datetime

from ansvarsgruppe.rules import consent as cs
from ansvarsgruppe.rules import idporten as ip
from ansvarsgruppe.rules import status as st


def test_high_meets_high_and_substantial_only_substantial():
	assert ip.meets_level("idporten-loa-high", "idporten-loa-high")
	assert ip.meets_level("idporten-loa-high", "idporten-loa-substantial")
	assert ip.meets_level("idporten-loa-substantial", "idporten-loa-substantial")
	assert not ip.meets_level("idporten-loa-substantial", "idporten-loa-high")


def test_the_required_level_defaults_to_high_and_unknown_levels_meet_nothing():
	assert not ip.meets_level("idporten-loa-substantial", None)
	assert not ip.meets_level("idporten-loa-low", "idporten-loa-substantial")
	assert not ip.meets_level(None, "idporten-loa-substantial")
	assert not ip.meets_level("", "")


def test_idportens_older_level_names_are_read_as_the_new_ones():
	assert ip.meets_level("Level4", "idporten-loa-high")
	assert not ip.meets_level("Level3", "idporten-loa-high")


def test_r4_only_an_idporten_session_at_the_required_level_signs():
	assert ip.signs_digitally({"acr": "idporten-loa-high"}, "idporten-loa-high")
	assert not ip.signs_digitally({"acr": "idporten-loa-substantial"}, "idporten-loa-high")
	assert not ip.signs_digitally(None, "idporten-loa-substantial"), "a password log-in signs nothing"


def test_the_login_identifiers_never_hold_the_identity_number():
	claims = {"sub": "abc", "sid": "s1", "jti": "j1", "pid": "01017012345"}
	assert ip.login_identifiers(claims) == "sub=abc, sid=s1, jti=j1"
	assert ip.login_identifiers({"sub": "abc"}) == "sub=abc"


def signed(**changes):
	base = {
		"status": st.CONSENT_SIGNED,
		"partners": [{"service_unit": "Skole"}],
		"signed_date": datetime.date(2026, 6, 1),
		"received_by": "koordinator@example.no",
		"signed_by_kind": "Relation",
		"reviewed_with_signer": True,
		"reviewed_by": "koordinator@example.no",
	}
	return {**base, **changes}


def test_r4_a_consent_registered_in_the_desk_is_signed_on_paper():
	assert cs.person_has_signed(signed())


def test_r4_a_portal_consent_is_signed_digitally_or_with_the_paper_copy_not_by_a_password():
	today = datetime.date(2026, 6, 10)
	assert cs.person_has_signed(signed(given_in_portal=1, signed_digitally=1))
	assert cs.person_has_signed(signed(given_in_portal=1, signed_copy="/private/files/samtykke.pdf"))
	assert not cs.person_has_signed(signed(given_in_portal=1))
	assert [p.rule for p in cs.consent_problems(signed(given_in_portal=1), today)] == ["R4"]
	assert cs.consent_problems(signed(given_in_portal=1, signed_digitally=1), today) == []
	registered = signed(given_in_portal=1, status=st.CONSENT_REGISTERED)
	assert cs.consent_problems(registered, today) == [], "a registered consent waits for the signature"


def test_r4_a_consent_signed_digitally_needs_no_employee_to_go_through_it():
	# "Husk å gjennomgå samtykkeskjemaet før det signeres" (004) is for the paper form; with ID-porten the
	# person reads the whole form in the portal and signs it there.
	today = datetime.date(2026, 6, 10)
	unreviewed = {"reviewed_with_signer": False, "reviewed_by": None}
	assert cs.consent_problems(signed(given_in_portal=1, signed_digitally=1, **unreviewed), today) == []
	assert [p.rule for p in cs.consent_problems(signed(**unreviewed), today)] == ["R4"]


PEM = (
	"-----BEGIN PRIVATE KEY-----\n"
	+ "\n".join(["A" * 64, "B" * 64, "C" * 10])
	+ "\n-----END PRIVATE KEY-----\n"
)


def test_a_pem_whose_line_breaks_a_password_field_dropped_gets_its_lines_back():
	assert ip.normalise_pem(PEM.replace("\n", " ")) == PEM
	assert ip.normalise_pem(PEM.replace("\n", "")) == PEM
	assert ip.normalise_pem("  " + PEM.replace("\n", "\r\n")) == PEM
	assert ip.normalise_pem(' {"kty": "RSA"} ') == '{"kty": "RSA"}', "a JWK is left as it is"


def test_client_keys_rsa_of_2048_bits_or_more_and_ec_on_nist_curves():
	assert ip.key_problem("RSA", size=2048) is None
	assert ip.key_problem("RSA", size=1024)
	assert ip.key_problem("EC", curve="secp256r1") is None
	assert ip.key_problem("EC", curve="secp256k1")
	assert ip.key_problem("OKP")


def test_client_assertions_live_within_digdirs_limit():
	assert 0 < ip.ASSERTION_SECONDS <= 120


def test_r4_a_signature_rests_on_a_log_in_of_at_most_a_few_minutes():
	now = 1_800_000_000
	assert ip.fresh_enough(now - 60, now)
	assert ip.fresh_enough(str(now - ip.SIGNING_MAX_AGE), now)
	assert not ip.fresh_enough(now - 3600, now)
	assert not ip.fresh_enough(None, now)
	assert not ip.fresh_enough(now + 3600, now), "an auth_time from the future is not trusted"


def test_r4_a_form_opened_after_a_fresh_log_in_may_be_filled_in_before_it_is_signed():
	now = 1_800_000_000
	assert ip.SIGNING_MAX_AGE < ip.SIGNING_WINDOW <= 1800
	assert not ip.fresh_enough(now - 600, now), "the form asks for a new log-in after five minutes"
	assert ip.fresh_enough(now - 600, now, ip.SIGNING_WINDOW), "a form filled in for ten minutes is signed"
	assert not ip.fresh_enough(now - 3600, now, ip.SIGNING_WINDOW)


def test_only_plain_session_ids_are_looked_up():
	assert ip.valid_sid("aB3-_.~x")
	assert not ip.valid_sid("%")
	assert not ip.valid_sid("a' or '1")
	assert not ip.valid_sid("")
	assert not ip.valid_sid(None)
