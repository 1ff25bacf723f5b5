"""R17: the coordinating unit's overview of the groups and their coordinators; the forms' relation choices."""

import json
from unittest.mock import patch

import frappe
from frappe.desk.query_report import run as run_report
from frappe.utils import add_days, add_months, getdate

from ansvarsgruppe.ansvarsgruppe.report.responsibility_group_overview import (
	responsibility_group_overview as overview,
)
from ansvarsgruppe.api.desk import get_relations
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

REPORT = "Responsibility Group Overview"
QUERIES = 3  # one for the groups, one grouped count of the open transitions, one for meetings called outside
QUERIES_RESTRICTED = 3  # the same for a user whose groups the record-level rules select


class OverviewTestCase(f.MunicipalityTestCase):
	language = "en"

	def setUp(self):
		super().setUp()
		# Fresh units in every test, so groups made by other tests do not count.
		self.unit = f.make_unit(f.unique("Skole"))
		self.other_unit = f.make_unit(f.unique("Helsestasjon"))

	def make_group(self, unit=None, approved=False, coordinator=True, open_transitions=0, done=0, **extra):
		"""A group for a new child; approved groups have a consent in force."""
		unit = unit or self.unit
		child = f.make_service_user(relations=[f.parent()])
		consent = f.make_consent(child, [unit]).name if approved else None
		transitions = [self.transition(index, done=0) for index in range(open_transitions)]
		transitions += [self.transition(index, done=1) for index in range(done)]
		return f.make_group(
			child.name,
			unit,
			self.staff.coordinator if coordinator else None,
			consent,
			status=st.GROUP_APPROVED if approved else st.GROUP_PROPOSED,
			transitions=transitions,
			**extra,
		)

	def transition(self, index: int, done: int) -> dict:
		return {
			"from_service": "Barnehage",
			"to_service": f"Skole {index}",
			"planned_date": add_days(getdate(), 60 + index),
			"responsible": self.staff.coordinator,
			"done": done,
			"done_date": getdate() if done else None,
		}

	def close(self, group):
		"""R16: closing is planned in a closing meeting first."""
		f.make_minutes(group.name, "Closing")
		group.reload()
		group.status, group.closed_date, group.closing_reason = st.GROUP_CLOSED, getdate(), "Målene er nådd"
		group.save()
		return group

	def rows(self, **filters) -> dict:
		return {row.name: row for row in overview.execute(filters)[1]}


class TestOverviewReportR17(OverviewTestCase):
	def test_r17_lists_open_groups_with_coordinator_unit_and_dates(self):
		established = add_days(getdate(), -500)
		reviewed = add_days(getdate(), -400)
		approved = self.make_group(
			approved=True,
			open_transitions=2,
			done=1,
			established_date=established,
			last_annual_review=reviewed,
			next_meeting_date=add_days(getdate(), 14),
		)
		proposed = self.make_group()

		rows = self.rows(responsible_unit=self.unit)

		self.assertEqual(set(rows), {approved.name, proposed.name})
		row = rows[approved.name]
		self.assertEqual(row.service_user_name, approved.service_user_name)
		self.assertEqual(row.status, st.GROUP_APPROVED)
		self.assertEqual(row.responsible_unit, self.unit)
		self.assertEqual(row.coordinator, self.staff.coordinator)
		self.assertEqual(row.coordinator_name, "Kari Koordinator")
		self.assertEqual(getdate(row.established_date), established)
		self.assertEqual(getdate(row.last_annual_review), reviewed)
		self.assertEqual(getdate(row.next_meeting_date), add_days(getdate(), 14))
		self.assertEqual(getdate(row.next_review_due), getdate(add_months(reviewed, 12)))
		self.assertEqual(row.review_overdue, 1)  # R13: the yearly review is late
		self.assertEqual(row.open_transitions, 2)  # R15: the done transition does not count
		self.assertEqual((rows[proposed.name].open_transitions, rows[proposed.name].review_overdue), (0, 0))

	def test_r15_open_transitions_counted_alike_for_many_groups(self):
		"""Above ``NAMES_IN_QUERY`` groups every group's open transitions are counted and the report's picked
		out: the same counts, and none for a group outside the report."""
		first = self.make_group(open_transitions=2, done=1)
		second = self.make_group(unit=self.other_unit, open_transitions=1)
		by_names = overview.count_open_transitions([first.name])
		with patch.object(overview, "NAMES_IN_QUERY", 0):
			by_all = overview.count_open_transitions([first.name])
			rows = self.rows(responsible_unit=self.unit)
		self.assertEqual(by_names, {first.name: 2})
		self.assertEqual(by_all, by_names)
		self.assertNotIn(second.name, by_all)
		self.assertEqual(rows[first.name].open_transitions, 2)

	def test_r17_columns_cover_the_overview_and_are_translated(self):
		frappe.local.lang = "no"
		columns = {column["fieldname"]: column for column in overview.execute({})[0]}
		for fieldname in ("name", "coordinator", "responsible_unit", "next_review_due"):
			self.assertIn(fieldname, columns)
		self.assertEqual(columns["name"]["options"], "Responsibility Group")
		self.assertEqual(columns["open_transitions"]["label"], "Åpne overganger")

	def test_r17_closed_groups_are_left_out_by_default(self):
		closed = self.close(self.make_group(approved=True))
		open_group = self.make_group()

		self.assertEqual(set(self.rows(responsible_unit=self.unit)), {open_group.name})
		self.assertEqual(set(self.rows(responsible_unit=self.unit, status="Open")), {open_group.name})
		self.assertEqual(set(self.rows(responsible_unit=self.unit, status="Closed")), {closed.name})
		self.assertEqual(
			set(self.rows(responsible_unit=self.unit, status="All")), {closed.name, open_group.name}
		)

	def test_r17_filters_by_unit_and_status(self):
		proposed = self.make_group()
		approved = self.make_group(approved=True)
		elsewhere = self.make_group(self.other_unit)

		self.assertEqual(set(self.rows(responsible_unit=self.unit)), {proposed.name, approved.name})
		self.assertEqual(set(self.rows(responsible_unit=self.other_unit)), {elsewhere.name})
		self.assertEqual(
			set(self.rows(responsible_unit=self.unit, status=st.GROUP_PROPOSED)), {proposed.name}
		)
		self.assertEqual(
			set(self.rows(responsible_unit=self.unit, status=st.GROUP_APPROVED)), {approved.name}
		)
		by_status = self.rows(status=st.GROUP_PROPOSED)
		self.assertIn(elsewhere.name, by_status)
		self.assertNotIn(approved.name, by_status)
		self.assertRaises(frappe.ValidationError, overview.execute, {"status": "Anything"})

	def test_r17_counts_per_unit(self):
		for _index in range(3):
			self.make_group()
		self.make_group(coordinator=False, open_transitions=1)
		self.make_group(self.other_unit, approved=True, last_annual_review=add_days(getdate(), -400))
		self.close(self.make_group(self.other_unit, approved=True))

		_columns, data, _message, chart, summary = overview.execute({})
		per_unit = dict(zip(chart["data"]["labels"], chart["data"]["datasets"][0]["values"], strict=True))
		self.assertEqual(per_unit[self.unit], 4)
		self.assertEqual(per_unit[self.other_unit], 1)  # the closed group is not counted
		self.assertEqual(sum(per_unit.values()), len(data))

		_columns, data, _message, chart, summary = overview.execute({"responsible_unit": self.unit})
		self.assertEqual(chart["data"]["labels"], [self.unit])
		totals = {item["label"]: item["value"] for item in summary}
		self.assertEqual(totals["Groups"], 4)
		self.assertEqual(totals["Responsible Units"], 1)
		self.assertEqual(totals["Groups Without Coordinator"], 1)
		self.assertEqual(totals["Reviews Overdue"], 0)
		self.assertEqual(totals["Open Transitions"], 1)
		totals = {
			item["label"]: item["value"]
			for item in overview.execute({"responsible_unit": self.other_unit})[4]
		}
		self.assertEqual((totals["Groups"], totals["Reviews Overdue"]), (1, 1))

	def test_r17_no_groups_gives_an_empty_report(self):
		_columns, data, _message, chart, summary = overview.execute({"responsible_unit": self.unit})
		self.assertEqual((data, chart), ([], None))
		self.assertEqual(summary[0]["value"], 0)

	def test_r17_query_count_does_not_grow_with_the_groups(self):
		leader = f.make_user("Ulla Enhetsleder", ["Unit Leader"])
		units = {
			2: f.make_unit(f.unique("Skole"), leader=leader),
			10: f.make_unit(f.unique("Skole"), leader=leader),
		}
		for count, unit in units.items():
			for _index in range(count):
				self.make_group(unit, open_transitions=1, done=1)

		# Administrator reads every group; the unit leader through the record-level rules.
		for user, expected in (("Administrator", QUERIES), (leader, QUERIES_RESTRICTED)):
			with self.set_user(user):
				overview.execute(
					{"responsible_unit": units[2]}
				)  # warm the caches (translations, meta, roles)
				counted = {}
				for count, unit in units.items():
					with self.assertQueryCount(expected):
						data = overview.execute({"responsible_unit": unit})[1]
					self.assertEqual(len(data), count)
					self.assertEqual([row.open_transitions for row in data], [1] * count)
					counted[count] = self.count_queries(
						lambda unit=unit: overview.execute({"responsible_unit": unit})
					)
				self.assertEqual(counted, {2: expected, 10: expected}, user)

	def count_queries(self, action) -> int:
		return f.count_queries(action)


class TestOverviewReportAccessR17(OverviewTestCase):
	def test_report_is_installed_for_the_coordinating_unit(self):
		report = frappe.get_doc("Report", REPORT)
		self.assertEqual((report.report_type, report.is_standard), ("Script Report", "Yes"))
		self.assertEqual(report.ref_doctype, "Responsibility Group")
		self.assertEqual(
			{row.role for row in report.roles}, {"Coordinating Unit", "System Manager", "Unit Leader"}
		)

	def test_coordinating_unit_runs_the_report_from_the_desk(self):
		group = self.make_group()
		with self.set_user(f.people()["ke"]):
			result = run_report(REPORT, filters=json.dumps({"responsible_unit": self.unit, "status": "Open"}))
			self.assertEqual([row["name"] for row in result["result"]], [group.name])
			self.assertEqual(result["report_summary"][0]["value"], 1)

	def test_group_participant_cannot_run_the_report(self):
		with self.set_user(self.staff.teacher):
			with self.assertRaises(frappe.PermissionError):
				run_report(REPORT, filters=json.dumps({"responsible_unit": self.unit}))

	def test_unit_leader_sees_only_the_groups_they_may_read(self):
		leader = f.make_user("Ulla Enhetsleder", ["Unit Leader"])
		led_unit = f.make_unit(f.unique("Skole"), leader=leader)
		own = self.make_group(led_unit)
		self.make_group(self.other_unit)
		with self.set_user(leader):
			shown = {row["name"] for row in run_report(REPORT, filters=json.dumps({}))["result"]}
			self.assertIn(own.name, shown)
			# The report shows exactly the open groups the record-level rules let the leader read.
			readable = frappe.get_list(
				"Responsibility Group", filters={"status": ("in", st.GROUP_OPEN)}, pluck="name"
			)
			self.assertEqual(shown, set(readable))

	def test_workspace_lists_the_registers_and_the_report(self):
		workspace = frappe.get_doc("Workspace", "Ansvarsgrupper")
		self.assertEqual((workspace.module, workspace.public), ("Ansvarsgruppe", 1))
		shortcuts = {row.label: row.link_to for row in workspace.shortcuts}
		for target in (
			"Responsibility Group",
			"IP Application",
			"Consent",
			"Meeting Minutes",
			"Service User",
			"Service Unit",
			"Ansvarsgruppe Settings",
			REPORT,
		):
			self.assertEqual(shortcuts.get(target), target)
		cards = {row.label for row in workspace.links if row.type == "Card Break"}
		for row in workspace.links:
			if row.type == "Link":
				self.assertTrue(frappe.db.exists(row.link_type, row.link_to), row.link_to)
		# Every block of the page refers to a shortcut or card that exists.
		for block in json.loads(workspace.content):
			if block["type"] == "shortcut":
				self.assertIn(block["data"]["shortcut_name"], shortcuts)
			if block["type"] == "card":
				self.assertIn(block["data"]["card_name"], cards)


class TestRelationChoices(OverviewTestCase):
	def test_relations_of_the_service_user(self):
		child = f.make_service_user(relations=[f.parent(), f.guardian()])
		f.make_group(child.name, self.unit, self.staff.coordinator)
		expected = [(r.name, r.full_name, r.relation_type) for r in child.relations]
		for user in (self.staff.coordinator, f.people()["ke"]):
			with self.set_user(user):
				relations = get_relations(child.name)
				self.assertEqual([(r.name, r.full_name, r.relation_type) for r in relations], expected)
		self.assertEqual(get_relations(""), [])

	def test_relations_refused_without_read_access(self):
		child = f.make_service_user(relations=[f.parent()])
		for user in (f.make_user("Uten Roller"), f.make_user("Familie Portal", ["Family Portal User"])):
			self.assertEqual(frappe.db.get_value("User", user, "user_type"), "Website User")
			with self.set_user(user):
				with self.assertRaises(frappe.PermissionError):
					get_relations(child.name)
