"""A first-time applicant: a person or a parent ID-porten has verified, and whom the app does not know, logs
in, reaches the application form and applies for themselves or their child under 18, and does nothing
else (R1, R2, R4, R20). Over HTTP against the served site and the local OpenID Connect provider; every
refusal changes nothing (rows counted)."""

import datetime
import json
import random
from urllib.parse import urlparse

import frappe
from frappe.utils import add_years, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.portal import first_time
from ansvarsgruppe.portal.people import ensure_portal_user
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests import idporten_support as support
from ansvarsgruppe.tests.test_idporten import ACCEPT, IDportenTestCase, error_logs

FORM = "soknad-om-ip"


def tearDownModule():
	support.disable()


def child_number(age: int = 8) -> str:
	birth = add_years(getdate(), -age) - datetime.timedelta(days=random.randint(10, 300))
	return f.number_for(birth, random.randint(500, 899))


def rows() -> dict[str, int]:
	frappe.db.rollback()
	return {
		doctype: frappe.db.count(doctype)
		for doctype in ("User", "Service User", "Service User Relation", "IP Application")
	}


def said(answer) -> str:
	"""The refusal's message as the person reads it."""
	return (
		answer.json().get("exception", "")
		if answer.headers.get("content-type", "").startswith("application/json")
		else answer.text
	)


def application_data(**values) -> dict:
	return {
		"doctype": "IP Application",
		"applied_for": "Both",
		"needs_description": "Trenger hjelp fra skole, helsestasjon og BUP.",
		"answer_channel": "E-mail",
		**values,
	}


class TestFirstTimeApplicant(IDportenTestCase):
	def first_login(self, pid: str | None = None):
		"""A browser logged in through ID-porten with a number the app has never seen."""
		pid = pid or support.random_number(1975, 1995)
		browser = support.Browser()
		before = rows()
		answer = browser.idporten_login(self.provider, pid)
		self.assertEqual(answer.status_code, 302, answer.text[:300])
		self.assertEqual(urlparse(answer.headers["Location"]).path, first_time.FORM)
		user = browser.user()
		self.assertTrue(first_time.is_placeholder(user), user)
		self.assertNotIn(pid, user)
		after = rows()
		self.assertEqual(after["User"], before["User"] + 1, "the log-in makes the portal account only")
		self.assertEqual(after["Service User"], before["Service User"])
		return browser, pid, user

	def apply(self, browser, **values):
		answer = browser.post(ACCEPT, web_form=FORM, data=json.dumps(application_data(**values)))
		frappe.db.rollback()  # see what the web server committed
		return answer

	def test_r1_r20_a_parent_unknown_to_the_app_applies_for_their_child(self):
		logged = len(error_logs("ID-porten: ny søker"))
		browser, pid, user = self.first_login()
		logs = error_logs("ID-porten: ny søker")
		self.assertEqual(len(logs), logged + 1)
		self.assertIn("sub=", logs[0])
		self.assertNotIn(pid, logs[0])

		page = browser.get(first_time.FORM)
		self.assertEqual(page.status_code, 200, page.text[:300])
		self.assertIn("new_applicant_for", page.text)

		number = child_number()
		email = f"ny.{frappe.generate_hash(length=6)}@example.no"
		before = rows()
		answer = self.apply(
			browser,
			new_applicant_for=first_time.MY_CHILD,
			new_applicant_name="Nina Nysøker",
			new_applicant_email=email,
			new_child_name="Nils Nysøker",
			new_child_national_id=number,
		)
		self.assertEqual(answer.status_code, 200, answer.text[:800])
		name = answer.json()["message"]["name"]
		after = rows()
		self.assertEqual(after["Service User"], before["Service User"] + 1, "the child, and nobody else")
		self.assertEqual(after["IP Application"], before["IP Application"] + 1)
		self.assertEqual(after["User"], before["User"])

		application = frappe.get_doc("IP Application", name)
		child = frappe.get_doc("Service User", application.service_user)
		self.assertEqual(
			(child.full_name, child.national_id, child.portal_user), ("Nils Nysøker", number, None)
		)
		self.assertEqual(len(child.relations), 1)
		relation = child.relations[0]
		self.assertEqual(
			(relation.full_name, relation.national_id, relation.portal_user, relation.relation_type),
			("Nina Nysøker", pid, user, "Parent"),
		)
		self.assertTrue(relation.has_parental_responsibility)
		self.assertEqual(
			(application.applicant_kind, application.applicant_relation), ("Relation", relation.name)
		)
		self.assertEqual(application.status, st.APPLICATION_RECEIVED)
		self.assertEqual(application.applicant_email, email, "the answer's notice goes where they asked")
		self.assertIn("ID-porten", application.identified_by)
		self.assertIn("sub=", application.identified_by)
		self.assertNotIn(pid, application.identified_by)
		self.assertFalse(application.new_child_national_id, "the child's number is kept on the child only")
		self.assertEqual(frappe.db.get_value("User", user, "full_name"), "Nina Nysøker")

		# Now the parent is known: the next log-in is to the same account, acting for the child alone.
		again = support.Browser()
		answer = again.idporten_login(self.provider, pid)
		self.assertEqual(urlparse(answer.headers["Location"]).path, "/mine-ansvarsgrupper")
		self.assertEqual(again.user(), user)
		page = again.get("/mine-ansvarsgrupper")
		self.assertIn("Nils Nysøker", page.text)
		received = frappe.utils.formatdate(application.date_received, "dd.MM.yyyy")
		self.assertIn(f"Søknad mottatt {received}", page.text)
		self.assertNotIn(self.family.town.child.full_name, page.text)

		# The parental responsibility is only what the applicant stated: until KE has checked it, the parent
		# applies and reads the answer, and gives no consent for the child.
		self.assertTrue(relation.stated_by_applicant)
		self.assertNotIn("Gi samtykke", page.text)
		consent = f.consent_form(child.name, [self.family.town.school])
		before = rows()
		consents = frappe.db.count("Consent")
		answer = again.post(ACCEPT, web_form="samtykke", data=json.dumps(consent))
		self.assertEqual(answer.status_code, 403, answer.text[:300])
		frappe.db.rollback()
		self.assertEqual((rows(), frappe.db.count("Consent")), (before, consents))
		frappe.db.set_value("Service User Relation", relation.name, "stated_by_applicant", 0)
		frappe.db.commit()
		self.assertIn("Gi samtykke", again.get("/mine-ansvarsgrupper").text)

	def test_r1_an_adult_unknown_to_the_app_applies_for_themselves(self):
		browser, pid, user = self.first_login()
		before = rows()
		answer = self.apply(
			browser,
			new_applicant_for=first_time.MYSELF,
			new_applicant_name="Vera Voksen",
			answer_channel="Post",
		)
		self.assertEqual(answer.status_code, 200, answer.text[:800])
		application = frappe.get_doc("IP Application", answer.json()["message"]["name"])
		person = frappe.get_doc("Service User", application.service_user)
		self.assertEqual(
			(person.full_name, person.national_id, person.portal_user), ("Vera Voksen", pid, user)
		)
		self.assertEqual(person.relations, [])
		self.assertEqual(application.applicant_kind, "Service User")
		self.assertFalse(application.applicant_email, "the answer goes by post")
		self.assertEqual(rows()["Service User"], before["Service User"] + 1)

	def test_r1_r20_what_a_first_time_applicant_cannot_apply_for_changes_nothing(self):
		browser, pid, _user = self.first_login()
		cases = {
			"nobody chosen": ({"new_applicant_name": "Ola Ny"}, "Velg hvem du søker for"),
			"no name": ({"new_applicant_for": first_time.MYSELF}, "Skriv det fulle navnet ditt"),
			"an adult as their child": (
				{"new_child_national_id": support.random_number(1980, 1990)},
				"barnet ditt under 18",
			),
			"themselves as their child": ({"new_child_national_id": pid}, "kan ikke være ditt eget"),
			"a bad number": ({"new_child_national_id": "12345678901"}, "Fødselsnummeret"),
			"another family's person": (
				{"new_applicant_name": "Ola Ny", "service_user": self.family.town.child.name},
				"Velg hvem du søker for",
			),
		}
		child = {
			"new_applicant_for": first_time.MY_CHILD,
			"new_applicant_name": "Ola Ny",
			"new_child_name": "Lise Ny",
		}
		for case, (values, message) in cases.items():
			with self.subTest(case):
				data = values if "new_child_national_id" not in values else {**child, **values}
				before = rows()
				answer = self.apply(browser, **data)
				self.assertIn(answer.status_code, (403, 417), answer.text[:300])
				self.assertIn(message, said(answer))
				self.assertEqual(rows(), before)
		self.assertEqual(
			frappe.db.count("IP Application", {"service_user": self.family.town.child.name, "owner": _user}),
			0,
		)

	def test_r1_r5_an_application_for_a_child_already_known_is_answered_as_for_any_other(self):
		"""The answer does not tell that a child is in the register: the application is filed either way (for
		a record of what the applicant wrote, naming the registered child for KE), and the responses, the
		rows made and the applicant's page are the same."""
		known_number = child_number(7)
		known = f.make_service_user(
			"Kjent Barn", age_years=7, national_id=known_number, relations=[f.parent()]
		)
		frappe.db.commit()
		stored = frappe.db.get_value("Service User", known.name, ["modified", "portal_user"])
		outcomes = {}
		for case, number in (("known", known_number), ("unknown", child_number(7))):
			browser, _pid, user = self.first_login()
			before = rows()
			answer = self.apply(
				browser,
				new_applicant_for=first_time.MY_CHILD,
				new_applicant_name="Nora Nysøker",
				new_child_name="Nils Nysøker",
				new_child_national_id=number,
			)
			self.assertEqual(answer.status_code, 200, answer.text[:800])
			body = answer.json()
			name = body["message"]["name"]
			made = {doctype: n - before[doctype] for doctype, n in rows().items()}
			page = browser.get("/mine-ansvarsgrupper")
			received = frappe.utils.formatdate(frappe.utils.today(), "dd.MM.yyyy")
			outcomes[case] = {
				"status": answer.status_code,
				"keys": sorted(body),
				"message": sorted(body["message"]),
				"said": {k: v for k, v in body.items() if k != "message"},
				"made": made,
				"page": (
					page.status_code,
					"Nils Nysøker" in page.text,
					f"Søknad mottatt {received}" in page.text,
				),
			}
			self.assertNotIn(known.name, answer.text + page.text)
			self.assertNotIn("Kjent Barn", answer.text + page.text)
			application = frappe.get_doc("IP Application", name)
			self.assertEqual(application.status, st.APPLICATION_RECEIVED)
			person = frappe.get_doc("Service User", application.service_user)
			self.assertEqual((person.full_name, person.relations[0].portal_user), ("Nils Nysøker", user))
			outcomes[case]["registered_as"] = person.registered_as
		self.assertEqual(outcomes["known"].pop("registered_as"), known.name, "KE sees whom it is for")
		self.assertIsNone(outcomes["unknown"].pop("registered_as"))
		self.assertEqual(outcomes["known"], outcomes["unknown"])
		self.assertEqual(outcomes["known"]["made"]["Service User"], 1)
		# the registered child's record is not opened to the new log-in
		self.assertEqual(frappe.db.get_value("Service User", known.name, ["modified", "portal_user"]), stored)
		self.assertEqual(len(frappe.get_doc("Service User", known.name).relations), 1)

	def test_a_first_time_applicant_reads_nothing_of_anyone_else(self):
		browser, _pid, _user = self.first_login()
		town = self.family.town
		others = frappe.get_all("IP Application", pluck="name", limit=1) or [
			f.new_application(town.child).insert(ignore_permissions=True).name
		]
		frappe.db.commit()
		for path in (
			"/api/resource/Service User",
			f"/api/resource/Service User/{town.child.name}",
			"/api/resource/IP Application",
			f"/api/resource/IP Application/{others[0]}",
			"/api/resource/Responsibility Group",
			"/api/resource/Consent",
		):
			with self.subTest(path):
				answer = browser.get(path)
				self.assertIn(answer.status_code, (403, 404), (path, answer.text[:300]))
				self.assertNotIn(town.child.full_name, answer.text)
		pdf = browser.get(
			"/api/method/frappe.utils.print_format.download_pdf",
			doctype="IP Application",
			name=others[0],
			format="Svar på søknad om individuell plan og koordinator",
		)
		self.assertIn(pdf.status_code, (403, 404), pdf.text[:300])
		page = browser.get("/mine-ansvarsgrupper")
		self.assertNotIn(town.child.full_name, page.text)
		consent = browser.get("/samtykke/new")
		self.assertNotIn(town.child.name, consent.text)

	def test_a_forged_or_unverified_number_makes_nobody(self):
		# A token the provider did not sign, or addressed to another client: no account, no session.
		for mode in ("bad_signature", "wrong_audience", "expired"):
			with self.subTest(mode):
				before = rows()
				browser = support.Browser()
				answer = browser.idporten_login(self.provider, support.random_number(1960, 1970), mode=mode)
				self.assertEqual(answer.status_code, 401, answer.text[:300])
				self.assertEqual(browser.user(), "Guest")
				self.assertEqual(rows(), before)

		# A portal user who acts for nobody, logged in with a password (no number verified in the session),
		# cannot apply as a first-time applicant, and the form's fields cannot set a number.
		stranger = ensure_portal_user(f"fremmed.{frappe.generate_hash(length=6)}@example.no", "Frida Fremmed")
		update_password(stranger.name, support.PASSWORD)
		frappe.db.commit()
		browser = support.Browser()
		self.assertEqual(browser.password_login(stranger.name).status_code, 200)
		before = rows()
		answer = self.apply(
			browser,
			new_applicant_for=first_time.MY_CHILD,
			new_applicant_name="Frida Fremmed",
			new_child_name="Lise Ny",
			new_child_national_id=child_number(),
		)
		self.assertIn(answer.status_code, (403, 417), answer.text[:300])
		self.assertEqual(rows(), before)

		# A known parent cannot use the first-time fields to register another child.
		parent = support.Browser()
		parent.idporten_login(self.provider, self.family.parent_pid)
		self.assertEqual(parent.user(), self.family.parent)
		before = rows()
		answer = self.apply(
			parent,
			service_user=self.family.town.child.name,
			new_applicant_for=first_time.MY_CHILD,
			new_applicant_name="Noen",
			new_child_name="Lise Ny",
			new_child_national_id=child_number(),
		)
		self.assertIn(answer.status_code, (403, 417), answer.text[:300])
		self.assertIn("bare for den som søker for første gang", said(answer))
		self.assertEqual(rows(), before)
