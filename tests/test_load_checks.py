"""The load test's leak checker (benchmarks/load/checks.py): a name outside the user's bound is a leak."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
	"load_checks", Path(__file__).resolve().parents[1] / "benchmarks" / "load" / "checks.py"
)
checks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(checks)


def test_a_list_within_the_bound_shows_no_leak():
	assert (
		checks.leaks(["AG-2026-0001", "AG-2026-0002"], {"AG-2026-0001", "AG-2026-0002", "AG-2026-0003"}) == []
	)


def test_a_group_outside_the_bound_is_a_leak():
	assert checks.leaks(["AG-2026-0001", "AG-2026-0009"], {"AG-2026-0001"}) == ["AG-2026-0009"]


def test_both_list_shapes_give_their_names():
	compressed = {
		"keys": ["status", "name"],
		"values": [["Active", "AG-2026-0001"], ["Closed", "AG-2026-0002"]],
	}
	assert checks.list_names(compressed) == ["AG-2026-0001", "AG-2026-0002"]
	assert checks.list_names([{"name": "AG-2026-0003"}]) == ["AG-2026-0003"]
	assert checks.list_names(None) == []


def test_a_report_total_row_is_not_a_record():
	rows = [{"name": "AG-2026-0001"}, ["AG-2026-0002", "x"], {"service_user_name": "Total"}, [None, 3]]
	assert checks.report_names(rows) == ["AG-2026-0001", "AG-2026-0002"]


def test_a_page_naming_another_familys_group_or_minutes_leaks():
	page = "<a href='/x?group=AG-2026-0001'>AG-2026-0001</a> REF-2026-00001 and AG-2026-0042 REF-2026-00077"
	assert checks.page_leaks(page, {"AG-2026-0001"}, {"REF-2026-00001"}) == ["AG-2026-0042", "REF-2026-00077"]
	assert (
		checks.page_leaks(page, {"AG-2026-0001", "AG-2026-0042"}, {"REF-2026-00001", "REF-2026-00077"}) == []
	)


def test_a_draft_of_a_group_the_user_does_not_coordinate_leaks():
	rows = [
		{"name": "REF-1", "group": "AG-1", "status": "Approved", "minute_taker": "x"},
		{"name": "REF-2", "group": "AG-1", "status": "Draft", "minute_taker": "me"},
		{"name": "REF-3", "group": "AG-2", "status": "Draft", "minute_taker": "x"},
		{"name": "REF-4", "group": "AG-1", "status": "Draft", "minute_taker": "x"},
		{"name": "REF-5", "group": "AG-9", "status": "Approved", "minute_taker": "me"},
	]
	assert checks.minutes_leaks(rows, "me", {"AG-1", "AG-2"}, {"AG-2"}) == ["REF-4", "REF-5"]
