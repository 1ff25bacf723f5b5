"""The guideline to the letter (000 routine, 004 Stavanger): the rules that held only in part, through the
controllers, the alerts and the papers."""

import frappe
from frappe.utils import add_days, getdate

from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.factories import MunicipalityTestCase


class GuidelineTestCase(MunicipalityTestCase):
	def setUp(self):
		super().setUp()
		self.town = f.Municipality(self.staff)

	def refused(self, action, doctype: str | None = None):
		"""``action`` is refused with a ValidationError and writes nothing (counted in ``doctype``)."""
		before = frappe.db.count(doctype) if doctype else None
		with self.assertRaises(frappe.ValidationError):
			action()
		if doctype:
			self.assertEqual(frappe.db.count(doctype), before)

	def approved_group(self):
		return f.advance(self.town.group, st.GROUP_APPROVED)

	def pre_meeting(self, days_ago=10):
		return f.make_minutes(self.town.group.name, minutes_rules.PRE_MEETING, days_ago=days_ago)


class TestR8PreMeeting(GuidelineTestCase):
	def test_r8_no_group_meeting_is_called_before_the_pre_meeting_is_held(self):
		self.approved_group()
		pre = self.pre_meeting()  # only called, not held
		ordinary = {
			"doctype": "Meeting Minutes",
			"group": self.town.group.name,
			"meeting_type": minutes_rules.ORDINARY,
			"meeting_date": add_days(getdate(), 3),
		}
		self.refused(lambda: frappe.get_doc(ordinary).insert(), "Meeting Minutes")
		pre.reload()
		pre.append(
			"participants",
			{
				"participant_name": "Kari Koordinator",
				"service_unit": self.staff.school,
				"attendance": "Present",
			},
		)
		pre.save()
		frappe.db.set_value("Responsibility Group", self.town.group.name, "mandate", "Samordne tjenestene.")
		f.advance(pre, st.MINUTES_DRAFT)
		frappe.get_doc(ordinary).insert()  # R8: held, so the group's first meeting may be called

	def test_r8_pre_meeting_minutes_need_the_group_mandate_and_the_review(self):
		self.approved_group()
		frappe.db.set_value("Responsibility Group", self.town.group.name, "mandate", "")
		pre = self.pre_meeting()
		for participant in pre.participants:
			participant.attendance = "Present"
		pre.save()
		self.refused(lambda: f.advance(pre, st.MINUTES_DRAFT))  # the group has no mandate
		frappe.db.set_value("Responsibility Group", self.town.group.name, "mandate", "Samordne tjenestene.")
		pre = f.advance(frappe.get_doc("Meeting Minutes", pre.name), st.MINUTES_DRAFT)
		f.complete(pre)
		pre.guidelines_reviewed = 0
		pre.save()
		self.refused(lambda: f.advance(pre, st.MINUTES_APPROVED))
		pre.reload()
		pre.guidelines_reviewed = 1
		pre.save()
		f.advance(pre, st.MINUTES_APPROVED)
		group = frappe.get_doc("Responsibility Group", self.town.group.name)
		group.mandate = ""
		self.refused(group.save)  # R8: the mandate reviewed stays

	def test_r8_pre_meeting_invites_the_municipal_representatives_only(self):
		external = frappe.get_doc("Service Unit", self.staff.welfare)
		external.db_set("agency_type", "External")
		try:
			consent = f.make_consent(self.town.child, [self.staff.school, self.staff.welfare])
			group = self.town.group
			group.db_set("consent", consent.name)
			f.make_member(group.name, self.staff.coordinator, self.staff.school, role="Coordinator")
			f.make_member(group.name, self.staff.outsider, self.staff.welfare)
			pre = f.make_minutes(group.name, minutes_rules.PRE_MEETING, days_ago=5)
			self.assertEqual([p.service_unit for p in pre.participants], [self.staff.school])
			pre.append("participants", {"participant_name": "Ute", "service_unit": self.staff.welfare})
			self.refused(pre.save)
		finally:
			external.db_set("agency_type", "Internal")

	def test_r8_the_pre_meeting_alone_does_not_make_the_group_active(self):
		group = self.approved_group()
		f.make_member(group.name, self.staff.coordinator, self.staff.school, role="Coordinator")
		f.make_member(group.name, role="Relative", relation=self.town.child.relations[0].name)
		f.hold_pre_meeting(group.name)
		group.reload()
		self.refused(lambda: f.advance(group, st.GROUP_ACTIVE))
		f.advance(f.make_minutes(group.name, days_ago=1), st.MINUTES_DRAFT)
		group.reload()
		self.assertEqual(f.advance(group, st.GROUP_ACTIVE).status, st.GROUP_ACTIVE)


class TestR9Invitation(GuidelineTestCase):
	def test_r9_no_minutes_without_an_invitation_sent(self):
		self.approved_group()
		minutes = f.make_minutes(self.town.group.name, days_ago=1, invitation_sent_on=None)
		self.refused(lambda: f.advance(minutes, st.MINUTES_DRAFT))
		self.assertEqual(frappe.db.get_value("Meeting Minutes", minutes.name, "status"), st.MINUTES_INVITED)

	def test_r9_standing_items_stay_and_are_marked_not_applicable(self):
		self.approved_group()
		minutes = f.make_minutes(self.town.group.name, days_ago=1)
		eventuelt = next(a for a in minutes.agenda if a.title == minutes_rules.STANDING_AGENDA[3])
		minutes.remove(eventuelt)
		self.refused(minutes.save)
		minutes.reload()
		eventuelt = next(a for a in minutes.agenda if a.title == minutes_rules.STANDING_AGENDA[3])
		eventuelt.not_applicable = 1
		eventuelt.not_applicable_reason = "Ingen saker meldt."
		minutes.save()

	def test_r9_annual_review_and_closing_get_their_own_item(self):
		self.approved_group()
		review = f.make_minutes(self.town.group.name, minutes_rules.ANNUAL_REVIEW, days_ago=1)
		self.assertIn(minutes_rules.ANNUAL_REVIEW_ITEM, [a.title for a in review.agenda])
		ordinary = f.make_minutes(self.town.group.name, days_ago=2)
		ordinary.meeting_type = minutes_rules.CLOSING
		ordinary.save()
		self.assertIn(minutes_rules.CLOSING_ITEM, [a.title for a in ordinary.agenda])


class TestR10R11Minutes(GuidelineTestCase):
	def test_r10_warns_on_discussions_and_conclusions_too(self):
		self.approved_group()
		minutes = f.make_minutes(self.town.group.name, days_ago=1)
		minutes.agenda[1].discussion = "Mor uttrykte misnøye med oppfølgingen."
		minutes.conclusion = "Uenighetene mellom PPT og skolen tas i eget møte."
		frappe.local.message_log = []
		minutes.save()
		messages = " ".join(str(m) for m in frappe.local.message_log)
		self.assertIn("misnøye", messages)
		self.assertIn("Uenighetene", messages)

	def test_r10_the_form_shows_the_routines_list_and_remedies(self):
		guidance = frappe.get_meta("Meeting Minutes").get_field("excluded_topics_guidance").options
		for topic, remedy in minutes_rules.EXCLUDED_TOPIC_REMEDIES.items():
			self.assertIn(topic, guidance)
			self.assertIn(remedy.lower(), guidance)

	def test_r11_minutes_of_a_future_meeting_cannot_be_approved(self):
		self.approved_group()
		minutes = f.make_minutes(self.town.group.name, days_ago=-3)
		f.complete(minutes).save()
		minutes = f.advance(minutes, st.MINUTES_DRAFT)
		self.refused(lambda: f.advance(minutes, st.MINUTES_APPROVED))

	def test_r11_a_distribution_row_without_an_address_is_refused(self):
		self.approved_group()
		minutes = f.make_minutes(self.town.group.name, days_ago=1)
		minutes.append("distribution", {"recipient_name": "Alle faste medlemmer"})
		self.refused(minutes.save)

	def test_r11_previous_minutes_not_approved_with_the_comments(self):
		self.approved_group()
		first = f.make_minutes(self.town.group.name, days_ago=30)
		second = f.make_minutes(self.town.group.name, days_ago=1)
		self.assertEqual(second.previous_minutes, first.name)
		second.previous_minutes_result = minutes_rules.PREVIOUS_NOT_APPROVED
		self.refused(second.save)
		second.reload()
		second.previous_minutes_result = minutes_rules.PREVIOUS_NOT_APPROVED
		second.previous_minutes_comments = "Punkt 2 var feil referert."
		second.save()
		self.assertFalse(second.previous_minutes_approved)
		html = frappe.get_print("Meeting Minutes", second.name, "Møtereferat")
		self.assertIn("ble ikke godkjent", html)


class TestR12Deadline(GuidelineTestCase):
	def test_r12_reminder_follows_the_deadline_setting(self):
		self.approved_group()
		minutes = f.make_minutes(self.town.group.name, days_ago=1)
		meeting = getdate(minutes.meeting_date)
		self.assertEqual(getdate(minutes.approval_reminder_date), add_days(meeting, 21))
		settings = frappe.get_single("Ansvarsgruppe Settings")
		settings.minutes_deadline_days = 14
		settings.save()
		try:
			values = frappe.db.get_value(
				"Meeting Minutes", minutes.name, ["approval_reminder_date", "minutes_due_date"], as_dict=True
			)
			self.assertEqual(getdate(values.approval_reminder_date), add_days(meeting, 7))
			self.assertEqual(getdate(values.minutes_due_date), add_days(meeting, 14))
			self.assertLess(getdate(values.approval_reminder_date), getdate(values.minutes_due_date))
		finally:
			settings.reload()
			settings.minutes_deadline_days = 28
			settings.save()


class TestR2Appointment(GuidelineTestCase):
	def decided(self, leader):
		frappe.db.set_value("Service Unit", self.staff.school, "unit_leader", leader)
		child = f.make_service_user(relations=[f.parent()])
		consent = f.make_consent(child, [self.staff.school])
		application = f.new_application(child, consent=consent.name).insert()
		return f.decided_for_appointment(application, self.staff.school, self.staff.coordinator)

	def test_r2_only_the_responsible_units_leader_appoints_and_it_is_recorded(self):
		leader = f.make_user("Lena Leder", ["Unit Leader"])
		other = f.make_user("Odd Annenleder", ["Unit Leader", "Coordinating Unit"])
		application = self.decided(leader)
		groups = frappe.db.count("Responsibility Group")
		with self.set_user(other), self.assertRaises(frappe.PermissionError):  # who appoints: a 403
			application.save()
		self.assertEqual(frappe.db.count("Responsibility Group"), groups)
		application.reload()
		application.appointed_coordinator = self.staff.coordinator
		application.coordinator_unit = self.staff.school
		application.status = st.APPLICATION_APPOINTED
		with self.set_user(leader):
			application.save()
		self.assertEqual((application.appointed_by, getdate(application.appointed_on)), (leader, getdate()))
		self.assertTrue(application.responsibility_group)

	def test_r2_coordinator_from_another_unit_needs_the_leaders_reason(self):
		application = self.decided("Administrator")
		application.coordinator_unit = self.staff.health
		self.refused(application.save, "Responsibility Group")
		application.reload()
		application.update(
			{
				"appointed_coordinator": self.staff.coordinator,
				"coordinator_unit": self.staff.health,
				"coordinator_unit_reason": "Helsesykepleier kjenner familien best.",
				"status": st.APPLICATION_APPOINTED,
			}
		)
		application.save()

	def test_r2_another_form_of_collaboration_creates_no_group(self):
		application = self.decided("Administrator")
		application.collaboration_form = "Other Collaboration"
		self.refused(application.save)
		application.reload()
		application.update(
			{
				"appointed_coordinator": self.staff.coordinator,
				"coordinator_unit": self.staff.school,
				"collaboration_form": "Other Collaboration",
				"collaboration_reason": "De faste samarbeidsmøtene på skolen er nok.",
				"status": st.APPLICATION_APPOINTED,
			}
		)
		before = frappe.db.count("Responsibility Group")
		application.save()
		self.assertFalse(application.responsibility_group)
		self.assertEqual(frappe.db.count("Responsibility Group"), before)


class TestR3Coordinator(GuidelineTestCase):
	def test_r3_changing_the_coordinator_keeps_one_coordinator_member_in_step(self):
		group = self.town.group
		old = f.make_member(group.name, self.staff.coordinator, self.staff.school, role="Coordinator")
		new = f.make_user("Nina Nykoordinator", ["Coordinator"])
		group.reload()
		group.coordinator = new
		group.save()
		self.assertEqual(frappe.db.get_value("Group Member", old.name, "status"), st.MEMBER_ENDED)
		coordinators = frappe.get_all(
			"Group Member",
			filters={"group": group.name, "member_role": "Coordinator", "status": ("!=", st.MEMBER_ENDED)},
			pluck="user",
		)
		self.assertEqual(coordinators, [new])


class TestWhoIsInTheGroup(GuidelineTestCase):
	""" "Den består av bruker, event. brukers pårørende/verge og ulike fagpersoner" (000)."""

	def test_group_is_not_active_without_the_person_or_family_unless_a_reason_is_recorded(self):
		group = self.approved_group()
		f.make_member(group.name, self.staff.coordinator, self.staff.school, role="Coordinator")
		f.advance(f.make_minutes(group.name, days_ago=1), st.MINUTES_DRAFT)
		group.reload()
		self.refused(lambda: f.advance(group, st.GROUP_ACTIVE))
		group.reload()
		group.no_person_member_reason = "Familien ønsker ikke å delta i møtene."
		group.save()
		self.assertEqual(f.advance(group, st.GROUP_ACTIVE).status, st.GROUP_ACTIVE)


class TestMembersSeeWhatTheyMust(GuidelineTestCase):
	def test_reservations_reach_the_members_on_the_group_invitation_and_minutes(self):
		"""The consent's "Spesielle reservasjoner" reach every member, without the rest of the consent."""
		reservation = "Opplysninger om foreldrenes økonomi skal ikke deles."
		consent = f.make_consent(
			self.town.child, [self.staff.school, self.staff.health], reservations=reservation
		)
		group = self.town.group
		group.consent = consent.name
		group.save()
		self.assertEqual(group.consent_reservations, reservation)
		f.make_member(group.name, self.staff.teacher, self.staff.school)
		group = f.advance(group, st.GROUP_APPROVED)
		minutes = f.make_minutes(group.name, days_ago=1)
		self.assertEqual(minutes.consent_reservations, reservation)
		with self.set_user(self.staff.teacher):
			self.assertEqual(
				frappe.get_doc("Responsibility Group", group.name).consent_reservations, reservation
			)
			self.assertFalse(frappe.has_permission("Consent", "read", consent.name))
		self.assertIn(reservation, frappe.get_print("Meeting Minutes", minutes.name, "Innkalling"))

	def test_r7_the_mandate_is_on_the_invitation_and_the_attendance(self):
		"""000 "Fullmakt": what each member may decide for their unit, on the papers."""
		group = self.approved_group()
		mandate = "Kan avtale ekstra lesetimer innenfor skolens ramme."
		f.make_member(group.name, self.staff.teacher, self.staff.school, mandate_note=mandate)
		minutes = f.make_minutes(group.name, days_ago=1)
		row = next(p for p in minutes.participants if p.user == self.staff.teacher)
		self.assertEqual(row.mandate, mandate)
		self.assertIn(mandate, frappe.get_print("Meeting Minutes", minutes.name, "Innkalling"))
		f.complete(minutes).save()
		self.assertIn(mandate, frappe.get_print("Meeting Minutes", minutes.name, "Møtereferat"))
		doc = f.make_member(group.name, self.staff.nurse, self.staff.health, status=st.MEMBER_PROPOSED)
		doc.mandate_note = ""
		doc.save()
		self.refused(lambda: f.advance(doc, st.MEMBER_APPROVED))


class TestConsentGoneThrough(GuidelineTestCase):
	def test_consent_is_gone_through_with_the_signer_before_it_is_signed(self):
		""" "Husk å gjennomgå samtykkeskjemaet før det signeres" (004)."""
		consent = f.make_consent(
			self.town.child,
			[self.staff.school],
			status=st.CONSENT_REGISTERED,
			reviewed_with_signer=0,
			reviewed_by=None,
		)
		self.refused(lambda: f.advance(consent, st.CONSENT_SIGNED))
		consent.reload()
		consent.reviewed_with_signer, consent.reviewed_by = 1, self.staff.coordinator
		consent.save()
		self.assertEqual(f.advance(consent, st.CONSENT_SIGNED).status, st.CONSENT_SIGNED)
