"""R2: KE is alerted once when an application has waited longer than the answer deadline without a decision."""

import datetime

from ansvarsgruppe.rules import alert_conditions
from ansvarsgruppe.rules import status as st
from tests.alert_files import notification

D = datetime.date
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
