"""R18 on a real site: the individual plan with goals, measures and evaluations, its refusals (Norwegian,
nothing written), its versions, and who may read it (R5, the family portal)."""

import frappe
from frappe.utils import add_days, getdate

from ansvarsgruppe.ansvarsgruppe.doctype.individual_plan.individual_plan import make_individual_plan
from ansvarsgruppe.portal.permissions import has_website_permission
from ansvarsgruppe.printing import formats
from ansvarsgruppe.printing.pdf import get_pdf
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_print_formats import ENGLISH, pdf_pages, visible_text


class PlanTestCase(f.MunicipalityTestCase):
	def setUp(self):
		super().setUp()
		town = self.town = f.Municipality(self.staff)
		self.group, self.application = f.group_to_plan(
			town, (town.teacher, town.school), (town.nurse, town.health)
		)

	def new_plan(self, **extra):
		today = getdate()
		values = {
			"ip_application": self.application.name,
			**f.plan_period_and_story(),
			"goals": [
				{"goal": "Lese alderstilpasset tekst", "is_persons_own_goal": 1},
				{"goal": "Lese en kapittelbok innen jul", "parent_goal": "M1"},
			],
			"measures": [f.measured_course(self.town.school, self.town.teacher)],
			"evaluations": [
				{
					"reference": "T1",
					"evaluation_date": today,
					"participants": "Koordinator, lærer, foreldre",
					"result": "Partly",
					"next_evaluation_date": add_days(today, 60),
				}
			],
		}
		return f.new_plan(self.group.name, **{**values, **extra})

	def assertRefused(self, expected, action):
		return super().assertRefused(expected, action, "Individual Plan")


class TestIndividualPlan(PlanTestCase):
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

	def test_r18_the_coordinator_starts_the_plan_from_the_group_and_its_application(self):
		frappe.db.set_value("Responsibility Group", self.group.name, "ip_application", self.application.name)
		with self.set_user(self.town.teacher):
			with self.assertRaises(frappe.PermissionError):
				make_individual_plan(self.group.name)
		with self.set_user(self.town.coordinator):
			name = make_individual_plan(self.group.name)
			plan = frappe.get_doc("Individual Plan", name)
			self.assertEqual((plan.status, plan.ip_application), ("Draft", self.application.name))
			self.assertEqual(plan.service_user, self.town.child.name)
			self.assertEqual(plan.needs, self.application.needs_description)
			self.assertEqual(
				make_individual_plan(self.group.name), name, "the open plan is opened, not a second"
			)

	def test_r18_approving_records_who_and_revisions_keep_the_earlier_version(self):
		from ansvarsgruppe.api.archive import correct

		plan = self.new_plan().insert()
		with self.set_user(self.town.coordinator):
			plan.status, plan.no_agreement_reason = (
				"Approved",
				"Personen ville ta stilling til planen senere.",
			)
			plan.save()
			self.assertEqual(plan.approved_by, self.town.coordinator)
			self.assertEqual(getdate(plan.approved_on), getdate())
			revision = frappe.get_doc(
				"Individual Plan", correct("Individual Plan", plan.name, "Nytt mål")["new_version"]
			)
			self.assertEqual(revision.status, "Under Revision")
			revision.own_goals = "Jeg vil lese bøker og spille i korps."
			revision.status, revision.no_agreement_reason = (
				"Approved",
				"Personen ville ta stilling til planen senere.",
			)
			revision.save()
		earlier = frappe.db.get_value("Individual Plan", plan.name, ["status", "own_goals"], as_dict=True)
		self.assertEqual(
			(earlier.status, earlier.own_goals), ("Closed", "Jeg vil lese bøker selv og ha venner på skolen.")
		)
		self.assertEqual(revision.approved_by, self.town.coordinator)

	def test_r18_measure_without_responsible_person_is_refused(self):
		plan = self.new_plan()
		plan.measures[0].responsible_person = None
		self.assertRefused("R18", plan.insert)

	def test_r18_measure_ending_before_it_starts_is_refused(self):
		plan = self.new_plan()
		plan.measures[0].end_date = add_days(plan.measures[0].start_date, -1)
		self.assertRefused("R18", plan.insert)

	def test_r18_evaluation_in_the_future_is_refused(self):
		plan = self.new_plan()
		plan.evaluations[0].evaluation_date = add_days(getdate(), 1)
		self.assertRefused("R18", plan.insert)

	def test_r18_sub_goal_of_a_missing_goal_is_refused(self):
		plan = self.new_plan()
		plan.goals[1].parent_goal = "M9"
		self.assertRefused("R18", plan.insert)

	def test_r18_second_open_plan_is_refused_until_the_first_is_closed(self):
		first = self.new_plan().insert()
		self.assertRefused("R18", self.new_plan().insert)
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

	def test_r18_only_the_groups_coordinator_changes_the_plan(self):
		plan = self.new_plan().insert()
		other_coordinator = f.make_user("Kåre Koordinator", ["Coordinator"])
		f.make_member(self.group.name, other_coordinator, self.town.school)
		for user, may_read, may_write in (
			(self.town.coordinator, True, True),
			(other_coordinator, True, False),
			(self.town.teacher, True, False),
		):
			self.assertEqual(
				frappe.has_permission("Individual Plan", "read", doc=plan.name, user=user), may_read
			)
			self.assertEqual(
				frappe.has_permission("Individual Plan", "write", doc=plan.name, user=user), may_write, user
			)
		with self.set_user(other_coordinator):
			foreign = self.new_plan()
			with self.assertRaises(frappe.PermissionError):
				foreign.insert()

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
		html = frappe.get_print("Individual Plan", plan.name, formats.PLAN_FORMAT)
		self.assertNotIn("{{", html)
		text = visible_text(html)
		self.assertEqual(ENGLISH.findall(text), [], "English in the plan print")
		pages = pdf_pages(get_pdf("Individual Plan", plan.name, formats.PLAN_FORMAT))
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
			"Omfang: 2 × 45 minutter i uka",
			"Gjennomføring: I liten gruppe på skolebiblioteket",
			f"Samtykke: {self.town.consent.name}",
			"Neste revidering:",
			"Deltakere i arbeidet med planen",
			"Sina Helsesykepleier",
			"Tjenestenes bidrag",
			"Personens eget bidrag",
		]
		missing = [part for part in parts if part not in pdf_text or part not in text]
		self.assertEqual(missing, [], "missing in the plan print")

	def assertReadable(self, user: str, name: str, expected: bool):
		with self.set_user(user):
			self.assertEqual(
				frappe.has_permission("Individual Plan", "read", doc=name, user=user), expected, user
			)
			listed = name in frappe.get_list("Individual Plan", pluck="name")
			self.assertEqual(listed, expected, f"{user} list")


class TestPlanInMeetings(PlanTestCase):
	"""R9, R13 and R18 together: the plan's open measures are the status round of every meeting, and
	approved minutes write the group's conclusions back into the plan."""

	def setUp(self):
		super().setUp()
		today = getdate()
		plan = self.new_plan()
		plan.append(
			"measures",
			{
				"goal_id": "M2",
				"description": "Helsesamtaler om søvn og mat",
				"responsible_unit": self.town.health,
				"responsible_person": self.town.nurse,
				"start_date": add_days(today, -30),
				"end_date": add_days(today, 30),
				"status": "Planned",
				"evaluation_form": "Conversation",
			},
		)
		plan.append(
			"measures",
			{
				"goal_id": "M1",
				"description": "Kartlegging av leseferdigheter",
				"responsible_person": self.town.teacher,
				"start_date": add_days(today, -60),
				"end_date": add_days(today, -10),
				"status": "Done",
				"evaluation_form": "Observation",
			},
		)
		plan.measures[0].start_date = add_days(today, -30)
		plan.evaluations = []
		self.plan = plan.insert()
		self.plan.status = "Approved"
		self.plan.save()
		self.pre_meeting = f.make_minutes(self.group.name, "Pre-meeting", days_ago=30)

	def test_r9_invitation_lists_each_participants_open_measures(self):
		minutes = f.make_minutes(self.group.name, "Ordinary", days_ago=-7)
		self.assertEqual(minutes.individual_plan, self.plan.name)
		rows = [(r.measure_id, r.responsible_person, r.status_before) for r in minutes.measure_updates]
		self.assertEqual(
			rows, [("T1", self.town.teacher, "Ongoing"), ("T2", self.town.nurse, "Planned")], "open only"
		)
		pages = pdf_pages(get_pdf("Meeting Minutes", minutes.name, formats.INVITATION_FORMAT))
		text = " ".join(" ".join(page.split()) for page in pages)
		status_round = text[text.index("Statusrunde: tiltak i individuell plan") :]
		teacher_at, nurse_at = status_round.index("Per Lærer"), status_round.index("Sina Helsesykepleier")
		self.assertIn("Lesekurs to ganger i uka", status_round[teacher_at:nurse_at])
		self.assertIn("Helsesamtaler om søvn og mat", status_round[nurse_at:])
		self.assertNotIn("Kartlegging av leseferdigheter", text, "a finished measure is not on the agenda")

	def test_r18_approved_minutes_update_two_measures_and_add_an_evaluation(self):
		minutes = f.complete(f.make_minutes(self.group.name, "Ordinary", days_ago=1))
		later = add_days(getdate(), 200)
		by_id = {row.measure_id: row for row in minutes.measure_updates}
		by_id["T1"].update(
			{
				"progress": "Leser nå kapittelbøker.",
				"new_status": "Done",
				"add_evaluation": 1,
				"result": "Achieved",
			}
		)
		by_id["T2"].update(
			{
				"progress": "Startet i august.",
				"new_status": "Ongoing",
				"new_end_date": later,
				"next_evaluation_date": add_days(getdate(), 60),
			}
		)
		minutes.save()
		self.assertEqual(
			str(frappe.db.get_value("Individual Plan", self.plan.name, "modified")),
			str(self.plan.modified),
			"the plan changes only when the minutes are approved",
		)
		f.advance(minutes, st.MINUTES_APPROVED)

		plan = frappe.get_doc("Individual Plan", self.plan.name)
		measures = {m.measure_id: m for m in plan.measures}
		self.assertEqual(measures["T1"].status, "Done")
		self.assertEqual((measures["T2"].status, getdate(measures["T2"].end_date)), ("Ongoing", later))
		self.assertEqual(getdate(measures["T2"].next_evaluation_date), add_days(getdate(), 60))
		self.assertEqual(measures["T3"].status, "Done", "a measure outside the status round is untouched")
		[evaluation] = plan.evaluations
		self.assertEqual(
			(evaluation.reference, getdate(evaluation.evaluation_date), evaluation.result),
			("T1", getdate(minutes.meeting_date), "Achieved"),
		)
		self.assertEqual(evaluation.meeting_minutes, minutes.name)
		self.assertIn("Per Lærer", evaluation.participants)
		self.assertEqual(evaluation.notes, "Leser nå kapittelbøker.")

	def test_r18_minutes_that_do_not_fit_the_plan_are_not_approved(self):
		minutes = f.complete(f.make_minutes(self.group.name, "Ordinary", days_ago=1))
		minutes.measure_updates[0].add_evaluation = 1
		minutes.measure_updates[1].new_end_date = add_days(getdate(), -365)
		minutes.save()
		with self.assertRaises(frappe.ValidationError) as caught:
			f.advance(minutes, st.MINUTES_APPROVED)
		self.assertIn("Evalueringen av tiltak T1 må ha et resultat", str(caught.exception))
		self.assertIn("Den nye sluttdatoen for tiltak T2 er før tiltaket starter", str(caught.exception))
		self.assertEqual(frappe.db.get_value("Meeting Minutes", minutes.name, "status"), st.MINUTES_DRAFT)
		self.assertEqual(frappe.get_doc("Individual Plan", self.plan.name).evaluations, [])

	def test_r13_annual_review_evaluates_the_plan_and_sets_the_next_revision_date(self):
		review = f.complete(f.make_minutes(self.group.name, "Annual Review", days_ago=1))
		review.save()
		with self.assertRaises(frappe.ValidationError) as caught:
			f.advance(review, st.MINUTES_APPROVED)
		self.assertIn("må sette dato for neste revidering av planen", str(caught.exception))
		next_revision = add_days(getdate(), 364)
		review = frappe.get_doc("Meeting Minutes", review.name)
		review.plan_result, review.next_plan_revision = "Partly", next_revision
		review.save()
		f.advance(review, st.MINUTES_APPROVED)

		plan = frappe.get_doc("Individual Plan", self.plan.name)
		self.assertEqual(getdate(plan.next_revision_date), next_revision)
		[evaluation] = plan.evaluations
		self.assertEqual((evaluation.reference, evaluation.result), ("Hele planen", "Partly"))
		self.assertEqual(getdate(evaluation.next_evaluation_date), next_revision)
		group = frappe.get_doc("Responsibility Group", self.group.name)
		self.assertEqual(getdate(group.last_annual_review), getdate(review.meeting_date))
		text = visible_text(frappe.get_print("Meeting Minutes", review.name, formats.MINUTES_FORMAT))
		self.assertIn("Årlig gjennomgang av planen: Delvis nådd", text)

	def test_r18_group_shows_whether_the_person_has_an_open_plan(self):
		self.assertEqual(
			frappe.db.get_value("Responsibility Group", self.group.name, "has_individual_plan"), 1
		)
		self.plan.status = "Closed"
		self.plan.save()
		self.assertEqual(
			frappe.db.get_value("Responsibility Group", self.group.name, "has_individual_plan"), 0
		)

	def test_r18_the_responsible_person_updates_only_their_own_measures(self):
		with self.set_user(self.town.teacher):
			self.assertFalse(frappe.has_permission("Individual Plan", "write", doc=self.plan.name))
			plan = frappe.get_doc("Individual Plan", self.plan.name)
			plan.update_my_measure("T1", status="Done")
			self.assertEqual(frappe.db.get_value("Plan Measure", plan.measures[0].name, "status"), "Done")
			with self.assertRaises(frappe.PermissionError):
				frappe.get_doc("Individual Plan", self.plan.name).update_my_measure("T2", status="Done")
			self.assertEqual(frappe.db.get_value("Plan Measure", plan.measures[1].name, "status"), "Planned")
