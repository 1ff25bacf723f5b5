"""R9 (meetings are called in writing) and R5: invitees are reminded 2 days before a meeting, but never a
member whose access has ended (ended membership, or a unit the consent no longer covers)."""

import datetime

from ansvarsgruppe.rules import alert_conditions
from ansvarsgruppe.rules import status as st
from tests.alert_files import notification, timing

D = datetime.date
TODAY = D(2026, 5, 4)


def member(email, **changes):
	base = {
		"member_role": "Professional",
		"status": st.MEMBER_ACTIVE,
		"service_unit": "Skole",
		"from_date": D(2026, 1, 1),
		"to_date": None,
		"email": email,
		"user_email": email,
	}
	base.update(changes)
	return base


def test_r9_reminder_goes_to_participants_two_days_before_an_invited_meeting():
	note = notification("Meeting Reminder")
	assert timing(note) == ("Days Before", "meeting_date", 2)
	assert note["condition"] == "doc.status == 'Invited'"
	assert note["recipients"] == [{"receiver_by_document_field": "email,participants"}]
	meeting = TODAY + datetime.timedelta(days=2)
	assert alert_conditions.occasion_date("Days Before", 2, TODAY) == meeting
	assert alert_conditions.occasion_date("Days Before", 2, TODAY - datetime.timedelta(days=1)) != meeting


def test_r5_members_without_access_are_blocked():
	members = [
		member("laerer@example.no"),
		member("sluttet@example.no", status=st.MEMBER_ENDED),
		member("utlopt@example.no", to_date=D(2026, 5, 1)),
		member("barnevern@example.no", service_unit="Barnevern"),
		member("mor@example.no", member_role="Relative", service_unit=None),
	]
	blocked = alert_conditions.blocked_addresses(members, {"Skole"}, TODAY)
	assert blocked == {"sluttet@example.no", "utlopt@example.no", "barnevern@example.no"}


def test_r5_an_address_with_access_through_another_membership_or_the_coordinator_is_kept():
	members = [
		member("Per@Example.no", status=st.MEMBER_ENDED),
		member("per@example.no"),
		member("koordinator@example.no", service_unit="Barnevern"),
	]
	assert (
		alert_conditions.blocked_addresses(members, {"Skole"}, TODAY, keep=("koordinator@example.no",))
		== set()
	)


def test_recipient_list_keeps_order_and_drops_blanks_duplicates_and_blocked():
	addresses = ["a@example.no", "", None, "B@example.no", "a@example.no", " c@example.no ", "b@example.no"]
	assert alert_conditions.recipient_list(addresses, blocked={"c@example.no"}) == [
		"a@example.no",
		"B@example.no",
	]
