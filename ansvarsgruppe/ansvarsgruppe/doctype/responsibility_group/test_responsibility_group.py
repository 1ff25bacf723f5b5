"""The group: one coordinator (R3), few members with a clarified mandate (R6, R7), transitions (R15) and what KE is told (R16)."""

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import add_days, add_months, getdate

from ansvarsgruppe.exceptions import GroupError
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


class TestGroupR3R6R7R15R16(f.MunicipalityTestCase):
	with_town = True

	def test_r3_group_cannot_be_approved_without_coordinator(self):
		group = self.town.group
		group.coordinator = None
		group.status = st.GROUP_APPROVED
		self.assertRefused("R3", group.save)

	def test_r4_group_cannot_be_approved_without_consent_in_force(self):
		group = self.town.group
		group.consent = None
		group.status = st.GROUP_APPROVED
		self.assertRefused("R4", group.save)
		group.reload()
		group.consent = f.make_consent(self.town.child, [self.town.school], status=st.CONSENT_SIGNED).name
		group.status = st.GROUP_APPROVED
		self.assertRefused("R4", group.save)

	def test_r3_group_approved_with_coordinator_and_consent(self):
		group = f.approve_group(self.town.group)
		self.assertEqual(getdate(group.established_date), getdate())
		self.assertEqual(getdate(group.next_review_due), getdate(add_months(getdate(), 12)))

	def test_r13_changed_review_interval_moves_every_next_review(self):
		group = f.approve_group(self.town.group)
		with change_settings("Ansvarsgruppe Settings", annual_review_interval_months=6):
			self.assertEqual(
				getdate(frappe.db.get_value("Responsibility Group", group.name, "next_review_due")),
				getdate(add_months(group.established_date, 6)),
			)
		self.assertEqual(
			getdate(frappe.db.get_value("Responsibility Group", group.name, "next_review_due")),
			getdate(add_months(group.established_date, 12)),
		)

	def test_r3_one_open_group_per_service_user(self):
		self.assertRefused(
			"R3",
			lambda: f.make_group(self.town.child.name, self.town.school, self.town.coordinator),
			"Responsibility Group",
		)

	def test_r3_exactly_one_coordinator_member(self):
		group = self.town.group.name
		f.make_member(group, self.town.coordinator, self.town.school, role="Coordinator")
		other = f.make_user("Annen Koordinator", ["Coordinator"])
		self.assertRefused(
			"R3",
			lambda: f.make_member(group, other, self.town.school, role="Coordinator"),
			"Group Member",
		)

	def test_r7_member_needs_clarified_mandate_before_approval(self):
		member = f.make_member(
			self.town.group.name,
			self.town.teacher,
			self.town.school,
			status=st.MEMBER_PROPOSED,
			mandate_clarified=0,
		)
		member.status = st.MEMBER_APPROVED
		self.assertRefused("R7", member.save)
		self.assertEqual(frappe.db.get_value("Group Member", member.name, "status"), st.MEMBER_PROPOSED)
		member.reload()
		member.mandate_clarified = 1
		member.status = st.MEMBER_APPROVED
		member.save()
		self.assertEqual(member.workflow_state, "Godkjent")

	def test_r6_coordinator_warned_above_group_size(self):
		with change_settings("Ansvarsgruppe Settings", group_size_warning=2):
			f.make_member(self.town.group.name, self.town.teacher, self.town.school)
			f.make_member(self.town.group.name, self.town.nurse, self.town.health)
			self.assertFalse(any("faste medlemmer" in str(m) for m in frappe.local.message_log))
			f.make_member(self.town.group.name, self.town.coordinator, self.town.school, role="Coordinator")
		self.assertTrue(any("3 faste medlemmer" in str(m) for m in frappe.local.message_log))

	def test_r6_single_meeting_guests_do_not_count(self):
		with change_settings("Ansvarsgruppe Settings", group_size_warning=2):
			f.make_member(self.town.group.name, self.town.teacher, self.town.school)
			f.make_member(self.town.group.name, self.town.nurse, self.town.health)
			f.make_member(
				self.town.group.name,
				self.town.coordinator,
				self.town.school,
				role="Coordinator",
				is_permanent=0,
			)
		self.assertFalse(any("faste medlemmer" in str(m) for m in frappe.local.message_log))

	def test_family_members_come_from_relations(self):
		child = self.town.child
		member = f.make_member(self.town.group.name, role="Relative", relation=child.relations[0].name)
		self.assertEqual(member.full_name, "Ola Forelder")
		self.assertIsNone(member.service_unit)
		self.assertRefused(
			GroupError,
			lambda: f.make_member(self.town.group.name, role="Guardian", relation=child.relations[0].name),
			"Group Member",
		)

	def test_r15_transitions_are_validated(self):
		group = self.town.group
		group.append(
			"transitions",
			{
				"from_service": "Barnehage",
				"to_service": "Barnehage",
				"planned_date": add_days(getdate(), 90),
				"responsible": self.town.coordinator,
			},
		)
		self.assertRefused("R15", group.save)
		group.reload()
		group.append(
			"transitions",
			{
				"from_service": "Barnehage",
				"to_service": "Skole",
				"planned_date": add_days(getdate(), 90),
				"responsible": self.town.coordinator,
			},
		)
		group.save()
		self.assertEqual(len(group.transitions), 1)

	def test_r16_closing_must_be_planned_in_a_meeting(self):
		group = f.approve_group(self.town.group)
		group.status, group.closed_date, group.closing_reason = st.GROUP_CLOSED, getdate(), "Målene er nådd"
		self.assertRefused("R16", group.save)
		f.make_minutes(group.name, "Closing")
		group.reload()
		group.status, group.closed_date, group.closing_reason = st.GROUP_CLOSED, getdate(), "Målene er nådd"
		group.save()
		self.assertRefused(
			GroupError,
			lambda: f.make_member(group.name, self.town.teacher, self.town.school),
			"Group Member",
		)

	def test_r16_closed_before_established_is_refused(self):
		group = f.approve_group(self.town.group)
		group.closed_date = add_days(group.established_date, -1)
		self.assertRefused("R16", group.save)
