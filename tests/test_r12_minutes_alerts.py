"""R12: minutes not approved 21 days after the meeting alert the minute-taker and the coordinator; at the
deadline (meeting date + the minutes deadline setting) the coordinator is alerted again."""

import datetime

from ansvarsgruppe.rules import alert_conditions
from ansvarsgruppe.rules import minutes as mi
from tests.alert_files import notification, timing

D = datetime.date
MEETING = D(2026, 3, 2)


def test_r12_first_alert_21_days_after_the_meeting_to_minute_taker_and_coordinator():
	"""With the default 28-day deadline the first alert comes 21 days after the meeting (a week before)."""
	note = notification("Minutes Not Approved")
	assert timing(note) == ("Days After", "approval_reminder_date", 0)
	reminder = mi.reminder_date(MEETING, 28)
	assert reminder == MEETING + datetime.timedelta(days=21)
	assert alert_conditions.occasion_date(note["event"], 0, reminder) == reminder
	fields = {r.get("receiver_by_document_field") for r in note["recipients"]}
	assert fields == {"minute_taker", "coordinator"}


def test_r12_second_alert_on_the_minutes_due_date_to_the_coordinator():
	note = notification("Minutes Overdue")
	assert timing(note) == ("Days After", "minutes_due_date", 0)
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
