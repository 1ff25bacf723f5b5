"""The application for an individual plan and coordinator: who applies (R1), KE's decision and the leader's appointment (R2)."""

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import add_days, getdate

from ansvarsgruppe.exceptions import ApplicationError
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


class TestApplicationR1R2(f.MunicipalityTestCase):
	with_town = True

	def application(self, service_user, kind="Relation", relation=None, **extra):
		return f.new_application(service_user, kind, relation, **extra)

	def test_r1_parent_with_parental_responsibility_applies_for_child(self):
		child = self.town.child
		app = self.application(child, relation=child.relations[0].name).insert()
		self.assertEqual(app.applicant_name, "Ola Forelder")
		self.assertEqual(app.status, st.APPLICATION_RECEIVED)

	def test_r1_parent_without_parental_responsibility_is_refused(self):
		child = self.town.child
		self.assertRefused(
			"R1",
			lambda: self.application(child, relation=child.relations[1].name).insert(),
			"IP Application",
		)

	def test_r1_child_under_age_limit_cannot_apply_alone(self):
		self.assertRefused(
			"R1",
			lambda: self.application(self.town.child, kind="Service User").insert(),
			"IP Application",
		)

	def test_r1_age_limit_is_a_setting(self):
		teen = f.make_service_user(age_years=17)
		self.assertRefused("R1", lambda: self.application(teen, kind="Service User").insert())
		with change_settings("Ansvarsgruppe Settings", consent_age_limit=16):
			self.application(teen, kind="Service User").insert()

	def test_r1_guardian_applies_for_adult_and_parent_cannot(self):
		adult = f.make_service_user(age_years=30, relations=[f.guardian(), f.parent()])
		self.application(adult, relation=adult.relations[0].name).insert()
		self.assertRefused("R1", lambda: self.application(adult, relation=adult.relations[1].name).insert())
		self.application(adult, kind="Service User").insert()

	def test_r1_relation_of_another_user_is_refused(self):
		other = f.make_service_user(relations=[f.parent("Fremmed Forelder")])
		self.assertRefused(
			ApplicationError,
			lambda: self.application(self.town.child, relation=other.relations[0].name).insert(),
			"IP Application",
		)

	def test_r2_ke_decides_unit_then_leader_appoints_coordinator_and_group_is_created(self):
		child = f.make_service_user(relations=[f.parent()])
		consent = f.make_consent(child, [self.town.school])
		app = self.application(
			child, relation=child.relations[0].name, proposed_coordinator=self.town.coordinator
		).insert()
		self.assertEqual(app.proposed_coordinator, self.town.coordinator)

		app.status = st.APPLICATION_DECIDED
		self.assertRefused("R2", app.save)
		app.reload()
		app.status, app.responsible_unit, app.decision_date = (
			st.APPLICATION_DECIDED,
			self.town.school,
			getdate(),
		)
		app.save()

		app.status = st.APPLICATION_APPOINTED
		self.assertRefused("R2", app.save)
		app.reload()
		app.status, app.appointed_coordinator, app.consent = (
			st.APPLICATION_APPOINTED,
			self.town.coordinator,
			consent.name,
		)
		app.save()
		group = frappe.get_doc("Responsibility Group", app.responsibility_group)
		self.assertEqual(
			(group.service_user, group.responsible_unit, group.coordinator, group.ip_application),
			(child.name, self.town.school, self.town.coordinator, app.name),
		)
		self.assertTrue(group.name.startswith(f"AG-{getdate().year}-"))

	def test_r2_rejection_needs_reason_and_decision_after_receipt(self):
		app = self.application(self.town.child, relation=self.town.child.relations[0].name).insert()
		app.status = st.APPLICATION_REJECTED
		self.assertRefused("R2", app.save)
		app.reload()
		app.decision_date = add_days(app.date_received, -1)
		self.assertRefused("R2", app.save)
