"""The source documents' rules on a real site: inserts, saves and refusals (Norwegian, nothing written)."""

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import add_days, add_months, getdate

from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


class DomainTestCase(f.MunicipalityTestCase):
	def setUp(self):
		super().setUp()
		self.town = f.Municipality(self.staff)

	def assertRefused(self, fragment: str, action, doctype: str | None = None):
		"""``action`` raises a ValidationError whose Norwegian text has ``fragment``, and writes nothing."""
		before = frappe.db.count(doctype) if doctype else None
		with self.assertRaises(frappe.ValidationError) as caught:
			action()
		self.assertIn(fragment, str(caught.exception))
		if doctype:
			self.assertEqual(frappe.db.count(doctype), before, f"a refused {doctype} was written")
		return caught.exception

	def approve_minutes(self, minutes):
		"""Save the minutes as a draft (written after the meeting), then approve them."""
		if minutes.status == st.MINUTES_INVITED:
			minutes.status = st.MINUTES_DRAFT
			minutes.save()
		minutes.status = st.MINUTES_APPROVED
		minutes.save()

	def approve_group(self, group=None):
		group = group or self.town.group
		group.reload()
		group.status = st.GROUP_APPROVED
		group.save()
		return group


class TestServiceUserR20(DomainTestCase):
	def test_r20_valid_number_sets_birth_date(self):
		person = f.make_service_user(national_id=f.number_for(getdate("2014-05-17")))
		self.assertEqual(getdate(person.birth_date), getdate("2014-05-17"))
		self.assertEqual(person.is_minor, 1)
		self.assertTrue(person.age >= 12)

	def test_r20_invalid_number_is_refused(self):
		wrong = f.number_for(getdate("2014-05-17"))[:-1] + "0"
		if wrong == f.number_for(getdate("2014-05-17")):
			wrong = wrong[:-1] + "1"
		self.assertRefused("kontrollsiffer", lambda: f.make_service_user(national_id=wrong), "Service User")
		self.assertRefused("11 siffer", lambda: f.make_service_user(national_id="1234"), "Service User")
		self.assertRefused(
			"bare inneholde siffer", lambda: f.make_service_user(national_id="1705141234x"), "Service User"
		)

	def test_r20_synthetic_numbers_only_in_test_mode(self):
		real = f.number_for(getdate("2014-05-17"))
		synthetic = self._synthetic()
		self.assertRefused("testmodus", lambda: f.make_service_user(national_id=synthetic), "Service User")
		with change_settings("Ansvarsgruppe Settings", allow_synthetic_national_ids=1):
			person = f.make_service_user(national_id=synthetic)
		self.assertEqual(getdate(person.birth_date), getdate("2014-05-17"))
		self.assertNotEqual(real, synthetic)

	def _synthetic(self) -> str:
		w1, w2 = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
		for n in range(500, 1000):
			base = f"178514{n:03d}"
			k1 = (11 - sum(w * int(d) for w, d in zip(w1, base, strict=False))) % 11
			k2 = (11 - sum(w * int(d) for w, d in zip(w2, base + str(k1 % 10), strict=False))) % 11
			if k1 < 10 and k2 < 10:
				return f"{base}{k1}{k2}"

	def test_r20_duplicate_number_is_refused(self):
		number = f.number_for(getdate("1990-01-31"))
		f.make_service_user(national_id=number)
		self.assertRefused(
			"allerede registrert", lambda: f.make_service_user(national_id=number), "Service User"
		)

	def test_r20_number_never_in_list_view_or_search(self):
		meta = frappe.get_meta("Service User")
		field = meta.get_field("national_id")
		self.assertFalse(field.in_list_view or field.in_global_search or field.in_standard_filter)
		self.assertNotIn("national_id", meta.search_fields or "")
		self.assertEqual(field.permlevel, 1)

	def test_script_in_free_text_is_neutralised(self):
		person = f.make_service_user(name="Kari <script>alert(1)</script>Nordmann")
		self.assertNotIn("<script>", person.full_name)


class TestApplicationR1R2(DomainTestCase):
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
			"Bare brukeren selv",
			lambda: self.application(child, relation=child.relations[1].name).insert(),
			"IP Application",
		)

	def test_r1_child_under_age_limit_cannot_apply_alone(self):
		self.assertRefused(
			"under 18 år",
			lambda: self.application(self.town.child, kind="Service User").insert(),
			"IP Application",
		)

	def test_r1_age_limit_is_a_setting(self):
		teen = f.make_service_user(age_years=17)
		self.assertRefused("under 18 år", lambda: self.application(teen, kind="Service User").insert())
		with change_settings("Ansvarsgruppe Settings", consent_age_limit=16):
			self.application(teen, kind="Service User").insert()

	def test_r1_guardian_applies_for_adult_and_parent_cannot(self):
		adult = f.make_service_user(age_years=30, relations=[f.guardian(), f.parent()])
		self.application(adult, relation=adult.relations[0].name).insert()
		self.assertRefused(
			"Bare brukeren selv", lambda: self.application(adult, relation=adult.relations[1].name).insert()
		)
		self.application(adult, kind="Service User").insert()

	def test_r1_relation_of_another_user_is_refused(self):
		other = f.make_service_user(relations=[f.parent("Fremmed Forelder")])
		self.assertRefused(
			"Velg en av brukerens",
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
		self.assertRefused("Koordinerende enhet må bestemme", app.save)
		app.reload()
		app.status, app.responsible_unit, app.decision_date = (
			st.APPLICATION_DECIDED,
			self.town.school,
			getdate(),
		)
		app.save()

		app.status = st.APPLICATION_APPOINTED
		self.assertRefused("oppnevne koordinator", app.save)
		app.reload()
		app.status, app.appointed_coordinator, app.consent, app.coordinator_unit = (
			st.APPLICATION_APPOINTED,
			self.town.coordinator,
			consent.name,
			self.town.school,
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
		self.assertRefused("begrunnelse", app.save)
		app.reload()
		app.decision_date = add_days(app.date_received, -1)
		self.assertRefused("før søknaden ble mottatt", app.save)


class TestConsentR4R5(DomainTestCase):
	def test_r4_child_under_age_limit_cannot_sign_own_consent(self):
		self.assertRefused(
			"under 18 år",
			lambda: f.make_consent(self.town.child, [self.town.school], signer=("Service User", None)),
			"Consent",
		)

	def test_r4_dates_in_wrong_order_are_refused(self):
		self.assertRefused(
			"kan ikke slutte å gjelde før",
			lambda: f.make_consent(
				self.town.child, [self.town.school], valid_from=getdate(), valid_to=add_days(getdate(), -1)
			),
			"Consent",
		)

	def test_r4_consent_needs_partners_and_signature(self):
		self.assertRefused(
			"minst én samarbeidspartner",
			lambda: f.make_consent(self.town.child, [self.town.school], partners=[]),
			"Consent",
		)
		consent = f.make_consent(
			self.town.child, [self.town.school], status=st.CONSENT_REGISTERED, received_by=None
		)
		consent.status = st.CONSENT_SIGNED
		self.assertRefused("ansatte som tok imot", consent.save)
		self.assertEqual(frappe.db.get_value("Consent", consent.name, "status"), st.CONSENT_REGISTERED)

	def test_r4_withdrawal_takes_effect_at_once_and_covers_nobody(self):
		consent = self.town.consent
		self.assertEqual(consent.covered_units(), {self.town.school, self.town.health})
		consent.withdrawn_on = getdate()
		self.assertRefused("begrunnelse", consent.save)
		consent.reload()
		consent.withdrawn_on, consent.withdrawal_reason = getdate(), "Familien ønsker ikke samarbeid nå"
		consent.save()
		self.assertEqual(consent.status, st.CONSENT_WITHDRAWN)
		self.assertEqual(consent.covered_units(), set())

	def test_r4_expired_consent_covers_nobody(self):
		consent = f.make_consent(
			self.town.child,
			[self.town.school],
			valid_from=add_days(getdate(), -400),
			valid_to=add_days(getdate(), -1),
		)
		self.assertEqual(consent.covered_units(), set())

	def test_r5_partial_withdrawal_removes_only_that_partner(self):
		consent = self.town.consent
		row = next(p for p in consent.partners if p.service_unit == self.town.health)
		row.withdrawn_on, row.withdrawal_reason = getdate(), "Ikke lenger aktuelt"
		consent.save()
		self.assertEqual(consent.covered_units(), {self.town.school})
		self.assertEqual(consent.status, st.CONSENT_ACTIVE)

	def test_r5_member_from_uncovered_unit_cannot_be_added(self):
		self.assertRefused(
			"ikke omfattet av brukerens gjeldende samtykke",
			lambda: f.make_member(self.town.group.name, self.town.outsider, self.town.welfare),
			"Group Member",
		)
		f.make_member(self.town.group.name, self.town.teacher, self.town.school)

	def test_r5_member_cannot_be_reactivated_after_unit_lost_coverage(self):
		member = f.make_member(self.town.group.name, self.town.nurse, self.town.health)
		consent = self.town.consent
		row = next(p for p in consent.partners if p.service_unit == self.town.health)
		row.withdrawn_on, row.withdrawal_reason = getdate(), "Ikke lenger aktuelt"
		consent.save()
		member.reload()
		member.mandate_note = "Endret"
		self.assertRefused("ikke omfattet", member.save)
		member.reload()
		member.status = st.MEMBER_ENDED
		member.save()


class TestGroupR3R6R7R15R16(DomainTestCase):
	def test_r3_group_cannot_be_approved_without_coordinator(self):
		group = self.town.group
		group.coordinator = None
		group.status = st.GROUP_APPROVED
		self.assertRefused("må ha en koordinator", group.save)

	def test_r4_group_cannot_be_approved_without_consent_in_force(self):
		group = self.town.group
		group.consent = None
		group.status = st.GROUP_APPROVED
		self.assertRefused("uten et gjeldende samtykke", group.save)
		group.reload()
		group.consent = f.make_consent(self.town.child, [self.town.school], status=st.CONSENT_SIGNED).name
		group.status = st.GROUP_APPROVED
		self.assertRefused("uten et gjeldende samtykke", group.save)

	def test_r3_group_approved_with_coordinator_and_consent(self):
		group = self.approve_group()
		self.assertEqual(getdate(group.established_date), getdate())
		self.assertEqual(getdate(group.next_review_due), getdate(add_months(getdate(), 12)))

	def test_r13_changed_review_interval_moves_every_next_review(self):
		group = self.approve_group()
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
			"har allerede en åpen ansvarsgruppe",
			lambda: f.make_group(self.town.child.name, self.town.school, self.town.coordinator),
			"Responsibility Group",
		)

	def test_r3_exactly_one_coordinator_member(self):
		group = self.town.group.name
		f.make_member(group, self.town.coordinator, self.town.school, role="Coordinator")
		other = f.make_user("Annen Koordinator", ["Coordinator"])
		self.assertRefused(
			"har allerede en koordinator",
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
		self.assertRefused("avklart fullmakten", member.save)
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
			"ikke registrert som verge",
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
		self.assertRefused("fra én tjeneste til en annen", group.save)
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
		group = self.approve_group()
		group.status, group.closed_date, group.closing_reason = st.GROUP_CLOSED, getdate(), "Målene er nådd"
		self.assertRefused("avslutningsmøte", group.save)
		f.make_minutes(group.name, "Closing")
		group.reload()
		group.status, group.closed_date, group.closing_reason = st.GROUP_CLOSED, getdate(), "Målene er nådd"
		group.save()
		self.assertRefused(
			"avsluttet ansvarsgruppe",
			lambda: f.make_member(group.name, self.town.teacher, self.town.school),
			"Group Member",
		)

	def test_r16_closed_before_established_is_refused(self):
		group = self.approve_group()
		group.closed_date = add_days(group.established_date, -1)
		self.assertRefused("før den ble opprettet", group.save)


class TestMinutesR8toR13(DomainTestCase):
	def setUp(self):
		super().setUp()
		self.approve_group()
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
		self.assertRefused("ormøte", lambda: frappe.get_doc(first).insert(), "Meeting Minutes")
		f.hold_pre_meeting(self.town.group.name, 10)
		minutes = f.complete(f.make_minutes(self.town.group.name))
		self.approve_minutes(minutes)
		self.assertEqual(minutes.approved_by, "Administrator")

	def test_r11_minutes_with_missing_parts_cannot_be_approved(self):
		f.make_minutes(self.town.group.name, "Pre-meeting", days_ago=10)
		minutes = f.complete(f.make_minutes(self.town.group.name))
		minutes.conclusion = ""
		minutes.distribution = []
		error = self.assertRefused("6 konklusjon", lambda: self.approve_minutes(minutes))
		self.assertIn("9 distribusjon", str(error))
		self.assertEqual(frappe.db.get_value("Meeting Minutes", minutes.name, "status"), st.MINUTES_DRAFT)

	def test_r11_attendance_and_absences_recorded_for_every_invitee(self):
		f.make_minutes(self.town.group.name, "Pre-meeting", days_ago=10)
		minutes = f.complete(f.make_minutes(self.town.group.name))
		minutes.participants[1].attendance = ""
		self.assertRefused("2 forfall", lambda: self.approve_minutes(minutes))

	def test_r11_previous_minutes_must_be_approved_in_the_next_meeting(self):
		f.make_minutes(self.town.group.name, "Pre-meeting", days_ago=60)
		first = f.make_minutes(self.town.group.name, days_ago=50)
		second = f.complete(f.make_minutes(self.town.group.name, days_ago=5))
		self.assertEqual(second.previous_minutes, first.name)
		second.previous_minutes_approved = 0
		self.assertRefused("4 godkjenning av forrige referat", lambda: self.approve_minutes(second))

	def test_r11_next_meeting_after_this_one(self):
		minutes = f.make_minutes(self.town.group.name)
		minutes.next_meeting_date = minutes.meeting_date
		self.assertRefused("Neste møte må være etter", minutes.save)

	def test_r12_minutes_due_date_follows_the_setting(self):
		minutes = f.make_minutes(self.town.group.name, days_ago=3)
		self.assertEqual(getdate(minutes.minutes_due_date), add_days(minutes.meeting_date, 28))
		with change_settings("Ansvarsgruppe Settings", minutes_deadline_days=14):
			minutes.save()
		self.assertEqual(getdate(minutes.minutes_due_date), add_days(minutes.meeting_date, 14))

	def test_r13_approved_annual_review_restarts_the_review_interval(self):
		f.make_minutes(self.town.group.name, "Pre-meeting", days_ago=30)
		review = f.complete(f.make_minutes(self.town.group.name, "Annual Review", days_ago=2))
		self.approve_minutes(review)
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
		self.assertRefused("første møtet er holdt", group.save)
		pre = f.make_minutes(group.name, "Pre-meeting", days_ago=3)
		pre.status = st.MINUTES_DRAFT
		pre.save()
		group.reload()
		group.status = st.GROUP_ACTIVE
		self.assertRefused("første møtet er holdt", group.save)  # R8: the pre-meeting is not the first
		f.make_member(group.name, role="Relative", relation=self.town.child.relations[0].name)
		f.make_minutes(group.name, days_ago=1).db_set("status", st.MINUTES_DRAFT)
		group.reload()
		group.status = st.GROUP_ACTIVE
		group.save()
