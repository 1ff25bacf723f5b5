"""Meetings and their minutes: the pre-meeting (R8), invitation (R9), topics (R10), the parts of the minutes (R11), their deadline (R12) and the yearly review (R13)."""

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import add_days, add_months, getdate

from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


class TestMinutesR8toR13(f.MunicipalityTestCase):
	with_town = True

	def setUp(self):
		super().setUp()
		f.approve_group(self.town.group)
		f.make_member(self.town.group.name, self.town.coordinator, self.town.school, role="Coordinator")
		f.make_member(self.town.group.name, self.town.teacher, self.town.school)
		f.make_member(self.town.group.name, role="Relative", relation=self.town.child.relations[0].name)

	def test_r9_invitation_prefilled_with_standing_agenda_and_members(self):
		minutes = f.make_minutes(self.town.group.name)
		self.assertEqual([item.title for item in minutes.agenda], list(minutes_rules.STANDING_AGENDA))
		self.assertIn("3 minutter", minutes.agenda[1].title)
		self.assertEqual(minutes.agenda[1].minutes_allotted, 9)
		self.assertEqual(len(minutes.participants), 3)
		self.assertEqual(minutes.status, st.MINUTES_INVITED)

	def test_r8_pre_meeting_is_for_municipal_representatives(self):
		minutes = f.make_minutes(self.town.group.name, "Pre-meeting")
		self.assertEqual(len(minutes.participants), 2)
		self.assertEqual([item.title for item in minutes.agenda], list(minutes_rules.PRE_MEETING_AGENDA))

	def test_r8_first_meeting_cannot_be_approved_before_pre_meeting(self):
		first = {"doctype": "Meeting Minutes", "group": self.town.group.name, "meeting_date": getdate()}
		self.assertRefused("R8", lambda: frappe.get_doc(first).insert(), "Meeting Minutes")
		f.hold_pre_meeting(self.town.group.name, 10)
		minutes = f.complete(f.make_minutes(self.town.group.name))
		f.approve_minutes(minutes)
		self.assertEqual(minutes.approved_by, "Administrator")

	def test_r11_minutes_with_missing_parts_cannot_be_approved(self):
		f.make_minutes(self.town.group.name, "Pre-meeting", days_ago=10)
		minutes = f.complete(f.make_minutes(self.town.group.name))
		# the draft starts from the distribution list the app knows; the writer may still empty it
		minutes.status = st.MINUTES_DRAFT
		minutes.save()
		minutes.conclusion = ""
		minutes.distribution = []
		error = self.assertRefused("R11", lambda: f.approve_minutes(minutes))
		self.assertIn("9. Distribusjon av møtereferatet", str(error))
		self.assertEqual(frappe.db.get_value("Meeting Minutes", minutes.name, "status"), st.MINUTES_DRAFT)

	def test_r11_attendance_and_absences_recorded_for_every_invitee(self):
		f.make_minutes(self.town.group.name, "Pre-meeting", days_ago=10)
		minutes = f.complete(f.make_minutes(self.town.group.name))
		minutes.participants[1].attendance = ""
		self.assertRefused("R11", lambda: f.approve_minutes(minutes))

	def test_r11_previous_minutes_must_be_approved_in_the_next_meeting(self):
		f.make_minutes(self.town.group.name, "Pre-meeting", days_ago=60)
		first = f.make_minutes(self.town.group.name, days_ago=50)
		second = f.complete(f.make_minutes(self.town.group.name, days_ago=5))
		self.assertEqual(second.previous_minutes, first.name)
		second.previous_minutes_approved = 0
		self.assertRefused("R11", lambda: f.approve_minutes(second))

	def test_r11_next_meeting_after_this_one(self):
		minutes = f.make_minutes(self.town.group.name)
		minutes.next_meeting_date = minutes.meeting_date
		self.assertRefused("R11", minutes.save)

	def test_r12_minutes_due_date_follows_the_setting(self):
		minutes = f.make_minutes(self.town.group.name, days_ago=3)
		self.assertEqual(getdate(minutes.minutes_due_date), add_days(minutes.meeting_date, 28))
		with change_settings("Ansvarsgruppe Settings", minutes_deadline_days=14):
			minutes.save()
		self.assertEqual(getdate(minutes.minutes_due_date), add_days(minutes.meeting_date, 14))

	def test_r13_approved_annual_review_restarts_the_review_interval(self):
		f.make_minutes(self.town.group.name, "Pre-meeting", days_ago=30)
		review = f.complete(f.make_minutes(self.town.group.name, "Annual Review", days_ago=2))
		f.approve_minutes(review)
		group = frappe.get_doc("Responsibility Group", self.town.group.name)
		self.assertEqual(getdate(group.last_annual_review), getdate(review.meeting_date))
		self.assertEqual(getdate(group.next_review_due), getdate(add_months(review.meeting_date, 12)))
		self.assertEqual(getdate(group.next_meeting_date), getdate(review.next_meeting_date))

	def test_r10_excluded_topics_are_guidance_on_the_form(self):
		guidance = frappe.get_meta("Meeting Minutes").get_field("excluded_topics_guidance").options
		for topic in minutes_rules.EXCLUDED_TOPICS:
			self.assertIn(topic, guidance)
		minutes = f.make_minutes(self.town.group.name)
		minutes.append("agenda", {"title": "Klage på vedtak om avlastning"})
		minutes.save()
		self.assertTrue(any("ikke hører hjemme" in str(m) for m in frappe.local.message_log))

	def test_r8_group_becomes_active_after_first_meeting(self):
		group = frappe.get_doc("Responsibility Group", self.town.group.name)
		group.status = st.GROUP_ACTIVE
		self.assertRefused("R8", group.save)
		pre = f.make_minutes(group.name, "Pre-meeting", days_ago=3)
		pre.status = st.MINUTES_DRAFT
		pre.save()
		group.reload()
		group.status = st.GROUP_ACTIVE
		self.assertRefused("R8", group.save)  # the pre-meeting is not the group's first meeting
		f.make_member(group.name, role="Relative", relation=self.town.child.relations[0].name)
		f.make_minutes(group.name, days_ago=1).db_set("status", st.MINUTES_DRAFT)
		group.reload()
		group.status = st.GROUP_ACTIVE
		group.save()
