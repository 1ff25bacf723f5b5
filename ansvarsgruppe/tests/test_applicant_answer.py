"""The answer to every applicant (R2): the decision letter (content; the applicant who chose e-mail is told
in the portal and by e-mail, nobody else; one who chose post, or has no portal account, is marked for KE to
post) and the interim answer (forvaltningsloven § 11 a: once, on the day after the settings' limit, never
after the decision), by time travel through the daily jobs."""

import frappe
from frappe.utils import add_days, getdate

from ansvarsgruppe.portal.people import ensure_portal_user
from ansvarsgruppe.printing.formats import ANSWER_FORMAT
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tasks.answers import send_interim_answers
from ansvarsgruppe.tasks.catch_up import run_daily_alert_jobs
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_alerts import KE_EMAIL, AlertTestCase, fmt
from ansvarsgruppe.tests.test_print_formats import visible_text

ANSWER = "Svar på søknaden"
INTERIM = "Foreløpig svar"
LIMIT = 21


class AnswerTestCase(AlertTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		settings = frappe.get_single("Ansvarsgruppe Settings")
		settings.interim_answer_days = LIMIT
		settings.municipality_name = "Testvik kommune"
		settings.save()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		child = self.town.child
		self.parent_email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
		self.other_email = f"annen.{frappe.generate_hash(length=6)}@example.no"
		child.relations[0].email = self.parent_email
		child.relations[1].email = self.other_email  # a parent without parental responsibility
		child.save()
		for row, email in ((child.relations[0], self.parent_email), (child.relations[1], self.other_email)):
			user = ensure_portal_user(email, row.full_name)
			frappe.db.set_value("Service User Relation", row.name, "portal_user", user.name)
		child.reload()
		self.child = child

	def run_on(self, day):
		"""Every daily job as the scheduler runs them (this module's job among them), on ``day``."""
		with self.on(day):
			self.assertEqual(run_daily_alert_jobs(), [])

	def application(self, days_ago: int = 5, **extra):
		return f.new_application(self.child, date_received=add_days(self.today, -days_ago), **extra).insert(
			ignore_permissions=True
		)

	def decide(self, application, status=st.APPLICATION_DECIDED, **values):
		application.reload()
		application.update(
			{
				"status": status,
				"decision_date": self.today,
				"responsible_unit": self.town.school if status != st.APPLICATION_REJECTED else None,
				**values,
			}
		)
		application.save()
		application.reload()
		return application

	def letter(self, application) -> str:
		html = frappe.get_print("IP Application", application.name, ANSWER_FORMAT)
		self.assertNotIn("{{", html)
		return " ".join(visible_text(html).split())


class TestDecisionLetter(AnswerTestCase):
	def test_r2_the_applicant_who_chose_e_mail_is_told_once_and_nobody_else(self):
		application = self.application()
		self.assertEqual(application.applicant_email, self.parent_email)
		self.assert_none(application.name, ANSWER)  # nothing while it waits

		application = self.decide(application)
		self.assert_sent_once(
			application.name,
			ANSWER,
			[self.parent_email],
			not_to=[self.other_email, KE_EMAIL, self.town.coordinator],
			text=["Logg inn i familieportalen", "/mine-ansvarsgrupper"],
		)
		self.assertEqual(getdate(application.decision_letter_on), self.today)
		self.assertFalse(application.answer_to_post)

		application.outcome = "Skolen har koordinatorrollen."
		application.save()  # saved again, still decided: no second letter
		self.assertEqual(len(self.mails(application.name, ANSWER)), 1)

		# the coordinator appointed: a new letter naming them
		application.reload()
		application.appointed_coordinator, application.coordinator_unit = (
			self.town.coordinator,
			self.town.school,
		)
		application.responsibility_group = self.town.group.name  # the child's group exists already
		application.status = st.APPLICATION_APPOINTED
		application.save()
		self.assertEqual(len(self.mails(application.name, ANSWER)), 2)
		self.assertIn("Kari Koordinator", self.letter(application))

	def test_r2_an_applicant_who_chose_post_is_marked_for_post_and_gets_no_mail(self):
		application = self.decide(self.application(answer_channel="Post"))
		self.assertIsNone(application.applicant_email)
		self.assertEqual(application.answer_to_post, 1)
		self.assertEqual(getdate(application.decision_letter_on), self.today)
		self.assertEqual(self.mails(application.name, ANSWER), [])

	def test_r2_an_applicant_without_a_portal_account_gets_the_letter_by_post(self):
		frappe.db.set_value("Service User Relation", self.child.relations[0].name, "portal_user", None)
		application = self.decide(self.application())
		self.assertIsNone(application.applicant_email)
		self.assertEqual(application.answer_to_post, 1)
		self.assertEqual(self.mails(application.name, ANSWER), [])

	def test_r2_granted_letter_names_the_unit_the_coordinator_to_come_and_how_to_complain(self):
		text = self.letter(self.decide(self.application()))
		for part in (
			"Svar på søknad om individuell plan og koordinator",
			"Søknaden er innvilget",
			"individuell plan og koordinator",
			self.town.school,
			"Lederen for enheten oppnevner koordinator",
			"Slik klager du",
			"innen fire uker",
			"Statsforvalteren",
			"Ola Forelder",
			fmt(self.today),
			"Testvik kommune",
		):
			self.assertIn(part, text)
		self.assertNotIn("Foreløpig svar", text)

	def test_r2_rejection_letter_gives_the_reason_and_how_to_complain(self):
		application = self.decide(
			self.application(),
			st.APPLICATION_REJECTED,
			rejection_reason="Behovet dekkes av tjenestene som allerede er i gang.",
		)
		text = self.letter(application)
		for part in ("Søknaden er avslått", "Behovet dekkes av tjenestene", "Slik klager du"):
			self.assertIn(part, text)
		self.assertNotIn("innvilget", text)
		self.assertEqual(len(self.mails(application.name, ANSWER)), 1)

	def test_r2_an_application_brought_in_already_decided_gets_no_new_letter(self):
		application = self.application(days_ago=400)
		frappe.flags.in_import = True  # as Frappe's Data Import runs
		try:
			application = self.decide(application, decision_date=add_days(self.today, -380))
		finally:
			frappe.flags.in_import = False
		self.assertIsNone(application.decision_letter_on)
		self.assertEqual(self.mails(application.name, ANSWER), [])


class TestInterimAnswer(AnswerTestCase):
	def test_r2_interim_answer_once_the_day_after_the_limit(self):
		application = self.application(days_ago=0)
		due = add_days(self.today, LIMIT + 1)
		self.run_on(add_days(due, -1))
		self.assert_none(application.name, INTERIM)
		self.run_on(due)
		self.run_on(due)  # twice the same day
		self.run_on(add_days(due, 5))  # and later
		self.assert_sent_once(
			application.name,
			INTERIM,
			[self.parent_email],
			not_to=[self.other_email, KE_EMAIL],
			text=["forvaltningsloven § 11 a", fmt(self.today)],
		)
		application.reload()
		self.assertEqual(getdate(application.interim_answer_on), due)
		with self.on(due):
			text = self.letter(application)
		self.assertIn("Foreløpig svar på søknad om individuell plan og koordinator", text)
		self.assertIn("forvaltningsloven § 11 a", text)
		self.assertNotIn("Slik klager du", text)

	def test_r2_no_interim_answer_after_the_decision(self):
		application = self.application(days_ago=LIMIT - 3)
		self.decide(application)
		self.run_on(add_days(self.today, 10))
		self.assert_none(application.name, INTERIM)
		self.assertIsNone(frappe.db.get_value("IP Application", application.name, "interim_answer_on"))

	def test_r2_an_interim_answer_by_post_is_marked_once(self):
		application = self.application(days_ago=LIMIT + 3, answer_channel="Post")
		send_interim_answers()
		application.reload()
		self.assertEqual(application.answer_to_post, 1)
		self.assertEqual(getdate(application.interim_answer_on), self.today)
		self.assertEqual(self.mails(application.name, INTERIM), [])
		frappe.db.set_value("IP Application", application.name, "answer_to_post", 0)  # KE posted it
		send_interim_answers()
		self.assertEqual(frappe.db.get_value("IP Application", application.name, "answer_to_post"), 0)

	def test_r2_an_applicant_given_a_portal_account_since_applying_is_told_in_the_portal(self):
		relation = self.child.relations[0].name
		frappe.db.set_value("Service User Relation", relation, "portal_user", None)
		application = self.application(days_ago=LIMIT + 2)
		self.assertIsNone(application.applicant_email)
		frappe.db.set_value("Service User Relation", relation, "portal_user", self.parent_email)
		send_interim_answers()
		application.reload()
		self.assertEqual(application.applicant_email, self.parent_email)
		self.assertFalse(application.answer_to_post)
		self.assertEqual(len(self.mails(application.name, INTERIM)), 1)
