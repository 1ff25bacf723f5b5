"""A case's steps are done by the person whose job it is, in the screen they are on: no step leads to a
record nobody may finish, and no form refuses its own user what it shows them."""

import frappe
from frappe.model.workflow import apply_workflow, get_workflow_name
from frappe.utils import getdate

from ansvarsgruppe.api.desk import get_relations
from ansvarsgruppe.patches import coordinator_writes_draft_minutes
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.setup.workflows import shipped_workflows
from ansvarsgruppe.tests import factories as f


def editable_in_the_desk(user: str, doc) -> bool:
	"""The desk's ``frappe.workflow.is_read_only``, negated: a role of ``user`` may edit the document's
	workflow state."""
	workflow = frappe.get_doc("Workflow", get_workflow_name(doc.doctype))
	roles = {row.allow_edit for row in workflow.states if row.state == doc.workflow_state}
	return bool(roles & set(frappe.get_roles(user)))


class TestMinuteTaker(f.MunicipalityTestCase):
	with_town = True

	def setUp(self):
		super().setUp()
		self.group = f.advance(self.town.group, st.GROUP_APPROVED)
		f.make_member(self.group.name, self.staff.teacher, self.staff.school)

	def test_r11_the_coordinator_writes_and_approves_the_minutes_he_takes(self):
		coordinator = self.staff.coordinator
		self.assertNotIn("Group Participant", frappe.get_roles(coordinator))
		minutes = f.make_minutes(self.group.name, days_ago=2, minute_taker=coordinator)
		with self.set_user(coordinator):
			minutes = apply_workflow(frappe.get_doc("Meeting Minutes", minutes.name), "Skriv referat")
			self.assertEqual(minutes.status, st.MINUTES_DRAFT)
			# R11 part 9: the minutes being written start from the distribution list the app knows
			self.assertEqual([row.user for row in minutes.distribution], [coordinator, self.staff.teacher])
			self.assertTrue(
				editable_in_the_desk(coordinator, minutes), "the draft is read-only for its writer"
			)
			minutes = frappe.get_doc("Meeting Minutes", minutes.name)
			# the form says what approval needs before approval is refused
			minutes.run_method("onload")
			step = minutes.get_onload().next_step
			self.assertEqual(step["step"], "Godkjenn")
			self.assertTrue(step["needs"])
			f.complete(minutes).save()
			minutes.run_method("onload")
			self.assertEqual(minutes.get_onload().next_step["needs"], [])
			minutes = apply_workflow(minutes, "Godkjenn")
		self.assertEqual(minutes.status, st.MINUTES_APPROVED)

	def test_r11_the_coordinator_changes_a_drafts_minute_taker(self):
		coordinator, teacher = self.staff.coordinator, self.staff.teacher
		minutes = f.advance(
			f.make_minutes(self.group.name, days_ago=2, minute_taker=teacher), st.MINUTES_DRAFT
		)
		with self.set_user(coordinator):
			minutes = frappe.get_doc("Meeting Minutes", minutes.name)
			self.assertTrue(editable_in_the_desk(coordinator, minutes))
			minutes.run_method("onload")
			# only those who may write the minutes can be chosen
			self.assertEqual(minutes.get_onload().minute_taker_choices, [coordinator, teacher])
			# R11 part 9: the distribution list the app knows, filled in when the minutes began
			self.assertEqual([row.user for row in minutes.distribution], [coordinator, teacher])
			self.assertTrue(all(row.email for row in minutes.distribution))
			minutes.minute_taker = coordinator
			minutes.save()
		self.assertEqual(frappe.db.get_value("Meeting Minutes", minutes.name, "minute_taker"), coordinator)

	def test_the_first_shipped_workflow_lets_the_coordinator_edit_drafts_after_migrate(self):
		workflow = frappe.get_doc("Workflow", get_workflow_name("Meeting Minutes"))

		def coordinator_edits_drafts():
			rows = frappe.get_all(
				"Workflow Document State",
				filters={"parent": workflow.name, "state": "Utkast"},
				pluck="allow_edit",
			)
			return "Coordinator" in rows

		def as_first_shipped():
			workflow.reload()
			workflow.states = [
				row
				for row in workflow.states
				if not (row.state == "Utkast" and row.allow_edit == "Coordinator")
			]
			workflow.save()

		try:
			as_first_shipped()
			self.assertFalse(coordinator_edits_drafts())
			coordinator_writes_draft_minutes.execute()
			self.assertTrue(coordinator_edits_drafts())
			workflow.reload()
			shipped = next(w for w in shipped_workflows() if w["document_type"] == "Meeting Minutes")
			self.assertEqual(
				[(row.state, row.allow_edit) for row in workflow.states],
				[(row["state"], row["allow_edit"]) for row in shipped["states"]],
			)

			# an administrator's own workflow is left as it is
			as_first_shipped()
			workflow.transitions[-1].allowed = "Coordinating Unit"
			workflow.save()
			coordinator_writes_draft_minutes.execute()
			self.assertFalse(coordinator_edits_drafts())
		finally:
			workflow.reload()
			workflow.transitions[-1].allowed = "Coordinator"
			workflow.save()
			if not coordinator_edits_drafts():
				coordinator_writes_draft_minutes.execute()
		self.assertTrue(coordinator_edits_drafts())


class TestUnitLeaderOpensTheApplication(f.MunicipalityTestCase):
	school_led = True

	def test_r2_the_leader_sees_whom_an_application_to_her_unit_is_for(self):
		child = f.make_service_user(age_years=9, relations=[f.parent("Tone Søker")])
		application = f.new_application(child).insert()
		frappe.db.set_value(
			"IP Application",
			application.name,
			{
				"responsible_unit": self.staff.school,
				"decision_date": getdate(),
				"status": st.APPLICATION_DECIDED,
			},
		)
		with self.set_user(self.leader):
			# the form's relation field asks for the applicant's relations on every load and save
			relations = get_relations(child.name)
			self.assertEqual([r.full_name for r in relations], ["Tone Søker"])
			self.assertTrue(frappe.has_permission("Service User", "read", child.name))
		with self.set_user(self.people["other_leader"]):
			self.assertRaises(frappe.PermissionError, get_relations, child.name)


class TestTheFamilysPortal(f.MunicipalityTestCase):
	with_town = True

	def test_a_parent_who_logs_in_lands_on_mine_ansvarsgrupper(self):
		from frappe.website.utils import get_home_page

		parent = f.make_user("Pia Portal", ["Family Portal User"])
		frappe.db.set_value("User", parent, "user_type", "Website User")
		frappe.cache.delete_key("home_page")
		with self.set_user(parent):
			self.assertEqual(get_home_page(), "mine-ansvarsgrupper")
		self.assertTrue(frappe.db.get_single_value("Website Settings", "app_name"))

	def test_the_next_meeting_shows_date_time_and_place_and_whom_the_parent_follows(self):
		from ansvarsgruppe.www import mine_ansvarsgrupper as page

		group = f.advance(self.town.group, st.GROUP_APPROVED)
		f.make_minutes(group.name, days_ago=-7, start_time="13:30:00", place="Møterom Fjord, rådhuset")
		group = frappe.get_all(
			"Responsibility Group", filters={"name": group.name}, fields=["name", "next_meeting_date"]
		)[0]
		expected_day = frappe.utils.formatdate(frappe.utils.add_days(getdate(), 7), "dd.MM.yyyy")
		self.assertEqual(page.next_meeting(group), f"{expected_day} kl. 13:30, Møterom Fjord, rådhuset")
		relation = self.town.child.relations[0]
		self.assertEqual(
			page.acting_as(self.town.child.full_name, {"kind": "Relation", "relation": relation.name}),
			f"Du følger opp {self.town.child.full_name} som forelder.",
		)


class TestWhatTheAppKnowsIsFilledIn(f.MunicipalityTestCase):
	def test_r2_the_decision_is_dated_today_and_the_coordinator_belongs_to_the_leaders_unit(self):
		child = f.make_service_user(age_years=9, relations=[f.parent()])
		consent = f.make_consent(child, [self.staff.school])
		application = f.new_application(child, consent=consent.name).insert()
		application.status, application.responsible_unit = st.APPLICATION_DECIDED, self.staff.school
		application.save()
		self.assertEqual(getdate(application.decision_date), getdate())
		application.status, application.appointed_coordinator = (
			st.APPLICATION_APPOINTED,
			self.staff.coordinator,
		)
		application.save()
		self.assertEqual(application.coordinator_unit, self.staff.school)
		self.assertTrue(application.responsibility_group)


class TestNoStepARoleIsRefused(f.MunicipalityTestCase):
	with_town = True

	def test_r11_r18_only_whoever_may_change_a_final_record_is_offered_a_new_version(self):
		group, _application = f.group_to_plan(self.town, (self.staff.teacher, self.staff.school))
		plan = f.make_plan(group.name, self.staff.teacher, self.staff.school)
		approved = f.approve_minutes(f.complete(f.make_minutes(group.name, days_ago=2)))
		for record in (plan, approved):
			for user, offered in ((self.staff.coordinator, True), (self.staff.teacher, False)):
				with self.set_user(user):
					doc = frappe.get_doc(record.doctype, record.name)
					doc.run_method("onload")
					self.assertEqual(doc.get_onload().may_correct, offered, (record.doctype, user))

	def test_r18_the_open_measures_card_opens_the_measures_not_the_plans(self):
		from ansvarsgruppe.ansvarsgruppe.report.my_open_measures.my_open_measures import execute
		from ansvarsgruppe.api import home

		group, application = f.group_to_plan(self.town, (self.staff.teacher, self.staff.school))
		plan = f.make_plan(group.name, self.staff.teacher, self.staff.school, ip_application=application.name)
		with self.set_user(self.staff.teacher):
			result = home.my_open_measures()
			self.assertEqual(result["route"], ["query-report", "My Open Measures"])
			_columns, rows = execute()
		# the card counts the rows the report lists: this plan's measure among the teacher's
		self.assertEqual(result["value"], len(rows))
		self.assertIn((plan.name, "Pågår"), [(row.plan, row.measure_status) for row in rows])
		with self.set_user(self.staff.coordinator):
			self.assertEqual(execute()[1], [])


class TestTheApplicationSaysItsNextStep(f.MunicipalityTestCase):
	school_led = True

	def test_r2_each_step_names_what_it_still_needs_and_not_what_the_app_fills_in(self):
		child = f.make_service_user(age_years=9, relations=[f.parent()])
		consent = f.make_consent(child, [self.staff.school])
		application = f.new_application(child, consent=consent.name).insert()

		def step(doc):
			doc = frappe.get_doc("IP Application", doc.name)
			doc.run_method("onload")
			return doc.get_onload().next_step

		received = step(application)
		self.assertEqual(received["step"], "Behandle")
		self.assertEqual(
			received["needs"], ["Koordinerende enhet må bestemme hvilken enhet som har ansvaret."]
		)
		application.responsible_unit = self.staff.school
		application.save()
		self.assertEqual(step(application)["needs"], [])
		application.status = st.APPLICATION_DECIDED
		application.save()
		with self.set_user(self.leader):
			decided = step(application)
			self.assertEqual(decided["step"], "Oppnevn koordinator")
			self.assertEqual(decided["needs"], ["Velg koordinatoren som skal oppnevnes."])


class TestTheGroupSaysItsNextStep(f.MunicipalityTestCase):
	with_town = True

	def test_r8_the_group_names_what_its_next_step_still_needs(self):
		def step(name):
			doc = frappe.get_doc("Responsibility Group", name)
			doc.run_method("onload")
			return doc.get_onload().next_step

		proposed = step(self.town.group.name)
		self.assertEqual(proposed["step"], "Godkjenn")
		self.assertEqual(proposed["needs"], [])
		group = f.advance(self.town.group, st.GROUP_APPROVED)
		approved = step(group.name)
		self.assertEqual(approved["step"], "Aktiver")
		self.assertIn(
			frappe._("The group becomes active when its first meeting has been held."), approved["needs"]
		)
		self.assertNotIn(frappe._("An active group needs its established date."), approved["needs"])
