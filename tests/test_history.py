"""A record's change history shows a reader no field above their permission level."""

from ansvarsgruppe.rules.history import visible_change

DATA = {
	"changed": [["status", "Active", "Closed"], ["closing_reason", None, "Flyttet"]],
	"added": [["relations", {"name": "r1", "full_name": "Ola", "national_id": "17051412345"}]],
	"removed": [["transitions", {"name": "t1", "from_service": "Barnehage"}]],
	"row_changed": [
		["relations", 0, "r2", [["national_id", "1", "2"]]],
		["relations", 1, "r3", [["phone", "1", "2"], ["national_id", "1", "2"]]],
		["transitions", 0, "t2", [["to_service", "Skole", "SFO"]]],
	],
	"data_import": None,
	"updater_reference": None,
}


def test_hidden_fields_tables_and_row_fields_are_left_out():
	shown = visible_change(DATA, {"closing_reason", "transitions", "relations.national_id"})
	assert shown["changed"] == [["status", "Active", "Closed"]]
	assert shown["added"] == [["relations", {"name": "r1", "full_name": "Ola"}]]
	assert shown["removed"] == []
	assert shown["row_changed"] == [["relations", 1, "r3", [["phone", "1", "2"]]]]
	assert "data_import" in shown and "updater_reference" in shown


def test_nothing_hidden_changes_nothing():
	assert visible_change(DATA, set()) is DATA


def test_a_change_only_to_hidden_fields_is_not_shown_at_all():
	data = {"changed": [["closing_reason", None, "Flyttet"]], "added": [], "removed": [], "row_changed": []}
	assert visible_change(data, {"closing_reason"}) is None
	data = {"row_changed": [["relations", 0, "r2", [["national_id", "1", "2"]]]]}
	assert visible_change(data, {"relations.national_id"}) is None


def test_a_version_without_changes_is_kept():
	creation = {"creation": "2026-01-01", "updater_reference": {"doctype": "Data Import"}, "created_by": "x"}
	assert visible_change(creation, {"closing_reason"}) == creation
