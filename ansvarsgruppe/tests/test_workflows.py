"""The workflows: every transition by the right role and refused for a wrong one; administrators'
edits survive migrate; renamed states leave the rules intact because code keys on ``status``."""

import frappe
from frappe.model.workflow import apply_workflow, get_workflow_name
from frappe.utils import getdate

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.setup import install
from ansvarsgruppe.setup.workflows import shipped_workflows
from ansvarsgruppe.tests import factories as f

REFUSED = (frappe.ValidationError, frappe.PermissionError)


class WorkflowTestCase(f.MunicipalityTestCase):
	with_town = True
	school_led = True

	def act(self, user, doc, action):
		with self.set_user(user):
			return apply_workflow(doc, action)

	def assertActionRefused(self, user, doc, action):
		state = frappe.db.get_value(doc.doctype, doc.name, "workflow_state")
		with self.assertRaises(REFUSED):
			self.act(user, doc, action)
		self.assertEqual(frappe.db.get_value(doc.doctype, doc.name, "workflow_state"), state)
		doc.reload()  # apply_workflow changed the object in memory before it was refused


class TestTransitions(WorkflowTestCase):
	def test_workflows_exist_with_norwegian_states_setting_status(self):
		shipped = shipped_workflows()
		self.assertEqual(
			{w["document_type"] for w in shipped},
			{
				"IP Application",
				"Responsibility Group",
				"Group Member",
				"Consent",
				"Meeting Minutes",
				"Individual Plan",
			},
		)
		statuses = {value for name, value in vars(st).items() if name.isupper() and isinstance(value, str)}
		for shipped_workflow in shipped:
			workflow = frappe.get_doc("Workflow", get_workflow_name(shipped_workflow["document_type"]))
			self.assertEqual(workflow.name, shipped_workflow["workflow_name"])
			self.assertEqual(
				[(s.state, s.update_field, s.update_value) for s in workflow.states],
				[(row["state"], "status", row["update_value"]) for row in shipped_workflow["states"]],
			)
			self.assertTrue({row["update_value"] for row in shipped_workflow["states"]} <= statuses)

	def test_r2_ip_application_ke_decides_leader_appoints(self):
		child = self.town.child
		app = f.new_application(
			child,
			applied_for="Coordinator",
			needs_description="Behov for koordinator",
			consent=self.town.consent.name,
		).insert()
		self.assertEqual(app.workflow_state, "Mottatt")
		self.assertActionRefused(self.leader, app, "Behandle")
		self.assertActionRefused(self.ke, app, "Behandle")  # R2: no responsible unit decided yet
		frappe.db.set_value(
			"IP Application", app.name, {"responsible_unit": self.staff.school, "decision_date": getdate()}
		)
		app = self.act(self.ke, app, "Behandle")
		self.assertEqual((app.workflow_state, app.status), ("Behandlet", st.APPLICATION_DECIDED))

		self.assertActionRefused(self.ke, app, "Oppnevn koordinator")
		self.assertActionRefused(self.leader, app, "Oppnevn koordinator")  # no coordinator named yet
		# the open group of this child must be closed first: a new one is created on appointment
		frappe.db.set_value("Responsibility Group", self.town.group.name, "status", st.GROUP_CLOSED)
		frappe.db.set_value(
			"IP Application",
			app.name,
			{"appointed_coordinator": self.staff.coordinator, "coordinator_unit": self.staff.school},
		)
		app = self.act(self.leader, app, "Oppnevn koordinator")
		self.assertEqual(app.status, st.APPLICATION_APPOINTED)
		self.assertTrue(frappe.db.exists("Responsibility Group", {"ip_application": app.name}))

		self.assertActionRefused(self.leader, app, "Avslutt")
		app = self.act(self.ke, app, "Avslutt")
		self.assertEqual(app.status, st.APPLICATION_CLOSED)

	def test_r2_ip_application_rejection_needs_reason(self):
		child = self.town.child
		app = f.new_application(
			child, applied_for="Individual Plan", needs_description="Behov for plan"
		).insert()
		self.assertActionRefused(self.ke, app, "Avslå")
		frappe.db.set_value("IP Application", app.name, "rejection_reason", "Behovet dekkes av en tjeneste")
		self.assertEqual(self.act(self.ke, app, "Avslå").status, st.APPLICATION_REJECTED)

	def test_r3_r4_group_transitions(self):
		group = self.town.group
		coordinator = self.staff.coordinator
		self.assertActionRefused(self.staff.teacher, group, "Godkjenn")
		frappe.db.set_value("Responsibility Group", group.name, "consent", None)
		self.assertActionRefused(coordinator, group, "Godkjenn")  # R4: no consent in force
		frappe.db.set_value("Responsibility Group", group.name, "consent", self.town.consent.name)
		group = self.act(coordinator, group, "Godkjenn")
		self.assertEqual(group.status, st.GROUP_APPROVED)

		self.assertActionRefused(coordinator, group, "Aktiver")  # R8: no meeting held yet
		pre = f.make_minutes(group.name, "Pre-meeting", days_ago=5)
		f.advance(pre, st.MINUTES_DRAFT)
		self.assertActionRefused(coordinator, group, "Aktiver")  # R8: the pre-meeting is not a group meeting
		f.make_member(group.name, role="Relative", relation=self.town.child.relations[0].name)
		f.advance(f.make_minutes(group.name, days_ago=1), st.MINUTES_DRAFT)
		group = self.act(coordinator, group, "Aktiver")
		self.assertEqual(group.status, st.GROUP_ACTIVE)

		frappe.db.set_value(
			"Responsibility Group", group.name, {"closed_date": getdate(), "closing_reason": "Mål nådd"}
		)
		self.assertActionRefused(coordinator, group, "Avslutt")  # R16: closing not planned in a meeting
		f.make_minutes(group.name, "Closing", days_ago=1)
		self.assertActionRefused(self.staff.teacher, group, "Avslutt")
		group = self.act(coordinator, group, "Avslutt")
		self.assertEqual(group.status, st.GROUP_CLOSED)

	def test_r5_r7_member_transitions(self):
		group = f.advance(self.town.group, st.GROUP_APPROVED)
		member = f.make_member(
			group.name, self.staff.teacher, self.staff.school, status=st.MEMBER_PROPOSED, mandate_clarified=0
		)
		self.assertActionRefused(self.staff.teacher, member, "Godkjenn")
		self.assertActionRefused(self.staff.coordinator, member, "Godkjenn")  # R7: mandate not clarified
		frappe.db.set_value("Group Member", member.name, "mandate_clarified", 1)
		member = self.act(self.staff.coordinator, member, "Godkjenn")
		member = self.act(self.staff.coordinator, member, "Aktiver")
		self.assertEqual(member.status, st.MEMBER_ACTIVE)
		self.assertActionRefused(self.staff.teacher, member, "Avslutt")
		member = self.act(self.staff.coordinator, member, "Avslutt")
		self.assertEqual(member.status, st.MEMBER_ENDED)

	def test_r4_consent_transitions(self):
		coordinator = self.staff.coordinator
		f.advance(self.town.group, st.GROUP_APPROVED)
		consent = f.make_consent(
			self.town.child, [self.staff.school], status=st.CONSENT_REGISTERED, signed_date=None
		)
		self.assertActionRefused(self.staff.teacher, consent, "Registrer signatur")
		self.assertActionRefused(coordinator, consent, "Registrer signatur")  # R4: no signing date
		frappe.db.set_value("Consent", consent.name, "signed_date", getdate())
		consent = self.act(coordinator, consent, "Registrer signatur")
		self.assertActionRefused(self.ke, consent, "Sett i kraft")  # KE sees consents only as a party to them
		consent = self.act(coordinator, consent, "Sett i kraft")
		self.assertEqual(consent.status, st.CONSENT_ACTIVE)
		self.assertActionRefused(
			coordinator, consent, "Trekk tilbake"
		)  # R4: withdrawal needs date and reason
		frappe.db.set_value(
			"Consent", consent.name, {"withdrawn_on": getdate(), "withdrawal_reason": "Ønske fra familien"}
		)
		consent = self.act(coordinator, consent, "Trekk tilbake")
		self.assertEqual(consent.status, st.CONSENT_WITHDRAWN)

	def test_r8_r11_minutes_transitions(self):
		group = f.advance(self.town.group, st.GROUP_APPROVED)
		f.make_member(group.name, self.staff.teacher, self.staff.school)
		f.make_minutes(group.name, "Pre-meeting", days_ago=20)
		minutes = f.make_minutes(group.name, days_ago=2, minute_taker=self.staff.teacher)
		self.assertActionRefused(self.staff.nurse, minutes, "Skriv referat")
		minutes = self.act(self.staff.teacher, minutes, "Skriv referat")  # the minute-taker writes the draft
		self.assertEqual(minutes.status, st.MINUTES_DRAFT)
		self.assertActionRefused(self.staff.teacher, minutes, "Godkjenn")
		self.assertActionRefused(self.staff.coordinator, minutes, "Godkjenn")  # R11: parts missing
		f.complete(minutes).save()
		minutes = self.act(self.staff.coordinator, minutes, "Godkjenn")
		self.assertEqual(minutes.status, st.MINUTES_APPROVED)
		minutes = self.act(self.staff.coordinator, minutes, "Distribuer")
		self.assertEqual(minutes.status, st.MINUTES_DISTRIBUTED)

	def test_status_cannot_jump_past_the_workflow(self):
		group = self.town.group
		group.status = st.GROUP_ACTIVE
		with self.assertRaises(frappe.ValidationError):
			group.save()


class TestAdministratorsEdits(WorkflowTestCase):
	def test_edits_survive_migrate(self):
		workflow = frappe.get_doc("Workflow", get_workflow_name("Responsibility Group"))
		frappe.get_doc(
			{"doctype": "Workflow State", "workflow_state_name": "Til vurdering hos leder"}
		).insert()
		frappe.get_doc(
			{"doctype": "Workflow Action Master", "workflow_action_name": "Send til leder"}
		).insert()
		workflow.append(
			"states",
			{"state": "Til vurdering hos leder", "doc_status": "0", "allow_edit": "Unit Leader"},
		)
		workflow.append(
			"transitions",
			{
				"state": "Foreslått",
				"action": "Send til leder",
				"next_state": "Til vurdering hos leder",
				"allowed": "Coordinator",
			},
		)
		approve = next(
			t for t in workflow.transitions if t.action == "Godkjenn" and t.allowed == "Unit Leader"
		)
		approve.allowed = "Coordinating Unit"
		workflow.states[0].state = workflow.states[0].state  # untouched
		workflow.save()

		for method in frappe.get_hooks("after_migrate", app_name="ansvarsgruppe"):
			frappe.get_attr(method)()
		install.after_migrate()

		workflow = frappe.get_doc("Workflow", workflow.name)
		self.assertIn("Til vurdering hos leder", [s.state for s in workflow.states])
		self.assertIn("Send til leder", [t.action for t in workflow.transitions])
		self.assertIn(
			("Godkjenn", "Coordinating Unit"), [(t.action, t.allowed) for t in workflow.transitions]
		)
		self.assertNotIn(("Godkjenn", "Unit Leader"), [(t.action, t.allowed) for t in workflow.transitions])

	def test_a_missing_workflow_is_made_from_its_file(self):
		name = get_workflow_name("Consent")
		shipped = next(w for w in shipped_workflows() if w["document_type"] == "Consent")
		frappe.delete_doc("Workflow", name, ignore_permissions=True, force=True)
		install.after_migrate()
		workflow = frappe.get_doc("Workflow", get_workflow_name("Consent"))
		self.assertEqual(workflow.name, shipped["workflow_name"])
		self.assertEqual(
			[(t.state, t.action, t.next_state, t.allowed) for t in workflow.transitions],
			[(t["state"], t["action"], t["next_state"], t["allowed"]) for t in shipped["transitions"]],
		)
		self.assertEqual(frappe.db.get_value("Workflow State", "Trukket tilbake", "style"), "Danger")

	def test_workflows_are_not_fixtures(self):
		fixtures = frappe.get_hooks("fixtures", app_name="ansvarsgruppe") or []
		names = [fx if isinstance(fx, str) else fx.get("dt") or fx.get("doctype") for fx in fixtures]
		for doctype in ("Workflow", "Workflow State", "Workflow Action Master", "Role"):
			self.assertNotIn(doctype, names)

	def test_renamed_states_keep_the_rules(self):
		renames = {}
		for doctype in ("Responsibility Group", "Group Member"):
			workflow = frappe.get_doc("Workflow", get_workflow_name(doctype))
			for row in workflow.states:
				new = f"{row.state} (omdøpt)"
				if not frappe.db.exists("Workflow State", new):
					frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": new}).insert()
				renames[(doctype, row.state)] = new
			for row in workflow.states:
				row.state = renames[(doctype, row.state)]
			for row in workflow.transitions:
				row.state = renames[(doctype, row.state)]
				row.next_state = renames[(doctype, row.next_state)]
			workflow.save()
			for old_new in [(o, n) for (d, o), n in renames.items() if d == doctype]:
				frappe.db.set_value(doctype, {"workflow_state": old_new[0]}, "workflow_state", old_new[1])
		frappe.clear_cache()

		child = f.make_service_user(relations=[f.parent()])
		group = f.make_group(child.name, self.staff.school, self.staff.coordinator)
		self.assertEqual((group.workflow_state, group.status), ("Foreslått (omdøpt)", st.GROUP_PROPOSED))
		# R4 still holds under the new names: no consent, no approval
		self.assertActionRefused(self.staff.coordinator, group, "Godkjenn")
		consent = f.make_consent(child, [self.staff.school])
		frappe.db.set_value("Responsibility Group", group.name, "consent", consent.name)
		group = self.act(self.staff.coordinator, group, "Godkjenn")
		self.assertEqual((group.workflow_state, group.status), ("Godkjent (omdøpt)", st.GROUP_APPROVED))
		# R7 still holds for members, and status-driven saves find the renamed state
		member = f.make_member(
			group.name, self.staff.teacher, self.staff.school, status=st.MEMBER_PROPOSED, mandate_clarified=0
		)
		member.status = st.MEMBER_APPROVED
		with self.assertRaises(frappe.ValidationError):
			member.save()
		member.reload()
		member.mandate_clarified, member.status = 1, st.MEMBER_APPROVED
		member.save()
		self.assertEqual(member.workflow_state, "Godkjent (omdøpt)")
