"""Scheduled e-mail alerts, by time travel: each alert is sent on the right day, to the right people,
in Norwegian and without personal data; not the day before, not twice, not about closed groups and not to
members whose access has ended. Also: the daily run's query count does not grow with the number of groups,
and an administrator's edits of an alert survive migrate."""

import datetime
from contextlib import contextmanager

import frappe
from frappe.email.doctype.notification.notification import trigger_daily_alerts
from frappe.model.sync import sync_for
from frappe.utils import add_days, getdate, now_datetime

from ansvarsgruppe.controllers.workflow_status import state_for_status
from ansvarsgruppe.rules import escalations
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tasks.deadlines import send_daily_alerts
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_notifications import mails_about

KE_EMAIL = "ke@kommune.example.no"


def run_daily():
	"""What the scheduler runs once a day: Frappe's date-based notifications and the app's own job."""
	trigger_daily_alerts()
	send_daily_alerts()


def fmt(day) -> str:
	return getdate(day).strftime("%d.%m.%Y")


class AlertTestCase(f.MunicipalityTestCase):
	sends_email = True
	with_town = True
	language = None

	@classmethod
	def make_staff(cls):
		return f.people()["staff"]

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		shared = f.people()
		cls.ke, cls.leader = shared["ke"], shared["leader"]
		settings = frappe.get_single("Ansvarsgruppe Settings")
		settings.coordinating_unit_email = KE_EMAIL
		settings.escalation_reminder_days = escalations.REMINDER_INTERVAL_DAYS
		settings.application_answer_days = 30
		settings.save()
		frappe.db.commit()  # the daily run commits; keep the class's fixtures consistent with it

	def setUp(self):
		frappe.db.delete("Email Queue")
		# Test records rolled back at the end of a class give their names to the next class's records,
		# while the daily run commits its ledger: start each test with an empty ledger.
		frappe.db.delete("Sent Alert")
		self.today = getdate()
		super().setUp()

	@contextmanager
	def on(self, day):
		"""Travel to ``day`` (9 in the morning, when the scheduler has run)."""
		with self.freeze_time(f"{getdate(day)} 09:00:00"):
			yield

	def run_on(self, day):
		with self.on(day):
			run_daily()

	def mails(self, name: str, subject_fragment: str) -> list[dict]:
		"""Mails about ``name`` whose subject has the fragment; the text with its line wrapping undone."""
		found = [m for m in mails_about(name) if subject_fragment in m["subject"]]
		for mail in found:
			mail["text"] = " ".join(mail["text"].split())
		return found

	def assert_sent_once(self, name, subject_fragment, recipients, not_to=(), text=(), exact=True):
		"""One mail about ``name``: to exactly ``recipients`` (or at least them, ``exact=False``)."""
		mails = self.mails(name, subject_fragment)
		self.assertEqual(
			len(mails), 1, f"one mail about {name} with '{subject_fragment}': {mails_about(name)}"
		)
		mail = mails[0]
		if exact:
			self.assertEqual(mail["recipients"], set(recipients))
		else:
			self.assertLessEqual(set(recipients), mail["recipients"])
		for address in not_to:
			self.assertNotIn(address, mail["recipients"])
		for fragment in text:
			self.assertIn(fragment, mail["text"])
		self.assertNotRegex(f"{mail['subject']} {mail['text']}", r"\bR\d{1,2}\b", "no rule codes in mail")
		self.assert_no_personal_data(mail)
		return mail

	def assert_first_sent_on(self, day, absent_fragment, name, *args, **kwargs):
		"""The daily run the day before ``day`` sends nothing about ``name`` with ``absent_fragment``; run
		twice on ``day`` it sends one mail, as ``assert_sent_once(name, *args, **kwargs)`` asserts."""
		self.run_on(add_days(day, -1))
		self.assert_none(name, absent_fragment)
		self.run_on(day)
		self.run_on(day)  # the daily run twice the same day
		return self.assert_sent_once(name, *args, **kwargs)

	def assert_none(self, name, subject_fragment):
		self.assertEqual(self.mails(name, subject_fragment), [], mails_about(name))

	def assert_no_personal_data(self, mail):
		person = f"{mail['subject']} {mail['text']}"
		for value in (self.town.child.full_name, self.town.child.relations[0].full_name, "Per Lærer", "Sina"):
			self.assertNotIn(value, person, "no personal data in alerts")

	def approve(self, group):
		return f.advance(group, st.GROUP_APPROVED)

	def close(self, group):
		group = self.approve(group) if group.status == st.GROUP_PROPOSED else group
		f.make_minutes(group.name, "Closing", days_ago=1)
		group.reload()
		group.closed_date, group.closing_reason, group.status = self.today, "Mål nådd", st.GROUP_CLOSED
		group.save()
		return group


class TestR13AnnualReview(AlertTestCase):
	def test_r13_coordinator_alerted_30_days_before_the_review_is_due_once(self):
		group = self.approve(self.town.group)
		due = getdate(group.next_review_due)
		self.assert_first_sent_on(
			add_days(due, -30),
			"nærmer seg",
			group.name,
			f"Årlig evaluering av ansvarsgruppe {group.name} nærmer seg",
			{self.staff.coordinator},
			text=(fmt(due), "årlige gjennomgang og evaluering"),
		)
		key = f"Annual Review Due|Responsibility Group|{group.name}|{due}"
		self.assertEqual(
			frappe.get_all("Sent Alert", {"occasion_key": key}, pluck="recipient"), [self.staff.coordinator]
		)
		self.run_on(add_days(due, -29))
		self.assertEqual(len(self.mails(group.name, "nærmer seg")), 1)

	def test_r13_overdue_review_alerts_coordinator_and_ke_the_day_after_once(self):
		group = self.approve(self.town.group)
		due = getdate(group.next_review_due)
		self.assert_first_sent_on(
			add_days(due, 1),
			"er forsinket",
			group.name,
			f"Årlig evaluering av ansvarsgruppe {group.name} er forsinket",
			{self.staff.coordinator, self.ke, KE_EMAIL},
			not_to=(self.staff.teacher, self.leader),
			text=(fmt(due), "Koordinerende enhet får kopi"),
			exact=False,
		)
		self.run_on(add_days(due, 2))
		self.assertEqual(len(self.mails(group.name, "er forsinket")), 1)

	def test_r13_an_approved_annual_review_moves_the_alert_to_the_next_year(self):
		group = self.approve(self.town.group)
		first_due = getdate(group.next_review_due)
		group.db_set("last_annual_review", add_days(self.today, 10))
		group.reload()
		group.set_next_review_due()
		group.db_update()
		self.run_on(add_days(first_due, -30))
		self.assert_none(group.name, "nærmer seg")
		self.run_on(add_days(group.next_review_due, -30))
		self.assert_sent_once(group.name, "nærmer seg", {self.staff.coordinator})

	def test_r13_no_review_alerts_for_a_closed_group(self):
		group = self.close(self.town.group)
		due = getdate(group.next_review_due)
		self.run_on(add_days(due, -30))
		self.run_on(add_days(due, 1))
		self.assert_none(group.name, "Årlig evaluering")


class TestR12MinutesOverdue(AlertTestCase):
	def setUp(self):
		super().setUp()
		self.group = self.approve(self.town.group)
		f.make_member(self.group.name, self.staff.teacher, self.staff.school)
		self.minutes = f.make_minutes(
			self.group.name, "Pre-meeting", days_ago=0, minute_taker=self.staff.teacher
		)

	def test_r12_minute_taker_and_coordinator_alerted_21_days_after_the_meeting(self):
		meeting = getdate(self.minutes.meeting_date)
		self.assert_first_sent_on(
			add_days(meeting, 21),
			"er ikke godkjent",
			self.minutes.name,
			f"Referat {self.minutes.name} er ikke godkjent",
			{self.staff.teacher, self.staff.coordinator},
			text=(fmt(meeting), "for 21 dager siden", fmt(self.minutes.minutes_due_date)),
		)

	def test_r12_coordinator_alerted_on_the_minutes_due_date(self):
		due = getdate(self.minutes.minutes_due_date)
		self.assertEqual(due, add_days(self.minutes.meeting_date, 28))
		self.assert_first_sent_on(
			due,
			"Fristen for referat",
			self.minutes.name,
			f"Fristen for referat {self.minutes.name} er nådd",
			{self.staff.coordinator},
			not_to=(self.staff.teacher,),
			text=(fmt(due),),
		)

	def test_r12_approved_minutes_are_not_alerted(self):
		minutes = f.complete(self.minutes)
		minutes.status = st.MINUTES_DRAFT
		minutes.save()
		minutes.status = st.MINUTES_APPROVED
		minutes.save()
		self.run_on(add_days(minutes.meeting_date, 21))
		self.run_on(minutes.minutes_due_date)
		self.assert_none(minutes.name, "er ikke godkjent")
		self.assert_none(minutes.name, "Fristen for referat")

	def test_r12_no_minutes_alerts_in_a_closed_group(self):
		self.close(self.group)
		self.run_on(add_days(self.minutes.meeting_date, 21))
		self.run_on(self.minutes.minutes_due_date)
		self.assert_none(self.minutes.name, "Referat")
		self.assert_none(self.minutes.name, "Fristen")


class TestMeetingReminder(AlertTestCase):
	def test_r9_invitees_reminded_two_days_before_except_members_whose_access_ended(self):
		group = self.approve(self.town.group)
		s = self.staff
		f.make_member(group.name, s.coordinator, s.school, role="Coordinator")
		f.make_member(group.name, s.teacher, s.school)
		f.make_member(group.name, s.nurse, s.health)
		leaving = f.make_member(group.name, s.outsider, s.school)
		minutes = f.make_minutes(group.name, "Ordinary", days_ago=-5)
		minutes.append(
			"participants",
			{
				"participant_name": "Ekstern fagperson",
				"email": "ekstern@example.no",
				"invited_for_this_meeting": 1,
			},
		)
		minutes.save()
		self.assertEqual(
			{p.email for p in minutes.participants},
			{s.coordinator, s.teacher, s.nurse, s.outsider, "ekstern@example.no"},
		)
		f.advance(leaving, st.MEMBER_ENDED)  # R5: an ended member
		consent = frappe.get_doc("Consent", self.town.consent.name)  # R5: the health unit withdrawn
		health = next(p for p in consent.partners if p.service_unit == s.health)
		health.withdrawn_on, health.withdrawal_reason = self.today, "Ønsker ikke lenger samarbeid"
		consent.save()

		meeting = getdate(minutes.meeting_date)
		self.assert_first_sent_on(
			add_days(meeting, -2),
			"Påminnelse",
			minutes.name,
			f"Påminnelse: møte i ansvarsgruppe {group.name} {fmt(meeting)}",
			{s.coordinator, s.teacher, "ekstern@example.no"},
			not_to=(s.nurse, s.outsider),
			text=("Du er innkalt til møte", "kl. 10:00"),
		)
		self.run_on(add_days(meeting, -1))
		self.assertEqual(len(self.mails(minutes.name, "Påminnelse")), 1)

	def test_r9_no_reminder_in_a_closed_group(self):
		group = self.approve(self.town.group)
		f.make_member(group.name, self.staff.teacher, self.staff.school)
		minutes = f.make_minutes(group.name, "Ordinary", days_ago=-5)
		self.close(group)
		self.run_on(add_days(minutes.meeting_date, -2))
		self.assert_none(minutes.name, "Påminnelse")


class TestR15Transitions(AlertTestCase):
	def add_transition(self, group, days_ahead, **extra):
		return f.add_transition(group, add_days(self.today, days_ahead), self.staff.teacher, **extra)

	def test_r15_responsible_and_coordinator_alerted_60_and_14_days_before(self):
		group = self.town.group
		row = self.add_transition(group, 70)
		planned = getdate(row.planned_date)
		mail = self.assert_first_sent_on(
			add_days(planned, -60),
			"Planlagt overgang",
			group.name,
			f"Planlagt overgang i ansvarsgruppe {group.name} om 60 dager",
			{self.staff.teacher, self.staff.coordinator},
			text=(fmt(planned)),
		)
		self.assertNotIn("Barnehage", mail["subject"] + mail["text"])
		self.assert_first_sent_on(
			add_days(planned, -14),
			"om 14 dager",
			group.name,
			"om 14 dager",
			{self.staff.teacher, self.staff.coordinator},
		)
		self.assertTrue(
			frappe.db.exists(
				"Sent Alert",
				{"alert": "Transition in 14 Days", "reference_name": group.name, "occasion_date": planned},
			)
		)

	def test_r15_done_transitions_and_closed_groups_are_not_alerted(self):
		group = self.town.group
		done = self.add_transition(group, 70, done=1, done_date=self.today)
		self.run_on(add_days(done.planned_date, -60))
		self.assert_none(group.name, "Planlagt overgang")

		other = f.Municipality(self.staff).group
		row = self.add_transition(other, 80)
		self.close(other)
		self.run_on(add_days(row.planned_date, -60))
		self.assert_none(other.name, "Planlagt overgang")


class TestR4ConsentAlerts(AlertTestCase):
	def setUp(self):
		super().setUp()
		self.group = self.approve(self.town.group)
		s = self.staff
		self.teacher = f.make_member(self.group.name, s.teacher, s.school)
		self.nurse = f.make_member(self.group.name, s.nurse, s.health)
		self.consent = frappe.get_doc("Consent", self.town.consent.name)

	def test_r4_coordinator_alerted_30_days_before_the_consent_ends(self):
		valid_to = add_days(self.today, 40)
		frappe.db.set_value("Consent", self.consent.name, "valid_to", valid_to)
		self.assert_first_sent_on(
			add_days(valid_to, -30),
			"utløper",
			self.consent.name,
			f"Samtykke {self.consent.name} utløper {fmt(valid_to)}",
			{self.staff.coordinator},
			text=("mister tilgangen"),
		)

	def test_r4_no_expiry_alert_when_the_consents_group_is_closed(self):
		valid_to = add_days(self.today, 40)
		frappe.db.set_value("Consent", self.consent.name, "valid_to", valid_to)
		self.close(self.group)
		self.run_on(add_days(valid_to, -30))
		self.assert_none(self.consent.name, "utløper")

	def test_r5_whole_withdrawal_tells_the_coordinator_at_once_which_members_lost_access(self):
		self.consent.withdrawn_on, self.consent.withdrawal_reason = self.today, "Trekker samtykket"
		self.consent.save()
		self.assertEqual(frappe.db.get_value("Consent", self.consent.name, "status"), st.CONSENT_WITHDRAWN)
		mail = self.assert_sent_once(
			self.consent.name,
			f"Samtykke {self.consent.name} er trukket tilbake",
			{self.staff.coordinator},
			text=(self.staff.school, self.staff.health, self.teacher.name, self.nurse.name, self.group.name),
		)
		self.assertNotIn("for én eller flere samarbeidspartnere", mail["text"])
		self.consent.reload()
		self.consent.save()  # saved again (a withdrawn consent's content is read-only, R4)
		self.run_on(self.today)  # the daily run the same day sees the same withdrawal
		self.assertEqual(len(self.mails(self.consent.name, "trukket tilbake")), 1)

	def test_r5_withdrawal_for_one_partner_lists_only_that_units_members(self):
		health = next(p for p in self.consent.partners if p.service_unit == self.staff.health)
		health.withdrawn_on, health.withdrawal_reason = self.today, "Ikke lenger aktuelt"
		self.consent.save()
		mail = self.assert_sent_once(
			self.consent.name,
			"er trukket tilbake",
			{self.staff.coordinator},
			text=("for én eller flere samarbeidspartnere", self.staff.health, self.nurse.name),
		)
		self.assertNotIn(self.teacher.name, mail["text"])
		self.assertNotIn(self.staff.school, mail["text"])

	def test_r5_a_withdrawal_registered_ahead_is_told_on_its_date_once(self):
		school = next(p for p in self.consent.partners if p.service_unit == self.staff.school)
		school.withdrawn_on, school.withdrawal_reason = add_days(self.today, 5), "Flytter"
		self.consent.save()
		self.assert_none(self.consent.name, "trukket tilbake")
		mail = self.assert_first_sent_on(
			add_days(self.today, 5),
			"trukket tilbake",
			self.consent.name,
			"er trukket tilbake",
			{self.staff.coordinator},
			text=(self.teacher.name,),
		)
		self.assertNotIn(self.nurse.name, mail["text"])
		self.run_on(add_days(self.today, 6))
		self.assertEqual(len(self.mails(self.consent.name, "trukket tilbake")), 1)


class TestR2UnansweredApplications(AlertTestCase):
	def test_r2_ke_alerted_once_when_an_application_waits_past_the_deadline(self):
		application = f.new_application(self.town.child).insert()
		decided = f.new_application(self.town.child).insert()
		decided.reload()
		decided.responsible_unit, decided.decision_date = self.staff.school, self.today
		decided.status = st.APPLICATION_DECIDED
		decided.save()
		received = getdate(application.date_received)
		self.assert_first_sent_on(
			add_days(received, 31),
			"er ikke besvart",
			application.name,
			f"Søknad {application.name} er ikke besvart",
			{self.ke, KE_EMAIL},
			not_to=(self.staff.coordinator, self.leader),
			text=(fmt(received), "mer enn 30 dager"),
			exact=False,
		)
		self.run_on(add_days(received, 40))
		self.assertEqual(len(self.mails(application.name, "er ikke besvart")), 1)
		self.assert_none(decided.name, "er ikke besvart")


class TestR14Escalation(AlertTestCase):
	def raise_issue(self, group, **extra):
		with self.set_user(self.staff.coordinator):
			return frappe.get_doc(
				{
					"doctype": "Escalation",
					"group": group.name,
					"title": "Behov for avlastning",
					"service_unit": self.staff.school,
					"issue": "Gruppen er uenig om hvem som skal dekke avlastningen.",
					**extra,
				}
			).insert()

	def test_r14_unit_leader_alerted_when_raised_and_weekly_until_answered(self):
		issue = self.raise_issue(self.town.group)
		self.assertEqual((issue.unit_leader, issue.coordinator), (self.leader, self.staff.coordinator))
		self.assert_sent_once(
			issue.name,
			f"Sak {issue.name} fra ansvarsgruppe {self.town.group.name} er meldt til deg i tjenestevei",
			{self.leader},
			text=(),
		)
		self.assertNotIn("avlastning", self.mails(issue.name, "tjenestevei")[0]["text"])
		raised = getdate(issue.raised_on)
		self.assert_first_sent_on(
			add_days(raised, 7),
			"venter på svar",
			issue.name,
			"venter på svar",
			{self.leader},
			text=(fmt(raised),),
		)
		self.run_on(add_days(raised, 13))
		self.assertEqual(len(self.mails(issue.name, "venter på svar")), 1)
		self.run_on(add_days(raised, 14))
		self.assertEqual(len(self.mails(issue.name, "venter på svar")), 2)

		with self.set_user(self.leader):
			issue = frappe.get_doc("Escalation", issue.name)
			issue.answer, issue.status = (
				"Enhetslederne dekker avlastningen fra neste måned.",
				st.ESCALATION_ANSWERED,
			)
			issue.save()
		self.assert_sent_once(issue.name, f"Sak {issue.name} er besvart", {self.staff.coordinator})
		self.run_on(add_days(raised, 21))
		self.assertEqual(len(self.mails(issue.name, "venter på svar")), 2)

	def test_r14_no_reminders_about_a_closed_group(self):
		group = self.approve(self.town.group)
		issue = self.raise_issue(group)
		self.close(group)
		self.run_on(add_days(issue.raised_on, 7))
		self.assert_none(issue.name, "venter på svar")

	def test_r14_only_the_groups_coordinator_raises_an_issue(self):
		with (
			self.set_user(f.people()["other_coordinator"]),
			self.assertRaises((frappe.PermissionError, frappe.ValidationError)),
		):
			frappe.get_doc(
				{
					"doctype": "Escalation",
					"group": self.town.group.name,
					"title": "Sak",
					"unit_leader": self.leader,
					"issue": "Tekst",
				}
			).insert()

	def test_r14_informing_the_group_needs_the_answer(self):
		issue = self.raise_issue(self.town.group)
		issue.reload()  # the alert's Communication touched the issue's modified time
		issue.status = st.ESCALATION_INFORMED
		with self.assertRaises(frappe.ValidationError):
			issue.save()
		issue.reload()
		issue.status, issue.answer = st.ESCALATION_INFORMED, "Svar fra enhetslederne"
		issue.save()
		self.assertEqual(getdate(issue.group_informed_on), self.today)

	def test_r14_record_access_coordinator_addressed_unit_leader_and_system_manager(self):
		issue = self.raise_issue(self.town.group)
		other_leader, other_coordinator = f.people()["other_leader"], f.people()["other_coordinator"]
		for user, allowed in (
			(self.staff.coordinator, True),
			(self.leader, True),
			("Administrator", True),
			(other_leader, False),
			(other_coordinator, False),
		):
			with self.set_user(user):
				listed = issue.name in frappe.get_list("Escalation", pluck="name")
			self.assertEqual(listed, allowed, user)
			self.assertEqual(
				bool(
					frappe.has_permission(
						"Escalation", doc=frappe.get_doc("Escalation", issue.name), user=user
					)
				),
				allowed,
				user,
			)


class TestR16KENotices(AlertTestCase):
	def test_r16_ke_and_coordinator_told_when_the_coordinator_is_appointed(self):
		child = f.make_service_user(relations=[f.parent()])  # without an open group
		application = f.new_application(child).insert()
		f.decided_for_appointment(application, self.staff.school, self.staff.coordinator, self.today).save()
		mail = self.mails(application.name, "Koordinator er oppnevnt")
		self.assertEqual(len(mail), 1)
		self.assertIn(self.ke, mail[0]["recipients"])
		self.assertIn(self.staff.coordinator, mail[0]["recipients"])
		self.assertIn(application.responsibility_group, mail[0]["text"])
		self.assert_no_personal_data(mail[0])


class TestAdministratorsEdits(AlertTestCase):
	"""Frappe keeps shipped ("standard") Notifications as the app's files: outside developer mode they cannot be
	edited in place; the supported way is to disable the shipped one and edit a duplicate."""

	ORIGINAL = "Annual Review Due"

	def setUp(self):
		super().setUp()
		self.addCleanup(self.restore)

	def restore(self):
		frappe.set_user("Administrator")
		for name in frappe.get_all("Notification", {"name": ("like", "Kommunens %")}, pluck="name"):
			frappe.delete_doc("Notification", name, force=True)
		frappe.db.set_value("Notification", self.ORIGINAL, "enabled", 1, update_modified=False)
		frappe.cache.delete_value("notifications")
		frappe.db.commit()

	def migrate(self):
		"""What ``bench migrate`` does for the app's alerts: before_migrate hooks, the sync of the app's files
		(DocTypes, Notifications, …), after_migrate hooks."""
		for method in frappe.get_hooks("before_migrate", app_name="ansvarsgruppe"):
			frappe.get_attr(method)()
		sync_for("ansvarsgruppe")
		for method in frappe.get_hooks("after_migrate", app_name="ansvarsgruppe"):
			frappe.get_attr(method)()

	def duplicate(self, days: int):
		original = frappe.get_doc("Notification", self.ORIGINAL)
		original.enabled = 0
		original.save()
		copy = frappe.copy_doc(original)
		copy.name = "Kommunens varsel om årlig evaluering"
		copy.is_standard = 0  # the desk's Duplicate leaves it out (no_copy); server-side copy_doc does not
		copy.enabled = 1
		copy.days_in_advance = days
		copy.subject = "Kommunen minner om evaluering av ansvarsgruppe {{ doc.name }}"
		copy.message = original.get_template().replace(
			"Kall inn til et møte", "Avtal tidspunkt med koordinerende enhet og kall inn til et møte"
		)
		return copy.insert()

	def test_a_shipped_alert_cannot_be_edited_in_place(self):
		original = frappe.get_doc("Notification", self.ORIGINAL)
		self.assertTrue(original.is_standard)
		original.days_in_advance = 45
		with self.assertRaises(frappe.ValidationError):
			original.save()

	def test_the_administrators_duplicate_with_new_days_and_text_survives_migrate(self):
		copy = self.duplicate(days=45)
		self.assertFalse(copy.is_standard)
		self.migrate()

		self.assertEqual(frappe.db.get_value("Notification", self.ORIGINAL, "enabled"), 0)
		copy.reload()
		self.assertEqual(copy.days_in_advance, 45)
		self.assertIn("Avtal tidspunkt med koordinerende enhet", copy.message)

		group = self.approve(self.town.group)
		due = getdate(group.next_review_due)
		self.run_on(add_days(due, -45))
		self.run_on(add_days(due, -45))
		self.assert_sent_once(
			group.name,
			f"Kommunen minner om evaluering av ansvarsgruppe {group.name}",
			{self.staff.coordinator},
			text=("Avtal tidspunkt med koordinerende enhet", fmt(due)),
		)
		self.run_on(add_days(due, -30))
		self.assert_none(group.name, "nærmer seg")

	def test_the_daily_job_sends_the_administrators_duplicate_of_a_code_timed_alert(self):
		original = frappe.get_doc("Notification", "IP Application Not Answered")
		original.enabled = 0
		original.save()
		copy = frappe.copy_doc(original)
		copy.name, copy.is_standard, copy.enabled = "Kommunens varsel om søknad uten svar", 0, 1
		copy.subject = "Kommunen: søknad {{ doc.name }} venter på svar"
		copy.message = (
			"<p>Søknad {{ doc.name }} venter. Ta den opp på mandagsmøtet i koordinerende enhet.</p>"
		)
		copy.insert()
		self.addCleanup(
			frappe.db.set_value, "Notification", original.name, "enabled", 1, update_modified=False
		)
		self.migrate()

		application = f.new_application(self.town.child).insert()
		received = getdate(application.date_received)
		self.run_on(add_days(received, 31))
		self.run_on(add_days(received, 31))
		self.assert_sent_once(
			application.name,
			f"Kommunen: søknad {application.name} venter på svar",
			{self.ke},
			text=("mandagsmøtet",),
			exact=False,
		)
		self.assert_none(application.name, "er ikke besvart")

	def test_a_new_version_of_the_file_replaces_the_original_but_keeps_it_disabled(self):
		self.duplicate(days=45)
		# The next app version ships a newer file: migrate re-imports the shipped notification (its days and
		# text come from the file again) but keeps "enabled" as the administrator left it (Frappe's
		# import_file.ignore_values), so the duplicate stays the only active alert.
		frappe.db.set_value(
			"Notification",
			self.ORIGINAL,
			{"days_in_advance": 99, "modified": "2020-01-01 00:00:00"},
			update_modified=False,
		)
		self.migrate()
		original = frappe.get_doc("Notification", self.ORIGINAL)
		self.assertEqual((original.days_in_advance, original.enabled), (30, 0))
		self.assertEqual(
			frappe.db.get_value("Notification", "Kommunens varsel om årlig evaluering", "days_in_advance"), 45
		)


class TestDailyQueryCount(AlertTestCase):
	"""The daily run costs the same number of queries with 10 groups as with 1,000 (same alerts due)."""

	X = getdate("2041-03-04")  # far from every other test's dates

	def count_queries(self, day) -> int:
		with self.on(day):
			return f.count_queries(run_daily)

	def insert_groups(
		self, count: int, first_review_due: datetime.date, prefix: str, transition_on=None, done: int = 0
	):
		"""``count`` active groups (and their service users and a transition each) straight into the tables;
		the transitions planned on ``transition_on`` if given, and ``done``."""
		now, state = now_datetime(), state_for_status("Responsibility Group", st.GROUP_ACTIVE)
		base = ("creation", "modified", "owner", "modified_by", "docstatus", "idx")
		common = (now, now, "Administrator", "Administrator", 0, 0)
		users, groups, transitions = [], [], []
		for n in range(count):
			user, group = f"{prefix}-BRU-{n:05d}", f"{prefix}-AG-{n:05d}"
			users.append((user, *common, f"Testperson {n}", "2015-01-01"))
			groups.append(
				(
					group,
					*common,
					user,
					self.staff.school,
					self.staff.coordinator,
					st.GROUP_ACTIVE,
					state,
					"2040-01-01",
					add_days(first_review_due, n % 700),
				)
			)
			transitions.append(
				(
					frappe.generate_hash(length=10),
					*common,
					group,
					"Responsibility Group",
					"transitions",
					"Barnehage",
					"Skole",
					transition_on or add_days(first_review_due, 1 + n % 500),
					self.staff.teacher,
					done,
				)
			)
		frappe.db.bulk_insert("Service User", ["name", *base, "full_name", "birth_date"], users)
		frappe.db.bulk_insert(
			"Responsibility Group",
			[
				"name",
				*base,
				"service_user",
				"responsible_unit",
				"coordinator",
				"status",
				"workflow_state",
				"established_date",
				"next_review_due",
			],
			groups,
		)
		frappe.db.bulk_insert(
			"Group Transition",
			[
				"name",
				*base,
				"parent",
				"parenttype",
				"parentfield",
				"from_service",
				"to_service",
				"planned_date",
				"responsible",
				"done",
			],
			transitions,
		)

	def start_counting(self):
		"""No bulk groups left from before; no escalation reminders (other tests' open escalations would
		get a weekly reminder on one of the days counted and not the other); both undone afterwards."""
		self.remove_bulk_groups()
		self.addCleanup(self.remove_bulk_groups)
		frappe.db.set_single_value("Ansvarsgruppe Settings", "escalation_reminder_days", 36500)
		self.addCleanup(
			frappe.db.set_single_value,
			"Ansvarsgruppe Settings",
			"escalation_reminder_days",
			escalations.REMINDER_INTERVAL_DAYS,
		)

	def test_daily_run_costs_a_fixed_number_of_queries_whatever_the_number_of_groups(self):
		x = self.X
		self.start_counting()
		# Ten groups: on each of three days one group's review is due in 30 days and one is overdue.
		dues = [add_days(x, 29), add_days(x, -2), add_days(x, 30), add_days(x, -1), add_days(x, 31), x]
		self.insert_groups(4, add_days(x, 400), "QC1")
		groups = []
		for n, due in enumerate(dues):
			self.insert_groups(1, due, f"QC2{n}")
			groups.append(f"QC2{n}-AG-00000")
		frappe.db.commit()
		self.assertEqual(frappe.db.count("Responsibility Group", {"name": ("like", "QC%")}), 10)

		self.count_queries(add_days(x, -1))  # warm the caches (the first e-mail of a run loads the account)
		at_10 = self.count_queries(x)
		self.insert_groups(990, add_days(x, 400), "QC3")
		frappe.db.commit()
		self.assertEqual(frappe.db.count("Responsibility Group", {"name": ("like", "QC%")}), 1000)
		at_1000 = self.count_queries(add_days(x, 1))

		for day, pair in ((add_days(x, -1), groups[0:2]), (x, groups[2:4]), (add_days(x, 1), groups[4:6])):
			for name in pair:
				self.assertTrue(
					frappe.db.exists("Sent Alert", {"reference_name": name}), f"{name} alerted on {day}"
				)
		print(
			"\nDaily alert run (Frappe's trigger_daily_alerts + send_daily_alerts), 2 alerts sent: "
			f"{at_10} queries with 10 groups, {at_1000} queries with 1,000 groups"
		)
		self.assertEqual(at_10, at_1000)
		self.assertLess(at_1000, 400)

	def test_a_second_run_the_same_day_costs_the_same_however_many_candidates_are_not_due(self):
		"""Nothing new to send: the cost must not grow with the candidates whose condition is false (here
		transitions already done, which the "Transition in 60 Days" alert skips) nor with those sent."""
		day_10, day_1000 = add_days(self.X, 100), add_days(self.X, 101)
		far = add_days(self.X, 3000)  # no review alert on these days
		self.start_counting()
		self.insert_groups(8, far, "QC4", transition_on=add_days(day_10, 60), done=1)
		self.insert_groups(2, far, "QC5", transition_on=add_days(day_10, 60))
		frappe.db.commit()
		self.count_queries(day_10)  # sends the two transitions not done
		at_10 = self.count_queries(day_10)
		self.insert_groups(988, far, "QC6", transition_on=add_days(day_1000, 60), done=1)
		self.insert_groups(2, far, "QC7", transition_on=add_days(day_1000, 60))
		frappe.db.commit()
		self.assertEqual(frappe.db.count("Responsibility Group", {"name": ("like", "QC%")}), 1000)
		self.count_queries(day_1000)
		at_1000 = self.count_queries(day_1000)

		for prefix in ("QC5", "QC7"):
			occasions = frappe.get_all(
				"Sent Alert",
				{"alert": "Transition in 60 Days", "reference_name": ("like", f"{prefix}%")},
				pluck="occasion_key",
			)
			self.assertEqual(len(set(occasions)), 2)
		self.assertFalse(frappe.db.exists("Sent Alert", {"reference_name": ("like", "QC4%")}))
		self.assertFalse(frappe.db.exists("Sent Alert", {"reference_name": ("like", "QC6%")}))
		print(
			"\nDaily alert run again the same day (nothing to send): "
			f"{at_10} queries with 10 groups, {at_1000} queries with 1,000 groups (988 candidates not due)"
		)
		self.assertEqual(at_10, at_1000)

	def remove_bulk_groups(self):
		frappe.db.sql("delete from `tabSent Alert` where reference_name like 'QC%%'")
		frappe.db.sql("delete from `tabGroup Transition` where parent like 'QC%%'")
		frappe.db.sql("delete from `tabResponsibility Group` where name like 'QC%%'")
		frappe.db.sql("delete from `tabService User` where name like 'QC%%'")
		frappe.db.commit()
