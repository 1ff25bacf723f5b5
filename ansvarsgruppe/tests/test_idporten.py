"""Log-in with ID-porten and consent signed with it (R4), over HTTP against the served site and a real
OpenID Connect provider on 127.0.0.1 (``oidc_provider.py``) issuing ID-porten's claims.

Every refused log-in leaves nobody logged in: no session is made for the person (counted in Sessions) and
the browser stays a guest.
"""

import json
from urllib.parse import parse_qs, urlparse

import frappe
from frappe.utils import get_url
from joserfc.jwk import RSAKey

from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.portal import idporten
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.idporten import LOA_SUBSTANTIAL
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests import idporten_support as support
from ansvarsgruppe.tests.oidc_provider import CLIENT_ID

ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
WITHDRAW = "/api/method/ansvarsgruppe.api.portal.withdraw_consent"


def error_logs(title: str) -> list[str]:
	frappe.db.rollback()
	return frappe.get_all("Error Log", {"method": title}, pluck="error", order_by="creation desc")


class IDportenTestCase(f.MunicipalityTestCase):
	sends_email = True  # the portal invitations

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.provider, cls.family = support.scene(cls.staff)
		support.configure(cls.provider)

	def tearDown(self):
		frappe.db.rollback()  # nothing the test process read or wrote holds a lock the web server waits for
		super().tearDown()


def tearDownModule():
	support.disable()


class LoginTests:
	"""Log-in, refusals, log-out and the password switch."""

	def test_a_parent_logs_in_by_the_pid_on_the_childs_relation_and_lands_on_the_portal(self):
		browser = support.Browser()
		before = support.sessions_of(self.family.parent)
		answer = browser.idporten_login(self.provider, self.family.parent_pid)
		self.assertEqual(answer.status_code, 302, answer.text[:300])
		self.assertEqual(urlparse(answer.headers["Location"]).path, "/mine-ansvarsgrupper")
		self.assertEqual(browser.user(), self.family.parent)
		self.assertEqual(support.sessions_of(self.family.parent), before + 1)
		page = browser.get("/mine-ansvarsgrupper")
		self.assertEqual(page.status_code, 200)
		self.assertIn("Mine ansvarsgrupper", page.text)

		# What the site asked ID-porten for: the code flow with PKCE S256, state, nonce and the level.
		asked = self.provider.authorize_requests[-1]
		self.assertEqual(asked["response_type"], "code")
		self.assertEqual(asked["code_challenge_method"], "S256")
		self.assertEqual(asked["acr_values"], "idporten-loa-high")
		self.assertTrue(asked["state"] and asked["nonce"] and asked["code_challenge"])
		self.assertEqual(asked["redirect_uri"], get_url(idporten.CALLBACK))

		# The session knows its log-in; the identity number is stored nowhere new.
		frappe.db.rollback()
		data = frappe.db.get_value(
			"Sessions", {"user": self.family.parent}, "sessiondata", order_by="lastupdate desc"
		)
		self.assertIn("idporten-loa-high", data)
		self.assertNotIn(self.family.parent_pid, data)
		user = frappe.get_doc("User", self.family.parent)
		self.assertNotIn(self.family.parent_pid, f"{user.name} {user.email} {user.full_name} {user.username}")

	def test_the_service_user_logs_in_by_their_own_national_id(self):
		browser = support.Browser()
		answer = browser.idporten_login(self.provider, self.family.adult_pid)
		self.assertEqual(answer.status_code, 302, answer.text[:300])
		self.assertEqual(browser.user(), self.family.adult_user)

	def assertLoginRefused(self, answer, browser, status=401, text="Innloggingen ble avvist"):
		self.assertEqual(answer.status_code, status, answer.text[:300])
		self.assertIn(text, answer.text)
		self.assertEqual(browser.user(), "Guest")

	def test_each_bad_log_in_is_refused_and_nobody_is_logged_in(self):
		family, provider = self.family, self.provider
		cases = {
			"wrong state": {"replace": {"state": "et-annet-state"}},
			"wrong nonce": {"mode": "wrong_nonce"},
			"bad signature": {"mode": "bad_signature"},
			"expired token": {"mode": "expired"},
			"wrong audience": {"mode": "wrong_audience"},
			"too low a level": {"acr": LOA_SUBSTANTIAL},
		}
		for case, how in cases.items():
			with self.subTest(case):
				browser = support.Browser()
				before = support.sessions_of(family.parent)
				logged = len(error_logs("ID-porten: innlogging avvist"))
				answer = browser.idporten_login(
					provider,
					family.parent_pid,
					acr=how.get("acr", "idporten-loa-high"),
					mode=how.get("mode", "ok"),
					**how.get("replace", {}),
				)
				self.assertLoginRefused(answer, browser)
				self.assertEqual(support.sessions_of(family.parent), before, "no session was made")
				self.assertEqual(len(error_logs("ID-porten: innlogging avvist")), logged + 1)

	def test_a_code_and_state_are_used_once_and_only_in_the_browser_that_started(self):
		provider, family = self.provider, self.family
		provider.next_login(family.parent_pid)
		browser = support.Browser()
		callback = browser.authorize(browser.start())
		stranger = support.Browser()
		self.assertLoginRefused(stranger.callback(callback), stranger)
		# The stranger's attempt used the state up: the right browser cannot replay it either.
		self.assertLoginRefused(browser.callback(callback), browser)

		browser = support.Browser()
		callback = browser.authorize(browser.start())
		self.assertEqual(browser.callback(callback).status_code, 302)
		again = support.Browser()
		again.session.cookies.update(browser.session.cookies)
		again.session.cookies.pop("sid", None)
		self.assertLoginRefused(again.callback(callback), again)

	def test_a_pid_recorded_without_a_portal_account_gets_a_norwegian_page_and_is_logged_without_it(self):
		# The number is the family's (on a relation) but nobody invited them: not a first-time applicant.
		unknown = support.random_number(1950, 1960)
		child = frappe.get_doc("Service User", self.family.town.child.name)
		child.relations[1].national_id = unknown
		child.save()
		frappe.db.commit()
		logged = len(error_logs("ID-porten: ukjent person"))
		browser = support.Browser()
		answer = browser.idporten_login(self.provider, unknown)
		self.assertLoginRefused(answer, browser, status=403, text="Ta kontakt med koordinatoren")
		self.assertIn("Vi fant deg ikke i familieportalen", answer.text)
		logs = error_logs("ID-porten: ukjent person")
		self.assertEqual(len(logs), logged + 1)
		self.assertIn("sub=", logs[0])
		self.assertNotIn(unknown, logs[0])
		frappe.db.rollback()
		self.assertFalse(frappe.db.exists("User", {"username": unknown}), "nobody is created by a log-in")

	def test_staff_are_never_logged_in_through_the_portals_idporten(self):
		# A coordinator recorded as a relation with an identity number is still not a portal user.
		pid = support.random_number()
		child = frappe.get_doc("Service User", self.family.town.child.name)
		child.relations[1].national_id = pid
		child.relations[1].portal_user = self.family.town.coordinator
		child.save()
		frappe.db.commit()
		browser = support.Browser()
		answer = browser.idporten_login(self.provider, pid)
		self.assertLoginRefused(answer, browser, status=403, text="Ta kontakt med koordinatoren")

	def test_log_out_ends_the_session_at_the_site_and_at_idporten(self):
		browser = support.Browser()
		browser.idporten_login(self.provider, self.family.parent_pid)
		self.assertEqual(browser.user(), self.family.parent)
		answer = browser.get("/", cmd="web_logout")
		self.assertEqual(answer.status_code, 302, answer.text[:300])
		end_session = urlparse(answer.headers["Location"])
		self.assertEqual(
			f"{end_session.scheme}://{end_session.netloc}{end_session.path}", f"{self.provider.issuer}logout"
		)
		query = parse_qs(end_session.query)
		self.assertEqual(query["post_logout_redirect_uri"], [idporten.post_logout_redirect_uri()])
		self.assertTrue(query["id_token_hint"][0].count(".") == 2)
		self.assertEqual(browser.user(), "Guest")

	def test_a_password_session_logs_out_as_before(self):
		browser = support.Browser()
		self.assertEqual(browser.password_login(self.family.parent).status_code, 200)
		answer = browser.get("/", cmd="web_logout")
		self.assertEqual(answer.status_code, 200)
		self.assertEqual(browser.user(), "Guest")

	def test_password_log_in_for_portal_users_can_be_turned_off_while_staff_keep_theirs(self):
		try:
			support.configure(self.provider, allow_password_login=0)
			parent = support.Browser()
			before = support.sessions_of(self.family.parent)
			refused = parent.password_login(self.family.parent)
			self.assertEqual(refused.status_code, 401, refused.text[:300])
			self.assertEqual(parent.user(), "Guest")
			self.assertEqual(support.sessions_of(self.family.parent), before)
			staff = support.Browser()
			self.assertEqual(staff.password_login(self.family.town.coordinator).status_code, 200)
			self.assertEqual(staff.user(), self.family.town.coordinator)
			# ID-porten still lets the parent in, and the log-in page offers only that.
			self.assertEqual(parent.idporten_login(self.provider, self.family.parent_pid).status_code, 302)
			page = support.Browser().get("/logg-inn")
			self.assertIn("Logg inn med ID-porten", page.text)
			self.assertNotIn("Logg inn med e-post og passord", page.text)
			# and the invitation to the portal says to log in with ID-porten, not to choose a password
			adult = f.make_service_user(age_years=30, national_id=support.random_number())
			frappe.db.set_value(
				"Service User", adult.name, "email", f"ny.{frappe.generate_hash(length=6)}@example.no"
			)
			invite(adult.name)
			mail = frappe.get_last_doc("Email Queue", filters={"reference_name": adult.name}).message
			self.assertIn("Logg inn med ID-porten", mail)
			self.assertNotIn("Velg passord", mail)
		finally:
			support.configure(self.provider)
		page = support.Browser().get("/logg-inn")
		self.assertIn("Logg inn med e-post og passord", page.text)
		self.assertEqual(support.Browser().password_login(self.family.parent).status_code, 200)

	def test_guests_on_the_portal_are_sent_to_the_log_in_page_with_idporten(self):
		answer = support.Browser().get("/mine-ansvarsgrupper")
		self.assertIn(answer.status_code, (301, 302))
		self.assertIn("/logg-inn?redirect-to=/mine-ansvarsgrupper", answer.headers["Location"])

	def test_the_client_authenticates_with_a_private_key_jwt(self):
		key = RSAKey.generate_key(2048, parameters={"kid": "klient-1"})
		try:
			support.configure(
				self.provider,
				client_auth_method="private_key_jwt",
				private_key=key.as_pem(private=True).decode(),
				key_id="klient-1",
			)
			self.provider.client_public_key = key.as_dict(private=False)
			browser = support.Browser()
			answer = browser.idporten_login(self.provider, self.family.parent_pid)
			self.assertEqual(answer.status_code, 302, answer.text[:300])
			self.assertEqual(browser.user(), self.family.parent)
			self.assertEqual(self.provider.tokens[-1]["client_auth_method"], "private_key_jwt")
			# a key the provider does not know for the client is refused
			self.provider.client_public_key = RSAKey.generate_key(2048).as_dict(private=False)
			browser = support.Browser()
			self.assertLoginRefused(browser.idporten_login(self.provider, self.family.parent_pid), browser)
		finally:
			self.provider.client_public_key = None
			support.configure(self.provider, client_auth_method="client_secret_post")

	def test_the_log_in_lands_only_on_this_site(self):
		self.provider.next_login(self.family.parent_pid)
		browser = support.Browser()
		callback = browser.authorize(browser.start(redirect_to="https://evil.example/"))
		answer = browser.callback(callback)
		self.assertEqual(answer.headers["Location"], "/mine-ansvarsgrupper")


class DigitalConsentTests:
	"""R4: a consent given or withdrawn in the portal after an ID-porten log-in at the required level is
	signed by the person; after a password log-in it is not."""

	def give_consent(self, browser) -> str:
		town = self.family.town
		data = f.consent_form(town.child.name, [town.school, town.health])
		answer = browser.post(ACCEPT, web_form="samtykke", data=json.dumps(data))
		self.assertEqual(answer.status_code, 200, answer.text[:500])
		return answer.json()["message"]["name"]

	def register_signature(self, name: str):
		"""The coordinator receives the consent and registers the signature (Registrert → Signert)."""
		frappe.db.rollback()
		consent = frappe.get_doc("Consent", name)
		consent.received_by = self.family.town.coordinator
		consent.reviewed_with_signer, consent.reviewed_by = 1, self.family.town.coordinator
		consent.save(ignore_permissions=True)
		return f.advance(consent, st.CONSENT_SIGNED)

	def printed(self, name: str) -> str:
		return frappe.get_print("Consent", name, print_format="Samtykkeerklæring")

	def test_r4_a_consent_given_after_idporten_is_signed_digitally_and_prints_so(self):
		browser = support.Browser()
		browser.idporten_login(self.provider, self.family.parent_pid)
		name = self.give_consent(browser)
		frappe.db.rollback()
		consent = frappe.get_doc("Consent", name)
		self.assertEqual((consent.given_in_portal, consent.signed_digitally), (1, 1))
		self.assertEqual(consent.digital_signer, self.family.parent)
		self.assertEqual(consent.digital_signature_level, "idporten-loa-high")
		self.assertTrue(consent.digitally_signed_at)
		self.assertIn("sub=", consent.digital_signature_ids)
		self.assertIn("sid=", consent.digital_signature_ids)
		self.assertIn("jti=", consent.digital_signature_ids)
		self.assertNotIn(self.family.parent_pid, consent.digital_signature_ids)
		self.assertEqual(self.register_signature(name).status, st.CONSENT_SIGNED)
		html = self.printed(name)
		self.assertIn("Signert digitalt med ID-porten", html)
		self.assertNotIn("Søker/bruker (signatur)", html)

	def test_r4_a_consent_given_after_a_password_log_in_is_not_signed_until_the_paper_copy_is_there(self):
		browser = support.Browser()
		self.assertEqual(browser.password_login(self.family.parent).status_code, 200)
		name = self.give_consent(browser)
		frappe.db.rollback()
		consent = frappe.get_doc("Consent", name)
		self.assertEqual((consent.given_in_portal, consent.signed_digitally), (1, 0))
		self.assertFalse(consent.digital_signer)
		self.assertRefused("R4", lambda: self.register_signature(name))
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Consent", name, "status"), st.CONSENT_REGISTERED)
		html = self.printed(name)
		self.assertNotIn("Signert digitalt med ID-porten", html)
		self.assertIn("Søker/bruker (signatur)", html)
		frappe.db.set_value("Consent", name, "signed_copy", "/private/files/samtykke-signert.pdf")
		frappe.db.commit()
		self.assertEqual(self.register_signature(name).status, st.CONSENT_SIGNED)

	def test_r4_a_level_below_the_required_one_does_not_sign(self):
		try:
			support.configure(self.provider, required_level=LOA_SUBSTANTIAL)
			browser = support.Browser()
			browser.idporten_login(self.provider, self.family.parent_pid, acr=LOA_SUBSTANTIAL)
			self.assertEqual(browser.user(), self.family.parent)
			support.configure(self.provider)  # the municipality raises the level again
			name = self.give_consent(browser)
		finally:
			support.configure(self.provider)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Consent", name, "signed_digitally"), 0)

	def test_r4_a_withdrawal_after_idporten_is_signed_digitally_after_a_password_log_in_not(self):
		town = self.family.town
		consent = f.make_consent(town.child.name, [town.school, town.health]).name
		frappe.db.commit()
		browser = support.Browser()
		self.assertEqual(browser.password_login(self.family.parent).status_code, 200)
		answer = browser.post(
			WITHDRAW, consent=consent, reason="Trenger ikke", service_unit=self.family.town.health
		)
		self.assertEqual(answer.status_code, 200, answer.text[:300])
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Consent", consent, "withdrawal_signed_digitally"), 0)

		browser = support.Browser()
		browser.idporten_login(self.provider, self.family.parent_pid)
		answer = browser.post(WITHDRAW, consent=consent, reason="Vi trekker samtykket")
		self.assertEqual(answer.status_code, 200, answer.text[:300])
		frappe.db.rollback()
		doc = frappe.get_doc("Consent", consent)
		self.assertEqual(doc.status, st.CONSENT_WITHDRAWN)
		self.assertEqual((doc.withdrawal_signed_digitally, doc.withdrawal_signer), (1, self.family.parent))
		self.assertEqual(doc.withdrawal_signature_level, "idporten-loa-high")
		self.assertIn("sub=", doc.withdrawal_signature_ids)

	def test_r4_staff_cannot_mark_a_consent_signed_digitally(self):
		browser = support.Browser()
		self.assertEqual(browser.password_login(self.family.parent).status_code, 200)
		name = self.give_consent(browser)
		coordinator = support.Browser()
		coordinator.password_login(self.family.town.coordinator)
		answer = coordinator.session.put(
			get_url(f"/api/resource/Consent/{name}"),
			json={"signed_digitally": 1, "digital_signer": self.family.parent, "given_in_portal": 0},
		)
		frappe.db.rollback()
		values = frappe.db.get_value(
			"Consent", name, ["signed_digitally", "digital_signer", "given_in_portal"]
		)
		self.assertEqual(tuple(values), (0, None, 1), answer.text[:300])
		self.assertEqual(CLIENT_ID, frappe.get_single(idporten.SETTINGS).client_id)


class TestIDporten(LoginTests, DigitalConsentTests, IDportenTestCase):
	"""One class, so that the staff and the family are made once."""
