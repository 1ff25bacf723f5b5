"""The individual plan read-only in the family portal (R18): the person's own goals first, the
measures under their goal in Norwegian, a draft only as a draft the family takes part in (R24), and never
another family's plan (R1, R4, R5)."""

import frappe
from bs4 import BeautifulSoup
from frappe.utils import add_days, get_html_for_route, getdate, set_request
from frappe.website.serve import get_response

from ansvarsgruppe.printing import desk, formats
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_portal import page_context

ROUTE = "individuell-plan"


def dmy(day) -> str:
	return f"{getdate(day):%d.%m.%Y}"


class TestPortalPlan(f.MunicipalityTestCase):
	def setUp(self):
		super().setUp()
		town = self.town = f.Municipality(self.staff)
		self.group, self.application = f.group_to_plan(town, (town.teacher, town.school))
		self.parent = f.make_user("Ola Forelder", ["Family Portal User"])
		frappe.db.set_value("Service User Relation", town.child.relations[0].name, "portal_user", self.parent)
		other = f.make_service_user(relations=[f.parent("Per Annen")])
		self.other_parent = f.make_user("Per Annen", ["Family Portal User"])
		frappe.db.set_value(
			"Service User Relation", other.relations[0].name, "portal_user", self.other_parent
		)

	def tearDown(self):
		# get_html_for_route and set_request leave a request behind; later tests expect none
		if hasattr(frappe.local, "request"):
			del frappe.local.request
		super().tearDown()

	def new_plan(self, status: str = "Approved"):
		"""M1 (the services' goal) comes before M2 (the child's own goal, with sub-goal M3) in the plan."""
		today = getdate()
		return f.make_plan(
			self.group.name,
			status=status,
			ip_application=self.application.name,
			**f.plan_period_and_story(),
			goals=[
				{"goal": "Møte på skolen hver dag", "status": "Open"},
				{"goal": "Lese alderstilpasset tekst", "is_persons_own_goal": 1, "status": "Achieved"},
				{"goal": "Lese en kapittelbok innen jul", "parent_goal": "M2"},
			],
			measures=[
				f.plan_measure(
					self.town.school,
					self.town.teacher,
					description="Skyss til skolen",
					start_date=None,
					end_date=None,
					status="Planned",
				),
				f.measured_course(self.town.school, self.town.teacher, goal_id="M2"),
			],
			evaluations=[{"reference": "T2", "evaluation_date": today, "result": "Partly"}],
		)

	def page_html(self) -> BeautifulSoup:
		return BeautifulSoup(get_html_for_route(f"/{ROUTE}"), "html.parser").find("main")

	def test_own_goals_come_first_with_their_sub_goals_and_measures_in_norwegian(self):
		plan = self.new_plan()
		with self.set_user(self.parent):
			context = page_context(ROUTE)
			self.assertEqual([p["name"] for p in context.people], [self.town.child.name])
			shown = context.people[0]["plans"][0]
			self.assertEqual(shown["name"], plan.name)
			self.assertEqual((shown["status"], shown["coordinator"]), ("Godkjent", "Kari Koordinator"))
			self.assertEqual(shown["period"], f"{dmy(plan.plan_from)} – {dmy(plan.plan_to)}")
			self.assertEqual(shown["next_revision"], dmy(plan.next_revision_date))
			own, other = shown["goals"]
			self.assertEqual((own["id"], own["own"], own["status"]), ("M2", True, "Nådd"))
			self.assertEqual([g["id"] for g in own["children"]], ["M3"])
			self.assertEqual((other["id"], other["own"], other["status"]), ("M1", False, "Åpen"))
			[reading] = own["measures"]
			self.assertEqual(
				{k: reading[k] for k in ("description", "scope", "implementation", "person", "unit")},
				{
					"description": "Lesekurs to ganger i uka",
					"scope": "2 × 45 minutter i uka",
					"implementation": "I liten gruppe på skolebiblioteket",
					"person": "Per Lærer",
					"unit": self.town.school,
				},
			)
			today = getdate()
			self.assertEqual(reading["period"], f"{dmy(today)} – {dmy(add_days(today, 120))}")
			self.assertEqual(
				(reading["status"], reading["evaluation_form"], reading["next_evaluation"]),
				("Pågår", "Måling", dmy(add_days(today, 60))),
			)
			self.assertEqual([m["status"] for m in other["measures"]], ["Planlagt"])
			self.assertEqual(shown["evaluations"][0]["result"], "Delvis nådd")
			self.assertEqual(shown["evaluations"][0]["reference"], "T2: Lesekurs to ganger i uka")

			main = self.page_html()
			headings = [
				h.get_text(" ", strip=True) for h in main.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
			]
			own_heading = headings.index("Karis egne mål") if "Karis egne mål" in headings else None
			self.assertIsNotNone(own_heading, headings)
			goals = [i for i, h in enumerate(headings) if h.startswith(("M1:", "M2:", "M3:"))]
			self.assertEqual([headings[i][:2] for i in goals], ["M2", "M3", "M1"])
			self.assertLess(own_heading, goals[0])
			self.assertIn("Eget mål", headings[goals[0]])
			self.assertNotIn("Eget mål", headings[goals[2]])
			own_goal = main.find(
				lambda tag: tag.name == "li" and tag.get_text(" ", strip=True).startswith("M2:")
			)
			self.assertIn("Lesekurs to ganger i uka", own_goal.get_text())
			self.assertIn("Pågår", own_goal.get_text())
			self.assertIn("Jeg vil lese bøker selv og ha venner på skolen.", main.get_text())
			pdf = main.find("a", string=lambda s: s and "som PDF" in s)["href"]
			self.assertIn("doctype=Individual%20Plan", pdf)
			self.assertIn(f"name={plan.name}", pdf)
			self.assertIn("format=Individuell%20plan", pdf)

	def test_a_draft_is_shown_only_as_a_draft_to_take_part_in_and_a_closed_plan_is_an_earlier_plan(self):
		draft = self.new_plan("Draft")
		with self.set_user(self.parent):
			person = page_context(ROUTE).people[0]
			self.assertEqual((person["plans"], person["earlier"]), ([], []))
			self.assertEqual([p["name"] for p in person["drafts"]], [draft.name])
			text = self.page_html().get_text()
			self.assertIn("Utkast til individuell plan", text)
			self.assertNotIn(draft.name, text)
			self.assertNotIn("som PDF", text)
			self.assertIsNone(page_context("mine-ansvarsgrupper").people[0]["groups"][0]["plan_url"])
		draft.status = "Approved"
		draft.save()
		with self.set_user(self.parent):
			group = page_context("mine-ansvarsgrupper").people[0]["groups"][0]
			self.assertEqual(group["plan_url"], f"/{ROUTE}#{draft.name.lower()}")
		draft.status = "Closed"
		draft.save()
		with self.set_user(self.parent):
			person = page_context(ROUTE).people[0]
			self.assertEqual(person["plans"], [])
			self.assertEqual(
				[(p["name"], p["status"]) for p in person["earlier"]], [(draft.name, "Avsluttet")]
			)

	def test_another_family_does_not_see_the_plan(self):
		plan = self.new_plan()
		with self.set_user(self.other_parent):
			context = page_context(ROUTE)
			self.assertNotIn(self.town.child.name, [p["name"] for p in context.people])
			self.assertFalse([p for person in context.people for p in person["plans"] + person["earlier"]])
			self.assertNotIn(plan.name, self.page_html().get_text())
			self.assertNotIn("Lesekurs", self.page_html().get_text())

	def test_parent_downloads_the_plan_pdf_and_another_family_cannot(self):
		plan = self.new_plan()
		with self.set_user(self.parent):
			desk.download_pdf("Individual Plan", plan.name, format=formats.PLAN_FORMAT, language="no")
			self.assertTrue(frappe.local.response.filecontent.startswith(b"%PDF"))
			frappe.local.response.filecontent = None
		with self.set_user(self.other_parent):
			with self.assertRaises(frappe.PermissionError):
				desk.download_pdf("Individual Plan", plan.name, format=formats.PLAN_FORMAT, language="no")

	def test_guest_is_sent_to_log_in(self):
		self.new_plan()
		with self.set_user("Guest"):
			with self.assertRaises(frappe.Redirect):
				page_context(ROUTE)
			set_request(method="GET", path=f"/{ROUTE}")
			response = get_response()
			self.assertIn(response.status_code, (301, 302))
			self.assertIn(f"/login?redirect-to=/{ROUTE}", response.headers["Location"])
			self.assertNotIn(b"Lesekurs", response.get_data())

	def test_the_family_sees_in_innsyn_who_opened_the_plan(self):
		plan = self.new_plan()
		with self.set_user(self.town.teacher):
			frappe.get_attr("frappe.desk.form.load.getdoc")("Individual Plan", plan.name)
		with self.set_user(self.parent):
			rows = page_context("innsyn").rows
			self.assertTrue(
				any(
					row["what"] == f"Individuell plan {plan.name}" and row["action"] == "Åpnet"
					for row in rows
				),
				rows,
			)
