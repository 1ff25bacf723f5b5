"""Attack suite (the participant's open measures): the report "My Open Measures" the "Mine åpne tiltak" card
opens, tried over HTTP against the served test site as real users of every role (R5, R18).

A user is answered only the open measures of approved plans they are responsible for and may read; the
family's portal and guests are refused; the report changes nothing.
"""

import frappe
import requests
from frappe.utils import get_url

from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests import test_attacks_roads as roads

ATTEMPTS = [0]
REPORT = "My Open Measures"


def tearDownModule():
	print(f"attack suite (open measures): {ATTEMPTS[0]} attempts")


class TestMyOpenMeasures(roads.RoadsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		application = f.new_application(cls.town.child).insert(ignore_permissions=True)
		cls.plan = f.make_plan(
			cls.group,
			cls.town.teacher,
			cls.town.school,
			ip_application=application.name,
			measures=[f.plan_measure(cls.town.school, cls.town.teacher, description="Lesekurs for Tone")],
		).name
		frappe.db.commit()

	def run_report(self, user: str):
		ATTEMPTS[0] += 1
		return self.client(user).post(
			"/api/method/frappe.desk.query_report.run",
			report_name=REPORT,
			filters="{}",
			ignore_prepared_report=1,
		)

	def rows(self, user: str) -> list[dict]:
		response = self.run_report(user)
		self.assertEqual(response.status_code, 200, response.text[:300])
		return roads.message(response)["result"]

	def test_r18_the_responsible_person_is_answered_their_own_open_measures(self):
		rows = self.rows(self.town.teacher)
		self.assertEqual(
			[(row["plan"], row["description"]) for row in rows], [(self.plan, "Lesekurs for Tone")]
		)
		self.assertEqual(rows[0]["measure_status"], "Pågår")

	def test_r5_no_one_else_is_answered_anothers_measure(self):
		plans, measures = roads.count("Individual Plan"), roads.count("Plan Measure")
		for role, user in {
			**self.restricted_users(),
			"other coordinator": self.other_coordinator,
			"coordinator": self.town.coordinator,
		}.items():
			if user == self.town.teacher:
				continue
			with self.subTest(role=role):
				response = self.run_report(user)
				if response.status_code == 200:
					rows = roads.message(response)["result"]
					self.assertNotIn(self.plan, [row.get("plan") for row in rows])
					self.assertNotIn("Lesekurs for Tone", str(rows))
				else:
					self.assertEqual(response.status_code, 403, response.text[:300])
		self.assertEqual((roads.count("Individual Plan"), roads.count("Plan Measure")), (plans, measures))

	def test_r5_the_portal_and_guests_are_refused_the_report(self):
		ATTEMPTS[0] += 1
		guest = requests.post(
			get_url("/api/method/frappe.desk.query_report.run"), data={"report_name": REPORT, "filters": "{}"}
		)
		for response in (self.run_report(self.parent), guest):
			self.assertEqual(response.status_code, 403, response.text[:300])
			self.assertNotIn("Lesekurs", response.text)
