"""R13: the coordinator is alerted 30 days before the annual review is due, and again (with KE) when overdue."""

import datetime

import pytest

from ansvarsgruppe.rules import alert_conditions
from ansvarsgruppe.rules import groups as gr
from tests.alert_files import notification, timing

D = datetime.date
DUE = D(2026, 9, 15)


def days(n):
	return datetime.timedelta(days=n)


def alert_due_on(note: dict, date_value: datetime.date, day: datetime.date) -> bool:
	return alert_conditions.occasion_date(note["event"], note["days_in_advance"], day) == date_value


def test_r13_due_soon_alert_is_due_exactly_30_days_before_the_review_date():
	note = notification("Annual Review Due")
	assert timing(note) == ("Days Before", "next_review_due", 30)
	assert alert_due_on(note, DUE, DUE - days(30))
	assert not alert_due_on(note, DUE, DUE - days(31)), "not the day before"
	assert not alert_due_on(note, DUE, DUE - days(29)), "only once"
	assert gr.review_state(DUE, DUE - days(30)) == "due_soon"
	assert gr.review_state(DUE, DUE - days(31)) == "ok"


def test_r13_overdue_alert_is_due_the_day_after_the_review_date_and_copies_ke():
	note = notification("Annual Review Overdue")
	assert timing(note) == ("Days After", "next_review_due", 1)
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
