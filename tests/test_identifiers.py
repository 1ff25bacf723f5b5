"""Field names in a request are names and nothing else (ansvarsgruppe/rules/identifiers.py). R5: no field
the user may not read is reached through a filter, a sort or a grouping written as SQL."""

import pytest

from ansvarsgruppe.rules import identifiers as ids

INJECTIONS = [
	"ifnull((select national_id from `tabService User` where name='SU-1'),'')",
	"name/**/or/**/1=1",
	"name -- ",
	"name#",
	"`name`) or (1=1",
	"`tabService User`.`national_id`,(select 1)",
	"/*!50000 select */ name",
	"name\nunion select password from __Auth",
	"nаme",  # a Cyrillic а
	"name；",
	"substr(national_id,1,1)",
	"if(1,name,owner)",
	"count(national_id) or 1",
	"name as `x` from `tabUser` --",
	"(select 1)",
	"sleep(5)",
	"name\x00",
	"`tab`.`name`",
	"`tabService User`.`national_id` desc, sleep(1)",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_r5_no_expression_passes_as_a_field(payload):
	with pytest.raises(ids.NotAName):
		ids.selected(payload)
	with pytest.raises(ids.NotAName):
		ids.ordering(payload)
	with pytest.raises(ids.NotAName):
		ids.filtered([[payload, "=", "1"]])
	with pytest.raises(ids.NotAName):
		ids.filtered({payload: "1"})


def test_r5_plain_names_and_the_desks_shapes_are_read_as_names():
	assert ids.selected("`tabResponsibility Group`.`status`") == [("Responsibility Group", "status")]
	assert ids.selected("name") == [(None, "name")]
	assert ids.selected("coordinator.full_name as coordinator_full_name") == [(":coordinator", "full_name")]
	assert ids.selected("count(*) as count") == []
	assert ids.selected("count(distinct `tabConsent`.`name`) as total") == [("Consent", "name")]
	assert ids.selected("sum(`tabPlan Measure`.`idx`)") == [("Plan Measure", "idx")]
	assert ids.selected("`tabConsent`.`status` as `state`") == [("Consent", "status")]
	assert ids.ordering("`tabResponsibility Group`.`modified` desc, name asc") == [
		("Responsibility Group", "modified"),
		(None, "name"),
	]
	assert ids.filtered([["Consent", "status", "=", "Active"], ["name", "like", "%x%"]]) == [
		("Consent", "status"),
		(None, "name"),
	]
	assert ids.filtered({"status": ["in", ["Open", "Closed"]]}) == [(None, "status")]
	assert ids.filtered('[["Dashboard", "status", "<", 2, false]]') == [("Dashboard", "status")]
	assert ids.mapped('{"start": "meeting_date", "title": "group"}') == [
		(None, "meeting_date"),
		(None, "group"),
	]


def test_r5_sql_written_as_a_filter_is_no_name():
	with pytest.raises(ids.NotAName):
		ids.filtered("status = 'Open' or 1=1")
	with pytest.raises(ids.NotAName):
		ids.filtered(["`tabConsent`.status = 'Active'"])
	with pytest.raises(ids.NotAName):
		ids.filtered([["status", "= 1 or 1=", "x"]])
	with pytest.raises(ids.NotAName):
		ids.direction("desc, sleep(1)")
	ids.direction("DESC")
