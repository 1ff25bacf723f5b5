"""The shipped alerts, rule by rule: each Notification's settings (read from its files) and the pure
conditions the daily run evaluates, so an alert fires on the right day, once, to the right people.

The daily run evaluates a date-based alert's condition on the candidates' columns when the condition
reads the document only as ``doc.<column>``; anything else falls back to the whole document."""

import datetime

import pytest

from ansvarsgruppe.rules import alert_conditions
from ansvarsgruppe.rules import consent as co
from ansvarsgruppe.rules import groups as gr
from ansvarsgruppe.rules import minutes as mi
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules import transitions as tr
from ansvarsgruppe.rules.alert_conditions import condition_fields
from tests.alert_files import notification

D = datetime.date

COLUMNS = {"name", "status", "done", "withdrawn_on", "meeting_date", "group"}


def test_no_condition_needs_no_column():
	assert condition_fields(None, COLUMNS) == []
	assert condition_fields("  ", COLUMNS) == []


def test_the_columns_a_simple_condition_reads_in_order():
	assert condition_fields("doc.status == 'Invited'", COLUMNS) == ["status"]
	assert condition_fields("doc.status == 'Active' and not doc.withdrawn_on", COLUMNS) == [
		"status",
		"withdrawn_on",
	]
	assert condition_fields("doc.status in ('Invited', 'Draft') or doc.status == 'x'", COLUMNS) == ["status"]
	assert condition_fields("doc.get('done') != 1 and doc.get('status', 'Draft')", COLUMNS) == [
		"done",
		"status",
	]
	assert condition_fields("doc.meeting_date > frappe.utils.getdate(nowdate())", COLUMNS) == ["meeting_date"]


def test_anything_beyond_columns_needs_the_whole_document():
	for condition in (
		"doc.participants",  # a child table (not a column)
		"len(doc.get('participants')) > 1",
		"doc.is_new()",
		"doc.get_formatted('status')",
		"doc",
		"frappe.utils.cstr(doc)",
		"doc['status'] == 'x'",
		"doc.get(field)",
		"doc.get('status', default='x')",
		"doc.status ==",  # not Python
	):
		assert condition_fields(condition, COLUMNS) is None, condition


def test_the_shipped_date_alerts_conditions_read_columns_only():
	"""Every shipped "Days Before"/"Days After" alert is evaluated on the candidates' columns (no loading)."""
	cases = {
		"annual_review_due": ["status"],
		"annual_review_overdue": ["status"],
		"consent_expiring": ["status", "withdrawn_on"],
		"meeting_reminder": ["status"],
		"minutes_not_approved": ["status"],
		"minutes_overdue": ["status"],
		"transition_in_14_days": ["done"],
		"transition_in_60_days": ["done"],
	}
	for name, fields in cases.items():
		alert = notification(name)
		assert alert["event"] in ("Days Before", "Days After"), name
		assert condition_fields(alert["condition"], COLUMNS) == fields, name


def test_the_answer_on_the_columns_is_the_answer_on_the_document():
	class Doc(dict):
		__getattr__ = dict.get

	row = Doc(name="M-1", status="Draft", withdrawn_on=None, done=0, meeting_date=datetime.date(2026, 1, 2))
	for condition in ("doc.status in ('Invited', 'Draft')", "not doc.done", "doc.status == 'Active'"):
		fields = condition_fields(condition, COLUMNS)
		only = Doc({f: row[f] for f in fields})
		assert eval(condition, {}, {"doc": only}) == eval(condition, {}, {"doc": row}), condition


# Applications waiting past the answer deadline -----------------------------------------------------------
# R2: KE is alerted once when an application has waited longer than the answer deadline without a decision.

RECEIVED = D(2026, 2, 1)


def application(**changes):
	return {"status": st.APPLICATION_RECEIVED, "date_received": RECEIVED, **changes}


def test_r2_occasion_is_the_first_day_after_the_deadline():
	first = RECEIVED + datetime.timedelta(days=31)
	assert (
		alert_conditions.answer_overdue_occasion(application(), first - datetime.timedelta(days=1), 30)
		is None
	)
	assert alert_conditions.answer_overdue_occasion(application(), first, 30) == first
	assert (
		alert_conditions.answer_overdue_occasion(application(), first + datetime.timedelta(days=9), 30)
		== first
	), "a missed day is caught up with the same occasion, so it is never sent twice"


def test_r2_decided_applications_are_not_alerted():
	late = RECEIVED + datetime.timedelta(days=60)
	for status in (st.APPLICATION_DECIDED, st.APPLICATION_REJECTED, st.APPLICATION_APPOINTED):
		assert alert_conditions.answer_overdue_occasion(application(status=status), late, 30) is None


def test_r2_alert_goes_to_ke_by_role_and_e_mail():
	note = notification("IP Application Not Answered")
	assert note["event"] == "Method" and note["condition"] == "doc.status == 'Received'"
	assert {"receiver_by_role": "Coordinating Unit"} in note["recipients"]
	assert any("coordinating_unit_email" in (r.get("cc") or "") for r in note["recipients"])
	assert "application_answer_days" in note["html"]


# Consents ending or withdrawn ----------------------------------------------------------------------------
# R4/R5: the coordinator is alerted 30 days before a consent ends, and at once when a withdrawal (whole or for
# one partner) ends members' access, with the units and the members concerned.

DAY = D(2026, 4, 20)


def consent(**changes):
	base = {
		"status": st.CONSENT_ACTIVE,
		"valid_from": D(2026, 1, 1),
		"valid_to": D(2026, 12, 31),
		"withdrawn_on": None,
		"partners": [
			{"service_unit": "Skole", "withdrawn_on": None},
			{"service_unit": "Helse", "withdrawn_on": None},
		],
	}
	base.update(changes)
	return base


def test_r4_expiry_alert_30_days_before_valid_to_of_an_active_consent():
	note = notification("Consent Expiring")
	assert (note["event"], note["date_changed"], note["days_in_advance"]) == ("Days Before", "valid_to", 30)
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


# Meeting reminders ---------------------------------------------------------------------------------------
# R9 (meetings are called in writing) and R5: invitees are reminded 2 days before a meeting, but never a
# member whose access has ended (ended membership, or a unit the consent no longer covers).

REMINDER_DAY = D(2026, 5, 4)


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
	assert (note["event"], note["date_changed"], note["days_in_advance"]) == (
		"Days Before",
		"meeting_date",
		2,
	)
	assert note["condition"] == "doc.status == 'Invited'"
	assert note["recipients"] == [{"receiver_by_document_field": "email,participants"}]
	meeting = REMINDER_DAY + datetime.timedelta(days=2)
	assert alert_conditions.occasion_date("Days Before", 2, REMINDER_DAY) == meeting
	assert (
		alert_conditions.occasion_date("Days Before", 2, REMINDER_DAY - datetime.timedelta(days=1)) != meeting
	)


def test_r5_members_without_access_are_blocked():
	members = [
		member("laerer@example.no"),
		member("sluttet@example.no", status=st.MEMBER_ENDED),
		member("utlopt@example.no", to_date=D(2026, 5, 1)),
		member("barnevern@example.no", service_unit="Barnevern"),
		member("mor@example.no", member_role="Relative", service_unit=None),
	]
	blocked = alert_conditions.blocked_addresses(members, {"Skole"}, REMINDER_DAY)
	assert blocked == {"sluttet@example.no", "utlopt@example.no", "barnevern@example.no"}


def test_r5_an_address_with_access_through_another_membership_or_the_coordinator_is_kept():
	members = [
		member("Per@Example.no", status=st.MEMBER_ENDED),
		member("per@example.no"),
		member("koordinator@example.no", service_unit="Barnevern"),
	]
	assert (
		alert_conditions.blocked_addresses(members, {"Skole"}, REMINDER_DAY, keep=("koordinator@example.no",))
		== set()
	)


def test_recipient_list_keeps_order_and_drops_blanks_duplicates_and_blocked():
	addresses = ["a@example.no", "", None, "B@example.no", "a@example.no", " c@example.no ", "b@example.no"]
	assert alert_conditions.recipient_list(addresses, blocked={"c@example.no"}) == [
		"a@example.no",
		"B@example.no",
	]


# Minutes not approved ------------------------------------------------------------------------------------
# R12: minutes not approved 21 days after the meeting alert the minute-taker and the coordinator; at the
# deadline (meeting date + the minutes deadline setting) the coordinator is alerted again.

MEETING = D(2026, 3, 2)


def test_r12_first_alert_21_days_after_the_meeting_to_minute_taker_and_coordinator():
	"""With the default 28-day deadline the first alert comes 21 days after the meeting (a week before)."""
	note = notification("Minutes Not Approved")
	assert (note["event"], note["date_changed"], note["days_in_advance"]) == (
		"Days After",
		"approval_reminder_date",
		0,
	)
	reminder = mi.reminder_date(MEETING, 28)
	assert reminder == MEETING + datetime.timedelta(days=21)
	assert alert_conditions.occasion_date(note["event"], 0, reminder) == reminder
	fields = {r.get("receiver_by_document_field") for r in note["recipients"]}
	assert fields == {"minute_taker", "coordinator"}


def test_r12_second_alert_on_the_minutes_due_date_to_the_coordinator():
	note = notification("Minutes Overdue")
	assert (note["event"], note["date_changed"], note["days_in_advance"]) == (
		"Days After",
		"minutes_due_date",
		0,
	)
	due = mi.due_date(MEETING, 28)
	assert alert_conditions.occasion_date(note["event"], 0, due) == due
	assert [r.get("receiver_by_document_field") for r in note["recipients"]] == ["coordinator"]


def test_r12_only_minutes_not_yet_approved_are_alerted():
	for name in ("Minutes Not Approved", "Minutes Overdue"):
		condition = notification(name)["condition"]
		for status, alerted in (
			("Invited", True),
			("Draft", True),
			("Approved", False),
			("Distributed", False),
		):
			assert eval(condition, {}, {"doc": type("Doc", (), {"status": status})}) is alerted
			assert mi.is_final(status) is not alerted


# Annual reviews ------------------------------------------------------------------------------------------
# R13: the coordinator is alerted 30 days before the annual review is due, and again (with KE) when overdue.

DUE = D(2026, 9, 15)


def days(n):
	return datetime.timedelta(days=n)


def alert_due_on(note: dict, date_value: datetime.date, day: datetime.date) -> bool:
	return alert_conditions.occasion_date(note["event"], note["days_in_advance"], day) == date_value


def test_r13_due_soon_alert_is_due_exactly_30_days_before_the_review_date():
	note = notification("Annual Review Due")
	assert (note["event"], note["date_changed"], note["days_in_advance"]) == (
		"Days Before",
		"next_review_due",
		30,
	)
	assert alert_due_on(note, DUE, DUE - days(30))
	assert not alert_due_on(note, DUE, DUE - days(31)), "not the day before"
	assert not alert_due_on(note, DUE, DUE - days(29)), "only once"
	assert gr.review_state(DUE, DUE - days(30)) == "due_soon"
	assert gr.review_state(DUE, DUE - days(31)) == "ok"


def test_r13_overdue_alert_is_due_the_day_after_the_review_date_and_copies_ke():
	note = notification("Annual Review Overdue")
	assert (note["event"], note["date_changed"], note["days_in_advance"]) == (
		"Days After",
		"next_review_due",
		1,
	)
	assert alert_due_on(note, DUE, DUE + days(1))
	assert not alert_due_on(note, DUE, DUE), "on the due date the review is not overdue yet"
	assert gr.review_state(DUE, DUE) == "due_soon"
	assert gr.review_state(DUE, DUE + days(1)) == "overdue"
	recipients = note["recipients"]
	assert {"receiver_by_document_field": "coordinator"} in recipients
	assert {"receiver_by_role": "Coordinating Unit"} in recipients
	assert any("coordinating_unit_email" in (r.get("cc") or "") for r in recipients)


@pytest.mark.parametrize("name", ["Annual Review Due", "Annual Review Overdue"])
def test_r13_alerts_skip_closed_groups_and_hold_no_personal_data(name):
	note = notification(name)
	assert note["condition"] == "doc.status != 'Closed'"
	for text in (note["subject"], note["html"]):
		assert "service_user" not in text and "full_name" not in text and "national_id" not in text
	assert "doc.name" in note["subject"]


def test_r13_occasion_key_is_per_alert_document_and_date():
	key = alert_conditions.alert_key("Annual Review Due", "Responsibility Group", "AG-2026-0001", DUE)
	assert key == "Annual Review Due|Responsibility Group|AG-2026-0001|2026-09-15"
	assert key != alert_conditions.alert_key(
		"Annual Review Due", "Responsibility Group", "AG-2026-0001", DUE + days(365)
	)


def test_r13_long_occasion_keys_are_shortened_with_a_hash():
	long_detail = ",".join(f"Enhet {n}" for n in range(60))
	key = alert_conditions.alert_key("m", "Consent", "SAM-2026-0001", DUE, long_detail)
	assert len(key) == alert_conditions.KEY_LENGTH
	assert key != alert_conditions.alert_key("m", "Consent", "SAM-2026-0001", DUE, long_detail + ",Enhet 61")


# Transitions ---------------------------------------------------------------------------------------------
# R15: the person responsible and the coordinator are alerted 60 and 14 days before a planned transition
# that is not done.

PLANNED = D(2026, 8, 17)


@pytest.mark.parametrize("name", ["Transition in 60 Days", "Transition in 14 Days"])
def test_r15_each_notice_is_a_days_before_alert_on_the_planned_date_of_an_open_transition(name):
	note = notification(name)
	assert (note["document_type"], note["event"], note["date_changed"]) == (
		"Group Transition",
		"Days Before",
		"planned_date",
	)
	assert note["condition"] == "not doc.done"
	assert {"receiver_by_document_field": "responsible"} in note["recipients"]
	assert any("coordinator" in (r.get("cc") or "") for r in note["recipients"])
	assert "from_service" not in note["html"] and "to_service" not in note["html"]


def test_r15_the_shipped_days_are_the_rules_notice_days():
	shipped = {notification(n)["days_in_advance"] for n in ("Transition in 60 Days", "Transition in 14 Days")}
	assert shipped == set(tr.NOTICE_DAYS)


@pytest.mark.parametrize("days_before", tr.NOTICE_DAYS)
def test_r15_due_on_exactly_that_day(days_before):
	day = PLANNED - datetime.timedelta(days=days_before)
	assert alert_conditions.occasion_date("Days Before", days_before, day) == PLANNED
