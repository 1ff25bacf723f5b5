"""Existing groups brought in as history (R19): who imports what, the marks, the gates waived."""

from ansvarsgruppe.rules import Problem, imports


def test_r19_only_the_local_administrator_imports_and_only_new_history_records():
	la = ("Local Administrator",)
	assert imports.importer_problems(("Coordinator",), False, "Responsibility Group", imports.INSERT)
	assert imports.importer_problems(la, False, "User", imports.INSERT)
	assert imports.importer_problems(la, False, "Consent", "Update Existing Records")
	assert not imports.importer_problems(la, False, "Consent", imports.INSERT)
	assert not imports.importer_problems((), True, "User", "Update Existing Records")


def test_r19_the_files_come_in_the_order_their_links_need():
	order = imports.IMPORT_ORDER
	assert order.index("Service User") < order.index("Consent") < order.index("Responsibility Group")
	assert order.index("Responsibility Group") < order.index("Group Member") < order.index("Meeting Minutes")
	assert "Service Unit" not in imports.MARKED


def test_r19_an_imported_record_says_where_it_comes_from():
	assert imports.mark_problems(" ")
	assert imports.mark_problems(None)
	assert not imports.mark_problems("SamPro")


def test_r8_r6_the_live_work_gates_are_waived_for_history_and_nothing_else():
	waived = [Problem("R8", message) for message in sorted(imports.GATES_WAIVED_FOR_HISTORY)]
	one_group = Problem("R3", "The service user already has an open responsibility group: {groups}.")
	assert imports.history_problems([*waived, one_group]) == [one_group]


def test_r19_a_second_run_leaves_what_the_first_brought_in():
	stored = {"imported_from": "SamPro", "imported_on": "2026-12-07 10:00:00"}
	assert imports.already_imported(stored, "SamPro")
	assert not imports.already_imported(stored, "Regneark")
	assert not imports.already_imported({"imported_from": None, "imported_on": None}, "SamPro")
	assert not imports.already_imported(None, "SamPro")


def test_the_waived_gates_are_the_messages_the_group_rules_give():
	import datetime

	from ansvarsgruppe.rules import groups

	active = {"status": "Active", "established_date": datetime.date(2024, 1, 1), "coordinator": "k"}
	closed = {"status": "Closed", "closed_date": datetime.date(2025, 1, 1), "closing_reason": "Flyttet"}
	given = {
		p.message
		for group in (active, closed)
		for p in groups.group_problems(group, [], datetime.date(2026, 1, 1))
	}
	assert imports.GATES_WAIVED_FOR_HISTORY <= given
