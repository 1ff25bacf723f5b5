"""The road of one case as the coordinator takes it after the appointment (R3, R4, R8): the consent he
registers becomes the group's, he joins the group approved, and the pre-meeting's checklist names the
mandate before writing the minutes is refused for it."""

import frappe

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


class TestTheCaseRoad(f.MunicipalityTestCase):
	def test_r4_a_consent_put_in_force_becomes_the_open_groups_and_the_coordinator_joins_approved(self):
		staff = self.staff
		child = f.make_service_user(relations=[f.parent()])
		group = f.make_group(child.name, staff.school, staff.coordinator)
		self.assertFalse(frappe.db.exists("Group Member", {"group": group.name}))

		consent = f.make_consent(child, [staff.school], status=st.CONSENT_SIGNED)
		self.assertIsNone(frappe.db.get_value("Responsibility Group", group.name, "consent"), "signed only")
		f.advance(consent, st.CONSENT_ACTIVE)

		self.assertEqual(frappe.db.get_value("Responsibility Group", group.name, "consent"), consent.name)
		member = frappe.get_all(
			"Group Member",
			filters={"group": group.name},
			fields=["user", "member_role", "status", "mandate_clarified"],
		)
		self.assertEqual(
			member,
			[
				{
					"user": staff.coordinator,
					"member_role": "Coordinator",
					"status": "Approved",
					"mandate_clarified": 1,
				}
			],
		)
		# R3: the group can now be approved on it
		f.advance(frappe.get_doc("Responsibility Group", group.name), st.GROUP_APPROVED)

	def test_r4_a_group_keeps_the_consent_it_rests_on(self):
		staff = self.staff
		child = f.make_service_user(relations=[f.parent()])
		first = f.make_consent(child, [staff.school])
		group = f.make_group(child.name, staff.school, staff.coordinator, first.name)
		f.make_consent(child, [staff.school, staff.health])
		self.assertEqual(frappe.db.get_value("Responsibility Group", group.name, "consent"), first.name)

	def test_r8_the_pre_meetings_checklist_names_the_mandate_before_the_minutes_are_refused_for_it(self):
		staff = self.staff
		child = f.make_service_user(relations=[f.parent()])
		consent = f.make_consent(child, [staff.school])
		group = f.make_group(child.name, staff.school, staff.coordinator, consent.name, mandate="")
		pre = f.make_minutes(group.name, "Pre-meeting", days_ago=0)
		pre.run_method("onload")
		needs = pre.get_onload("next_step")["needs"]
		self.assertIn("Skriv gruppens mandat før referatet fra formøtet.", needs)

	def test_innsyn_tells_staff_they_follow_no_group_instead_of_that_nobody_has_looked(self):
		from ansvarsgruppe.www import innsyn

		with self.set_user(self.staff.teacher):
			context = innsyn.get_context(frappe._dict())
		self.assertEqual((context.follows_nobody, context.is_staff, context.rows), (True, True, []))
