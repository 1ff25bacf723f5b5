"""R15: the person responsible and the coordinator are alerted 60 and 14 days before a planned transition
that is not done."""

import datetime

import pytest

from ansvarsgruppe.rules import alert_conditions
from ansvarsgruppe.rules import transitions as tr
from tests.alert_files import notification

D = datetime.date
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
