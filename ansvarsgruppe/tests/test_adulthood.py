"""Turning 18 (R1, R4, R5, R24), by time travel through the daily job (``tasks/adulthood.py``): the
coordinator is told 90 days ahead; on the day the parents no longer act for the person in the portal, the
consents they signed stop speaking for the person unless the signer is a guardian, the person is invited
to the portal and asked to consent, and the group carries on."""

import datetime

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.permissions.records import takes_part
from ansvarsgruppe.portal.people import represented
from ansvarsgruppe.rules import adulthood
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tasks.adulthood import send_daily_adulthood_alerts
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_alerts import AlertTestCase

PASSWORD = "Myndig-Atten-2026!"


class TestComingOfAge(AlertTestCase):
	def setUp(self):
		super().setUp()
		self.child = self.town.child
		self.adult_on = add_days(self.today, adulthood.NOTICE_DAYS)
		birth = getdate(self.adult_on).replace(year=getdate(self.adult_on).year - 18)
		self.child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
		self.child.email = f"person.{frappe.generate_hash(length=6)}@example.no"
		self.child.birth_date = birth
		self.child.save()
		self.group = f.advance(self.town.group, st.GROUP_APPROVED)
		f.make_member(self.group.name, self.staff.teacher, self.staff.school)
		with f.as_user(self.staff.coordinator):
			self.parent = invite(self.child.name, self.child.relations[0].name)

	def run_on(self, day):
		# with microseconds: a record made and saved again in the frozen second (the person's new account)
		# keeps the same timestamp as stored
		with self.freeze_time(f"{getdate(day)} 09:00:00.500000"):
			send_daily_adulthood_alerts()

	def test_r1_the_coordinator_is_told_90_days_ahead_once(self):
		self.run_on(add_days(self.today, -1))
		self.assertEqual(self.mails(self.group.name, "blir myndig"), [])
		self.run_on(self.today)
		self.run_on(add_days(self.today, 1))
		self.assert_sent_once(self.group.name, "blir myndig om 90 dager", {self.staff.coordinator})

	def test_r4_on_the_day_the_parents_no_longer_speak_for_the_person_and_the_group_carries_on(self):
		day_before = add_days(self.adult_on, -1)
		self.run_on(day_before)
		with self.on(day_before):
			self.assertIn(self.child.name, represented(self.parent))
			self.assertTrue(takes_part(self.staff.teacher, self.group.name))
		self.assertEqual(frappe.db.get_value("Consent", self.town.consent.name, "status"), st.CONSENT_ACTIVE)

		self.run_on(self.adult_on)
		self.run_on(add_days(self.adult_on, 1))  # a second run changes and sends nothing more
		consent = frappe.db.get_value("Consent", self.town.consent.name, ["status", "valid_to"], as_dict=True)
		self.assertEqual(
			(consent.status, getdate(consent.valid_to)), (st.CONSENT_EXPIRED, getdate(day_before))
		)
		with self.on(self.adult_on):
			self.assertNotIn(self.child.name, represented(self.parent))
			self.assertFalse(takes_part(self.staff.teacher, self.group.name))
			self.assertTrue(takes_part(self.staff.coordinator, self.group.name))
		person_user = frappe.db.get_value("Service User", self.child.name, "portal_user")
		self.assertEqual(person_user, self.child.email)
		with self.on(self.adult_on):
			self.assertEqual(represented(person_user)[self.child.name]["kind"], "Service User")
		self.assertEqual(
			frappe.db.get_value("Responsibility Group", self.group.name, "status"), st.GROUP_APPROVED
		)
		self.assert_sent_once(self.group.name, f"{self.group.name} er myndig", {self.staff.coordinator})
		self.assert_sent_once(self.group.name, "gi samtykke", {self.child.email})

	def test_r4_a_guardians_consent_and_access_go_on(self):
		self.child.append("relations", f.guardian(email=f"verge.{frappe.generate_hash(length=6)}@example.no"))
		self.child.save()
		guardian_row = self.child.relations[-1]
		consent = f.make_consent(self.child, [self.staff.school], signer=("Relation", guardian_row.name))
		with f.as_user(self.staff.coordinator):
			guardian = invite(self.child.name, guardian_row.name)
		self.run_on(self.adult_on)
		self.assertEqual(frappe.db.get_value("Consent", consent.name, "status"), st.CONSENT_ACTIVE)
		self.assertEqual(frappe.db.get_value("Consent", self.town.consent.name, "status"), st.CONSENT_EXPIRED)
		with self.on(self.adult_on):
			self.assertIn(self.child.name, represented(guardian))
			self.assertNotIn(self.child.name, represented(self.parent))

	def test_r1_a_person_of_age_long_ago_is_left_alone(self):
		self.child.birth_date = datetime.date(getdate(self.today).year - 30, 1, 1)
		self.child.save()
		self.run_on(self.today)
		self.assertEqual(frappe.db.get_value("Consent", self.town.consent.name, "status"), st.CONSENT_ACTIVE)
		self.assertEqual(self.mails(self.group.name, "myndig"), [])


class TestComingOfAgeOverHttp(FrappeTestCase):
	"""Over HTTP against the served site, on the real day: a person who turns 18 today, after the daily job.
	The data is committed (the web server reads it through its own connection) and removed at the end."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		f.ensure_outgoing_email_account()
		with f.unthrottled_users():
			town = cls.town = f.Municipality()
			child = town.child
			child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
			child.email = f"person.{frappe.generate_hash(length=6)}@example.no"
			child.birth_date = add_days(getdate(), -1).replace(year=getdate().year - 18) + datetime.timedelta(
				days=2
			)  # still a minor while the parent is invited
			child.save()
			cls.group = f.advance(town.group, st.GROUP_APPROVED).name
			f.make_member(cls.group, town.teacher, town.school)
			cls.parent = invite(child.name, child.relations[0].name)
			today = getdate()
			frappe.db.set_value("Service User", child.name, "birth_date", today.replace(year=today.year - 18))
			send_daily_adulthood_alerts()
			cls.person = frappe.db.get_value("Service User", child.name, "portal_user")
			for user in (cls.parent, cls.person, town.teacher):
				update_password(user, PASSWORD)
		frappe.db.commit()

	def test_r4_the_parent_no_longer_reaches_the_group_and_the_person_does(self):
		self.assertTrue(self.person)
		parent = f.WebSession(self.parent, PASSWORD)
		page = parent.get("/mine-ansvarsgrupper")
		self.assertEqual(page.status_code, 200)
		self.assertNotIn(self.group, page.text)
		for method, args in (
			("ansvarsgruppe.api.messages.get_conversation", {"group": self.group}),
			("ansvarsgruppe.api.portal.withdraw_consent", {"consent": self.town.consent.name, "reason": "x"}),
		):
			self.assertIn(parent.call(method, **args).status_code, (403, 417), method)
		person = f.WebSession(self.person, PASSWORD)
		page = person.get("/mine-ansvarsgrupper")
		self.assertIn(self.group, page.text)
		self.assertIn("Gi samtykke", page.text)
		teacher = f.WebSession(self.town.teacher, PASSWORD)
		listed = teacher.call("frappe.client.get_list", doctype="Responsibility Group", fields=["name"])
		self.assertNotIn(self.group, listed.text)
