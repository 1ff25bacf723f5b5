"""Attack suite (the answer to the applicant, R2): the decision letter and the interim answer are read in the
portal by the family they answer, over HTTP against the served test site; every other kind of user is
refused and nothing changes (rows counted before and after). The address told of an answer is the
applicant's own account, whatever a form sends."""

import frappe
import requests
from frappe.utils import getdate

from ansvarsgruppe.printing.formats import ANSWER_FORMAT
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_attacks_roads import PASSWORD, RoadsTestCase, count

LETTERS = {}


class TestDecisionLetterRoads(RoadsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not LETTERS:
			with f.unthrottled_users():
				LETTERS.update(
					local_admin=f.make_login_user("Lars Lokal", ["Local Administrator"], PASSWORD),
					archive=f.make_login_user("Arne Arkiv", ["Archive"], PASSWORD),
				)
			application = f.new_application(frappe.get_doc("Service User", cls.town.child.name))
			application.insert(ignore_permissions=True)
			application.update(
				{
					"status": st.APPLICATION_DECIDED,
					"decision_date": getdate(),
					"responsible_unit": cls.town.school,
				}
			)
			application.save()
			LETTERS["application"] = application.name
			frappe.db.commit()
		for key, value in LETTERS.items():
			setattr(cls, key, value)

	def letter(self, user: str):
		params = {"doctype": "IP Application", "name": self.application, "format": ANSWER_FORMAT}
		return self.client(user).method("frappe.utils.print_format.download_pdf", **params)

	def test_r2_the_family_reads_its_letter_in_the_portal(self):
		self.assertEqual(
			frappe.db.get_value("IP Application", self.application, "applicant_email"), self.parent
		)
		page = self.client(self.parent).get("/mine-ansvarsgrupper")
		self.assertEqual(page.status_code, 200)
		self.assertIn("Søknad mottatt", page.text)
		self.assertIn("Innvilget", page.text)
		response = self.letter(self.parent)
		self.assertTrue(response.content.startswith(b"%PDF"), response.text[:300])
		# KE reads every application's letter
		self.assertTrue(self.letter(self.ke).content.startswith(b"%PDF"))

	def test_r2_nobody_else_reads_the_letter(self):
		before = (count("IP Application"), count("Sent Alert"))
		params = {"doctype": "IP Application", "name": self.application, "format": ANSWER_FORMAT}
		guest = requests.get(
			frappe.utils.get_url("/api/method/frappe.utils.print_format.download_pdf"), params=params
		)
		self.assertFalse(guest.content.startswith(b"%PDF"), "a guest read the letter")
		for user in (
			self.other_parent,
			self.town.teacher,
			self.town.outsider,
			self.ended,
			self.uncovered,
			self.other_coordinator,
			self.closed_coordinator,
			self.local_admin,
			self.archive,
		):
			response = self.letter(user)
			self.assertFalse(response.content.startswith(b"%PDF"), f"{user} read the letter")
			printview = self.client(user).get(
				"/printview", doctype="IP Application", name=self.application, format=ANSWER_FORMAT
			)
			self.assertNotIn("Svar på søknad", printview.text, f"{user} read the letter's print view")
		page = self.client(self.other_parent).get("/mine-ansvarsgrupper").text
		self.assertNotIn(self.application, page, "another family's application is not listed")
		self.assertEqual((count("IP Application"), count("Sent Alert")), before)

	def test_r2_a_family_cannot_change_where_or_how_the_answer_goes(self):
		before = frappe.db.get_value(
			"IP Application",
			self.application,
			["applicant_email", "answer_channel", "answer_to_post"],
			as_dict=True,
		)
		for user in (self.parent, self.other_parent):
			for field, value in (
				("applicant_email", "angriper@example.no"),
				("answer_to_post", 0),
				("answer_channel", "Post"),
			):
				response = self.client(user).set_value("IP Application", self.application, field, value)
				self.assertFalse(response.ok, f"{user} changed {field}")
		frappe.db.rollback()
		after = frappe.db.get_value(
			"IP Application",
			self.application,
			["applicant_email", "answer_channel", "answer_to_post"],
			as_dict=True,
		)
		self.assertEqual(after, before)

	def test_r2_the_portal_form_cannot_point_the_answer_at_another_address(self):
		before = count("IP Application")
		response = self.client(self.parent).post(
			"/api/method/frappe.website.doctype.web_form.web_form.accept",
			web_form="soknad-om-ip",
			data={
				"doctype": "IP Application",
				"service_user": self.town.child.name,
				"applied_for": "Both",
				"needs_description": "Trenger koordinator",
				"answer_channel": "E-mail",
				"applicant_email": "angriper@example.no",
				"answer_to_post": 1,
				"interim_answer_on": "2020-01-01",
				"decision_letter_on": "2020-01-01",
			},
		)
		self.assertEqual(response.status_code, 200, response.text[:500])
		self.assertEqual(count("IP Application"), before + 1)
		name = response.json()["message"]["name"]
		values = frappe.db.get_value(
			"IP Application",
			name,
			["applicant_email", "answer_to_post", "interim_answer_on", "decision_letter_on"],
			as_dict=True,
		)
		self.assertEqual(
			values,
			{
				"applicant_email": self.parent,
				"answer_to_post": 0,
				"interim_answer_on": None,
				"decision_letter_on": None,
			},
		)


class TestRightsTold(RoadsTestCase):
	def test_r21_the_portal_the_form_and_the_participants_home_tell_the_right_and_how_to_ask(self):
		client = self.client(self.parent)
		page = client.get("/mine-ansvarsgrupper").text
		self.assertIn("Du kan få koordinator og individuell plan", page)
		self.assertIn("snakk med hvem som helst av de ansatte", page)
		form = client.get("/soknad-om-ip/new", service_user=self.town.child.name).text
		self.assertIn("er én fast person i kommunen", form)
		self.assertIn("sende søknaden i posten", form)
		home = frappe.get_doc("Workspace", "Gruppedeltaker").content
		self.assertIn("Alle ansatte skal fortelle brukere og familier om retten", home)
