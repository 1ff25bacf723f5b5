"""R18 on a real site: the individual plan with goals, measures and evaluations, its refusals (Norwegian,
nothing written), its versions, and who may read it (R5, the family portal)."""

import json

import frappe
from frappe.utils import add_days, getdate

from ansvarsgruppe import printing
from ansvarsgruppe.portal import has_website_permission
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_print_formats import ENGLISH, pdf_pages, visible_text


class TestIndividualPlan(f.MunicipalityTestCase):
	def setUp(self):
		super().setUp()
		town = f.Municipality(self.staff)
		self.town = town
		self.group = f.advance(town.group, st.GROUP_APPROVED)
		f.make_member(self.group.name, town.teacher, town.school)
		f.make_member(self.group.name, town.nurse, town.health)
		self.application = f.new_application(town.child).insert()

	def new_plan(self, **extra):
		today = getdate()
		return frappe.get_doc(
			{
				"doctype": "Individual Plan",
				"group": self.group.name,
				"ip_application": self.application.name,
				"plan_from": today,
				"plan_to": add_days(today, 365),
				"next_revision_date": add_days(today, 180),
				"own_goals": "Jeg vil lese bøker selv og ha venner på skolen.",
				"resources": "Glad i musikk, god støtte hjemme.",
				"needs": "Lesestøtte og avlastning.",
				"person_contribution": "Lese 15 minutter hver dag.",
				"services_contribution": "Skolen gir spesialundervisning; helsestasjonen følger opp.",
				"family_contribution": "Foreldrene leser med barnet om kvelden.",
				"collaboration": "Samarbeid med PPT om sakkyndig vurdering.",
				"goals": [
					{"goal": "Lese alderstilpasset tekst", "is_persons_own_goal": 1},
					{"goal": "Lese en kapittelbok innen jul", "parent_goal": "M1"},
				],
				"measures": [
					{
						"goal_id": "M1",
						"description": "Lesekurs to ganger i uka",
						"responsible_unit": self.town.school,
						"responsible_person": self.town.teacher,
						"start_date": today,
						"end_date": add_days(today, 120),
						"status": "Ongoing",
						"evaluation_form": "Measurement",
						"next_evaluation_date": add_days(today, 60),
					}
				],
				"evaluations": [
					{
						"reference": "T1",
						"evaluation_date": today,
						"participants": "Koordinator, lærer, foreldre",
						"result": "Partly",
						"next_evaluation_date": add_days(today, 60),
					}
				],
				**extra,
			}
		)

	def assertRefused(self, fragment: str, action):
		before = frappe.db.count("Individual Plan")
		with self.assertRaises(frappe.ValidationError) as caught:
			action()
		self.assertIn(fragment, str(caught.exception))
		self.assertEqual(frappe.db.count("Individual Plan"), before, "a refused plan was written")

	def test_r18_plan_from_application_with_goals_and_measures(self):
		plan = self.new_plan().insert()
		self.assertTrue(plan.name.startswith(f"PLAN-{getdate().year}-"))
		self.assertEqual(plan.service_user, self.town.child.name)
		self.assertEqual(plan.service_user_name, self.town.child.full_name)
		self.assertEqual(plan.consent, self.town.consent.name)
		self.assertEqual(plan.coordinator, self.town.coordinator)
		self.assertEqual([g.goal_id for g in plan.goals], ["M1", "M2"])
		self.assertEqual(plan.goals[1].parent_goal, "M1")
		self.assertEqual(plan.measures[0].measure_id, "T1")
		self.assertIn("Per Lærer", plan.participants)
		self.assertEqual(plan.status, "Draft")
		self.assertFalse(plan.approved_by)

	def test_r18_approving_records_who_and_revisions_keep_the_earlier_version(self):
		plan = self.new_plan().insert()
		frappe.set_user(self.town.coordinator)
		plan.status = "Approved"
		plan.save()
		self.assertEqual(plan.approved_by, self.town.coordinator)
		self.assertEqual(getdate(plan.approved_on), getdate())
		plan.own_goals = "Jeg vil lese bøker og spille i korps."
		plan.status = "Revised"
		plan.save(ignore_version=False)  # Frappe skips versions in tests unless asked
		frappe.set_user("Administrator")
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": "Individual Plan", "docname": plan.name}, pluck="data"
		)
		changes = [c for v in versions for c in json.loads(v).get("changed", [])]
		self.assertIn(
			[
				"own_goals",
				"Jeg vil lese bøker selv og ha venner på skolen.",
				"Jeg vil lese bøker og spille i korps.",
			],
			changes,
		)

	def test_r18_measure_without_responsible_person_is_refused(self):
		plan = self.new_plan()
		plan.measures[0].responsible_person = None
		self.assertRefused("mangler ansvarlig person", plan.insert)

	def test_r18_measure_ending_before_it_starts_is_refused(self):
		plan = self.new_plan()
		plan.measures[0].end_date = add_days(plan.measures[0].start_date, -1)
		self.assertRefused("slutter før det starter", plan.insert)

	def test_r18_evaluation_in_the_future_is_refused(self):
		plan = self.new_plan()
		plan.evaluations[0].evaluation_date = add_days(getdate(), 1)
		self.assertRefused("kan ikke dateres fram i tid", plan.insert)

	def test_r18_sub_goal_of_a_missing_goal_is_refused(self):
		plan = self.new_plan()
		plan.goals[1].parent_goal = "M9"
		self.assertRefused("som ikke er et annet mål i planen", plan.insert)

	def test_r18_second_open_plan_is_refused_until_the_first_is_closed(self):
		first = self.new_plan().insert()
		self.assertRefused("har allerede en åpen individuell plan", self.new_plan().insert)
		first.status = "Closed"
		first.save()
		self.new_plan().insert()

	def test_r5_member_loses_the_plan_with_consent_coverage(self):
		plan = self.new_plan().insert()
		for user, expected in (
			(self.town.nurse, True),
			(self.town.teacher, True),
			(self.town.outsider, False),
		):
			self.assertReadable(user, plan.name, expected)
		consent = frappe.get_doc("Consent", self.town.consent.name)
		row = next(p for p in consent.partners if p.service_unit == self.town.health)
		row.withdrawn_on, row.withdrawal_reason = getdate(), "Helsestasjonen trenger ikke lenger opplysninger"
		consent.save()
		self.assertReadable(self.town.nurse, plan.name, False)
		self.assertReadable(self.town.teacher, plan.name, True)

	def test_family_reads_the_plan_in_the_portal_once_it_is_not_a_draft(self):
		plan = self.new_plan().insert()
		parent = f.make_user("Ola Forelder", ["Family Portal User"])
		frappe.db.set_value("Service User Relation", self.town.child.relations[0].name, "portal_user", parent)
		self.assertFalse(has_website_permission(plan, "read", parent))
		plan.status = "Approved"
		plan.save()
		self.assertTrue(has_website_permission(plan, "read", parent))
		other = f.make_user("Per Annen", ["Family Portal User"])
		self.assertFalse(has_website_permission(plan, "read", other))

	def test_r18_plan_prints_in_norwegian_as_an_a4_pdf_with_page_numbers(self):
		plan = self.new_plan().insert()
		plan.status = "Approved"
		plan.save()
		html = frappe.get_print("Individual Plan", plan.name, printing.PLAN_FORMAT)
		self.assertNotIn("{{", html)
		text = visible_text(html)
		self.assertEqual(ENGLISH.findall(text), [], "English in the plan print")
		pages = pdf_pages(printing.get_pdf("Individual Plan", plan.name, printing.PLAN_FORMAT))
		for number, page in enumerate(pages, start=1):
			self.assertIn(f"Side {number} av {len(pages)}", page)
			self.assertEqual(ENGLISH.findall(page), [], f"English on page {number}")
		pdf_text = " ".join(pages)
		parts = [
			"Individuell plan",
			self.town.child.full_name,
			"Personens egne mål",
			"Jeg vil lese bøker selv og ha venner på skolen.",
			"Delmål av M1",
			"Lese en kapittelbok innen jul",
			"Tiltak og ansvar",
			"Lesekurs to ganger i uka",
			"Per Lærer",
			"Måling",
			"Pågår",
			"Delvis nådd",
			"Familiens bidrag",
			"Samarbeid med andre tjenester",
			"Status: Godkjent",
			"Kari Koordinator",
		]
		missing = [part for part in parts if part not in pdf_text or part not in text]
		self.assertEqual(missing, [], "missing in the plan print")

	def assertReadable(self, user: str, name: str, expected: bool):
		frappe.set_user(user)
		try:
			self.assertEqual(
				frappe.has_permission("Individual Plan", "read", doc=name, user=user), expected, user
			)
			listed = name in frappe.get_list("Individual Plan", pluck="name")
			self.assertEqual(listed, expected, f"{user} list")
		finally:
			frappe.set_user("Administrator")
