"""«Årsstatistikk» (R17, the child coordinator of R2): the year's figures for a small scene in a year no other
test uses, counts only; run by KE and the Local Administrator, refused over HTTP to the family, participants,
coordinators and former members, with nothing changed (rows counted)."""

import json

import frappe
from frappe.desk.query_report import run

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_attacks_roads import PASSWORD, RoadsTestCase, count

REPORT = "Yearly Statistics"
YEAR = 2003
SCENE = {}


def figures(result: dict) -> dict:
	return {row["measure"]: row["count"] for row in result["result"]}


class TestYearlyStatistics(RoadsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not SCENE:
			SCENE["local_admin"] = f.make_login_user("Lars Statistikk", ["Local Administrator"], PASSWORD)
			cls.make_year(cls.town)
			frappe.db.commit()
		cls.local_admin = SCENE["local_admin"]
		cls.child_name = SCENE["child_name"]

	@classmethod
	def make_year(cls, town):
		"""Two applications (one granted asking for a child coordinator, one refused), a group started with
		a child coordinator and an approved plan, and an older group closed as moved, all in ``YEAR``."""
		child = f.make_service_user(relations=[f.parent("Siri Statistikk")])
		SCENE["child_name"] = child.full_name
		consent = f.make_consent(child, [town.school]).name
		for received, decided, status, asks in (
			("2003-02-01", "2003-03-01", st.APPLICATION_DECIDED, 1),
			("2003-04-01", "2003-05-01", st.APPLICATION_REJECTED, 0),
		):
			application = f.new_application(child).insert(ignore_permissions=True)
			frappe.db.set_value(
				"IP Application",
				application.name,
				{
					"date_received": received,
					"decision_date": decided,
					"status": status,
					"asks_child_coordinator": asks,
				},
			)
		started = f.make_group(child.name, town.school, town.coordinator, consent).name
		frappe.db.set_value(
			"Responsibility Group",
			started,
			{"status": st.GROUP_ACTIVE, "established_date": "2003-03-10", "child_coordinator": 1},
		)
		plan = f.make_plan(started, town.teacher, town.school, status=st.PLAN_DRAFT)
		frappe.db.set_value(
			"Individual Plan",
			plan.name,
			{"status": st.PLAN_APPROVED, "approved_on": "2003-04-01", "plan_to": None},
		)
		other = f.make_service_user(relations=[f.parent("Sigurd Statistikk")])
		moved = f.make_group(
			other.name, town.school, cls.other_coordinator, f.make_consent(other, [town.school]).name
		).name
		frappe.db.set_value(
			"Responsibility Group",
			moved,
			{
				"status": st.GROUP_CLOSED,
				"established_date": "2002-01-01",
				"closed_date": "2003-06-01",
				"closing_cause": "Moved",
			},
		)

	def run_as(self, user: str) -> dict:
		with self.set_user(user):
			frappe.local.lang = "no"
			return figures(run(REPORT, filters={"year": YEAR}))

	def test_r2_r17_the_years_figures_count_child_coordinators_apart(self):
		expected = {
			"Søknader mottatt": 2,
			"Av disse søknader om barnekoordinator": 1,
			"Søknader innvilget": 1,
			"Søknader avslått": 1,
			"Ansvarsgrupper opprettet": 1,
			"Ansvarsgrupper avsluttet": 1,
			"Av disse avsluttet med årsaken: Flyttet": 1,
			"Av disse avsluttet med årsaken: Planlagt": 0,
			"Ansvarsgrupper i drift i løpet av året": 2,
			"Ansvarsgrupper i drift ved årets slutt": 1,
			"Personer med individuell plan i kraft i løpet av året": 1,
			"Individuelle planer godkjent i året": 1,
			"Koordinatorer (ikke barnekoordinatorer)": 1,
			"Barnekoordinatorer": 1,
			"Ansvarsgrupper med barnekoordinator": 1,
		}
		for user in (self.ke, self.local_admin):
			got = self.run_as(user)
			self.assertEqual({label: got.get(label) for label in expected}, expected, user)

	def test_r17_counts_only_for_ke_and_the_local_administrator_over_http(self):
		params = {"report_name": REPORT, "filters": json.dumps({"year": YEAR})}
		allowed = self.client(self.ke).method("frappe.desk.query_report.run", **params)
		self.assertEqual(allowed.status_code, 200, allowed.text[:300])
		self.assertNotIn(self.child_name, allowed.text)
		self.assertEqual(
			{key for row in allowed.json()["message"]["result"] for key in row}
			- {"measure", "count", "indent"},
			set(),
		)
		before = (count("Prepared Report"), count("Access Log"), count("Responsibility Group"))
		for user in (
			self.parent,
			self.other_parent,
			self.town.teacher,
			self.ended,
			self.town.coordinator,
			self.other_coordinator,
		):
			response = self.client(user).method("frappe.desk.query_report.run", **params)
			self.assertIn(response.status_code, (403, 417), f"{user}: {response.text[:300]}")
			self.assertNotIn('"result"', response.text, user)
		self.assertEqual(
			(count("Prepared Report"), count("Access Log"), count("Responsibility Group")), before
		)
