"""R4/R5: the coordinator is alerted 30 days before a consent ends, and at once when a withdrawal (whole or for
one partner) ends members' access, with the units and the members concerned."""

import datetime

from ansvarsgruppe.rules import alert_conditions
from ansvarsgruppe.rules import consent as co
from ansvarsgruppe.rules import status as st
from tests.alert_files import notification, timing
from tests.test_consent import consent as valid_consent

D = datetime.date
DAY = D(2026, 4, 20)


def consent(**changes):
	"""A consent in force all of 2026 (``test_consent``'s), covering the school and the health unit."""
	partners = [
		{"service_unit": "Skole", "withdrawn_on": None},
		{"service_unit": "Helse", "withdrawn_on": None},
	]
	return valid_consent(**{"partners": partners, **changes})


def test_r4_expiry_alert_30_days_before_valid_to_of_an_active_consent():
	note = notification("Consent Expiring")
	assert timing(note) == ("Days Before", "valid_to", 30)
	assert "doc.status == 'Active'" in note["condition"]
	assert alert_conditions.occasion_date("Days Before", 30, D(2026, 12, 1)) == D(2026, 12, 31)


def test_r5_whole_withdrawal_ends_every_unit_on_its_date():
	withdrawn = consent(withdrawn_on=DAY)
	assert alert_conditions.units_withdrawn_on(withdrawn, DAY) == {"Skole", "Helse"}
	assert alert_conditions.units_withdrawn_on(withdrawn, DAY - datetime.timedelta(days=1)) == set(), (
		"not the day before"
	)
	assert alert_conditions.units_withdrawn_on(withdrawn, DAY + datetime.timedelta(days=1)) == set(), (
		"only once"
	)
	assert alert_conditions.units_withdrawn_on({**withdrawn, "status": st.CONSENT_WITHDRAWN}, DAY) == {
		"Skole",
		"Helse",
	}


def test_r5_partner_withdrawal_ends_only_that_unit():
	partly = consent(partners=[{"service_unit": "Skole", "withdrawn_on": DAY}, {"service_unit": "Helse"}])
	assert alert_conditions.units_withdrawn_on(partly, DAY) == {"Skole"}
	assert co.ended_units(consent(), partly, DAY) == {"Skole"}


def test_r5_expiry_or_an_earlier_withdrawal_is_not_a_new_withdrawal():
	assert (
		alert_conditions.units_withdrawn_on(consent(valid_to=DAY - datetime.timedelta(days=1)), DAY) == set()
	)
	earlier = consent(partners=[{"service_unit": "Skole", "withdrawn_on": DAY - datetime.timedelta(days=3)}])
	assert alert_conditions.units_withdrawn_on({**earlier, "withdrawn_on": DAY}, DAY) == set()
	assert (
		alert_conditions.units_withdrawn_on(consent(status=st.CONSENT_EXPIRED, withdrawn_on=DAY), DAY)
		== set()
	)


def test_r5_members_losing_access_are_the_professionals_of_the_ended_units():
	members = [
		{"name": "MED-1", "member_role": "Professional", "status": st.MEMBER_ACTIVE, "service_unit": "Skole"},
		{"name": "MED-2", "member_role": "Coordinator", "status": st.MEMBER_ACTIVE, "service_unit": "Skole"},
		{"name": "MED-3", "member_role": "Professional", "status": st.MEMBER_ENDED, "service_unit": "Skole"},
		{"name": "MED-4", "member_role": "Professional", "status": st.MEMBER_ACTIVE, "service_unit": "Helse"},
		{"name": "MED-5", "member_role": "Relative", "status": st.MEMBER_ACTIVE, "service_unit": None},
	]
	assert [m["name"] for m in alert_conditions.members_losing_access(members, {"Skole"})] == [
		"MED-1",
		"MED-2",
	]


def test_r5_access_ended_alert_lists_members_by_id_only():
	note = notification("Consent Access Ended")
	assert note["event"] == "Method" and note["method"] == "ansvarsgruppe_consent_access_ended"
	assert "member.name" in note["html"] and "full_name" not in note["html"]
