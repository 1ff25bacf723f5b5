"""The daily run evaluates a date-based alert's condition on the candidates' columns when the
condition reads the document only as ``doc.<column>``; anything else falls back to the whole document."""

import datetime

from ansvarsgruppe.rules.alert_conditions import condition_fields
from tests.alert_files import notification

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
