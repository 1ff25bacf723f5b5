"""ID-porten as Digdir runs it, over HTTP against the served site and the local provider
(``oidc_provider.py``): the client's private key checked when the settings are saved, client assertions
living at most two minutes, front-channel log-out, a fresh log-in to sign a consent or its withdrawal (R4),
log-ins without ``pid`` (eIDAS), and a log-in redirect that browsers do not cache.
"""

import json
from urllib.parse import parse_qs, urlparse

import frappe
import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from frappe.utils import get_datetime, get_url, now_datetime
from frappe.utils.password import get_decrypted_password
from joserfc.jwk import ECKey, RSAKey

from ansvarsgruppe.portal import idporten
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests import idporten_support as support
from ansvarsgruppe.tests.oidc_provider import CLIENT_ID

ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
WITHDRAW = "/api/method/ansvarsgruppe.api.portal.withdraw_consent"
KID = "klient-digdir-1"


def stored_key() -> str:
	frappe.db.rollback()
	return get_decrypted_password(idporten.SETTINGS, idporten.SETTINGS, "private_key", raise_exception=False)


class DigdirTestCase(f.MunicipalityTestCase):
	sends_email = True

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.provider, cls.family = support.scene(cls.staff)
		support.configure(cls.provider)

	def tearDown(self):
		frappe.db.rollback()
		self.provider.client_public_key = None
		support.configure(self.provider)
		super().tearDown()

	def use_key(self, key, text: str | None = None, kid: str = KID):
		"""The client authenticates with ``key`` (pasted as ``text``), and the provider knows its public half."""
		support.configure(
			self.provider,
			client_auth_method="private_key_jwt",
			private_key=text if text is not None else key.as_pem(private=True).decode(),
			key_id=kid,
		)
		self.provider.client_public_key = key.as_dict(private=False)

	def login(self, **how) -> support.Browser:
		browser = support.Browser()
		answer = browser.idporten_login(self.provider, self.family.parent_pid, **how)
		self.assertEqual(answer.status_code, 302, answer.text[:300])
		self.assertEqual(browser.user(), self.family.parent)
		return browser


def tearDownModule():
	support.disable()


class TestPrivateKeyAndAssertions(DigdirTestCase):
	def test_a_pem_whose_line_breaks_were_lost_in_pasting_is_restored_and_logs_in(self):
		key = RSAKey.generate_key(2048)
		pem = key.as_pem(private=True).decode()
		for pasted in (pem.replace("\n", " "), pem.replace("\n", "")):
			with self.subTest(pasted[:40]):
				self.use_key(key, pasted)
				self.assertEqual(stored_key(), pem)
				self.login()
				self.assertEqual(self.provider.tokens[-1]["client_auth_method"], "private_key_jwt")

	def test_the_settings_show_the_public_jwk_to_register(self):
		key = RSAKey.generate_key(2048)
		self.use_key(key)
		frappe.db.rollback()
		public = json.loads(frappe.db.get_single_value(idporten.SETTINGS, "public_jwk"))
		self.assertEqual(public["kid"], KID)
		self.assertEqual((public["n"], public["e"]), (key.as_dict()["n"], key.as_dict()["e"]))
		self.assertEqual((public["use"], public["alg"]), ("sig", "RS256"))
		self.assertNotIn("d", public, "never the private half")

	def test_an_ec_key_signs_with_es256(self):
		key = ECKey.generate_key("P-256")
		self.use_key(key)
		self.login()
		self.assertEqual(self.provider.assertions[-1]["sub"], CLIENT_ID)

	def test_a_key_that_cannot_be_used_is_refused_when_the_settings_are_saved(self):
		good = RSAKey.generate_key(2048)
		self.use_key(good)
		before = stored_key()
		small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
		small_pem = small.private_bytes(
			serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
		).decode()
		other_kid = RSAKey.generate_key(2048, parameters={"kid": "en-annen"}).as_dict(private=True)
		cases = {
			"not a key": ("-----BEGIN PRIVATE KEY----- abc -----END PRIVATE KEY-----", KID),
			"garbage": ("hemmelig", KID),
			"public key only": (good.as_pem(private=False).decode(), KID),
			"RSA of 1024 bits": (small_pem, KID),
			"a JWK under another kid": (json.dumps(other_kid), KID),
			"no key ID": (good.as_pem(private=True).decode(), ""),
			"no key": ("", KID),
		}
		for case, (text, kid) in cases.items():
			with self.subTest(case):
				settings = frappe.get_single(idporten.SETTINGS)
				settings.update({"private_key": text, "key_id": kid})
				if not text:
					settings.private_key = None
					frappe.db.delete("__Auth", {"doctype": idporten.SETTINGS, "fieldname": "private_key"})
				with self.assertRaises(frappe.ValidationError):
					settings.save(ignore_permissions=True)
				frappe.db.rollback()
				self.assertEqual(stored_key(), before, "the stored key is unchanged")
		# the messages are Norwegian
		frappe.local.lang = "no"
		try:
			settings = frappe.get_single(idporten.SETTINGS)
			settings.private_key = small_pem
			with self.assertRaisesRegex(frappe.ValidationError, "minst 2048 bit"):
				settings.save(ignore_permissions=True)
		finally:
			frappe.local.lang = "en"
			frappe.db.rollback()

	def test_an_empty_client_secret_is_refused(self):
		frappe.db.rollback()
		settings = frappe.get_single(idporten.SETTINGS)
		settings.client_secret = None
		frappe.db.delete("__Auth", {"doctype": idporten.SETTINGS, "fieldname": "client_secret"})
		with self.assertRaises(frappe.ValidationError):
			settings.save(ignore_permissions=True)
		frappe.db.rollback()

	def test_client_assertions_live_at_most_two_minutes_with_a_fresh_jti_and_the_issuer_as_audience(self):
		self.use_key(RSAKey.generate_key(2048))
		self.login()
		self.login()
		first, second = self.provider.assertions[-2:]
		for claims in (first, second):
			self.assertLessEqual(claims["exp"] - claims["iat"], 120)
			self.assertEqual(claims["aud"], self.provider.issuer)
			self.assertEqual((claims["iss"], claims["sub"]), (CLIENT_ID, CLIENT_ID))
		self.assertNotEqual(first["jti"], second["jti"])

	def test_the_provider_refuses_an_assertion_living_an_hour(self):
		key = RSAKey.generate_key(2048)
		self.use_key(key)
		# authlib's own assertion (an hour) against a code the provider issued
		self.provider.next_login(self.family.parent_pid)
		browser = support.Browser()
		callback = browser.authorize(browser.start())
		code = parse_qs(urlparse(callback).query)["code"][0]
		session = OAuth2Session(
			CLIENT_ID,
			key.as_pem(private=True).decode(),
			token_endpoint_auth_method="private_key_jwt",
			redirect_uri=get_url(idporten.CALLBACK),
		)
		session.register_client_auth_method(PrivateKeyJWT(self.provider.issuer, headers={"kid": KID}))
		tokens = len(self.provider.tokens)
		with self.assertRaisesRegex(Exception, "invalid_client"):
			session.fetch_token(
				f"{self.provider.issuer}token", grant_type="authorization_code", code=code, code_verifier="x"
			)
		self.assertEqual(self.provider.assertions[-1]["exp"] - self.provider.assertions[-1]["iat"], 3600)
		self.assertEqual(len(self.provider.tokens), tokens, "no token was issued")


class TestFrontChannelLogout(DigdirTestCase):
	def test_a_front_channel_log_out_ends_every_portal_session_with_that_sid_and_no_other(self):
		self.provider.next_login(self.family.parent_pid)
		sid = self.provider.sid
		first, second = support.Browser(), support.Browser()
		for browser in (first, second):  # the same ID-porten session in two tabs/devices of the portal
			browser.callback(browser.authorize(browser.start()))
			self.assertEqual(browser.user(), self.family.parent)
		other = self.login()  # another ID-porten session of the same person
		before = support.sessions_of(self.family.parent)
		uri = get_url(idporten.FRONTCHANNEL_LOGOUT)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_single_value(idporten.SETTINGS, "frontchannel_logout_uri"), uri)

		# refused: another issuer, an unknown sid, a wildcard; nothing ends
		for iss, bad_sid in ((f"{self.provider.issuer}x", sid), (None, "ukjent"), (None, "%"), (None, "_%")):
			with self.subTest(iss=iss, sid=bad_sid):
				answer = self.provider.frontchannel_logout(uri, sid=bad_sid, iss=iss)
				self.assertEqual(answer.status_code, 200, answer.text[:300])
				self.assertEqual(support.sessions_of(self.family.parent), before)
				self.assertEqual(first.user(), self.family.parent)

		answer = self.provider.frontchannel_logout(uri, sid=sid)
		self.assertEqual(answer.status_code, 200, answer.text[:300])
		self.assertEqual((first.user(), second.user()), ("Guest", "Guest"))
		self.assertEqual(other.user(), self.family.parent, "the other ID-porten session stays")
		self.assertEqual(support.sessions_of(self.family.parent), before - 2)

	def test_a_password_session_is_never_ended_by_a_front_channel_log_out(self):
		browser = support.Browser()
		self.assertEqual(browser.password_login(self.family.parent).status_code, 200)
		before = support.sessions_of(self.family.parent)
		self.provider.frontchannel_logout(get_url(idporten.FRONTCHANNEL_LOGOUT), sid="None")
		self.provider.frontchannel_logout(get_url(idporten.FRONTCHANNEL_LOGOUT), sid="")
		self.assertEqual(browser.user(), self.family.parent)
		self.assertEqual(support.sessions_of(self.family.parent), before)


class TestFreshLoginToSign(DigdirTestCase):
	def consent_data(self) -> str:
		town = self.family.town
		return json.dumps(f.consent_form(town.child.name, [town.school, town.health]))

	def follow(self, browser, location: str, hops: int = 6):
		"""Follow redirects one at a time (through the provider too); the last answer."""
		for _hop in range(hops):
			answer = browser.session.get(
				location if location.startswith("http") else get_url(location), allow_redirects=False
			)
			if answer.status_code not in (301, 302, 303):
				return answer
			location = answer.headers["Location"]
		return answer

	def test_r4_a_consent_after_a_stale_log_in_asks_for_a_fresh_one_and_records_auth_time(self):
		browser = self.login(auth_age=3600)  # an SSO session at ID-porten from an hour ago
		consents = frappe.db.count("Consent")
		refused = browser.post(ACCEPT, web_form="samtykke", data=self.consent_data())
		self.assertEqual(refused.status_code, 417, refused.text[:300])
		self.assertEqual(refused.json()["exc_type"], "FreshLoginNeeded")
		message = json.loads(json.loads(refused.json()["_server_messages"])[0])["message"]
		self.assertIn("logge inn på nytt med ID-porten", message)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("Consent"), consents, "nothing was saved")

		# the form sends the person through ID-porten again, with prompt=login and max_age
		form = browser.get("/samtykke/new")
		self.assertIn(form.status_code, (302, 303))
		self.assertIn("fresh=1", form.headers["Location"])
		page = self.follow(browser, form.headers["Location"])
		self.assertEqual(page.status_code, 200)
		self.assertEqual(urlparse(page.url).path, "/samtykke/new")
		asked = self.provider.authorize_requests[-1]
		self.assertEqual(asked["prompt"], "login")
		self.assertLessEqual(int(asked["max_age"]), 600)
		self.assertEqual(asked["acr_values"], "idporten-loa-high")
		self.assertEqual(browser.user(), self.family.parent)

		answer = browser.post(ACCEPT, web_form="samtykke", data=self.consent_data())
		self.assertEqual(answer.status_code, 200, answer.text[:300])
		name = answer.json()["message"]["name"]
		frappe.db.rollback()
		consent = frappe.get_doc("Consent", name)
		self.assertEqual(consent.signed_digitally, 1)
		authenticated = get_datetime(consent.digital_signature_auth_time)
		self.assertLess(abs((now_datetime() - authenticated).total_seconds()), 120)
		self.assertEqual(consent.digital_signature_amr, "BankID")
		self.assertEqual(consent.digital_signature_level, "idporten-loa-high")
		html = frappe.get_print("Consent", name, print_format="Samtykkeerklæring")
		self.assertIn("innlogget med ID-porten", html)
		self.assertIn(authenticated.strftime("%d.%m.%Y kl. %H.%M"), html)

	def test_r4_a_withdrawal_after_a_stale_log_in_is_refused_until_the_person_logs_in_again(self):
		town = self.family.town
		consent = f.make_consent(town.child.name, [town.school, town.health]).name
		frappe.db.commit()
		browser = self.login(auth_age=3600)
		refused = browser.post(WITHDRAW, consent=consent, reason="Vi trekker samtykket")
		self.assertEqual(refused.status_code, 417, refused.text[:300])
		frappe.db.rollback()
		self.assertFalse(frappe.db.get_value("Consent", consent, "withdrawn_on"))
		page = browser.get("/mine-ansvarsgrupper")
		self.assertIn("Logg inn på nytt med ID-porten for å signere", page.text)

		again = self.follow(browser, idporten.fresh_login_url("/mine-ansvarsgrupper"))
		self.assertEqual(urlparse(again.url).path, "/mine-ansvarsgrupper")
		self.assertNotIn("Logg inn på nytt med ID-porten for å signere", again.text)
		answer = browser.post(WITHDRAW, consent=consent, reason="Vi trekker samtykket")
		self.assertEqual(answer.status_code, 200, answer.text[:300])
		frappe.db.rollback()
		doc = frappe.get_doc("Consent", consent)
		self.assertEqual(doc.withdrawal_signed_digitally, 1)
		authenticated = get_datetime(doc.withdrawal_auth_time)
		self.assertLess(abs((now_datetime() - authenticated).total_seconds()), 120)
		self.assertEqual(doc.withdrawal_signature_amr, "BankID")
		html = frappe.get_print("Consent", consent, print_format="Samtykkeerklæring")
		self.assertIn(
			f"Tilbaketrekningen er signert digitalt med ID-porten (innlogget med ID-porten "
			f"{authenticated.strftime('%d.%m.%Y kl. %H.%M')})",
			" ".join(html.split()),
		)

	def test_r4_a_form_filled_in_for_ten_minutes_after_a_fresh_log_in_is_signed(self):
		browser = self.login(auth_age=600)
		form = browser.get("/samtykke/new")
		self.assertIn(form.status_code, (302, 303), "ten minutes on: the form asks for a new log-in")
		self.assertIn("fresh=1", form.headers["Location"])
		# the person opened the form after a fresh log-in and sends it ten minutes later
		answer = browser.post(ACCEPT, web_form="samtykke", data=self.consent_data())
		self.assertEqual(answer.status_code, 200, answer.text[:300])
		frappe.db.rollback()
		consent = frappe.get_doc("Consent", answer.json()["message"]["name"])
		self.assertEqual(consent.signed_digitally, 1)
		waited = get_datetime(consent.digitally_signed_at) - get_datetime(consent.digital_signature_auth_time)
		self.assertGreater(waited.total_seconds(), 540)

	def test_a_fresh_log_in_the_provider_did_not_make_fresh_is_refused(self):
		browser = self.login(auth_age=3600)
		self.provider.next_login(self.family.parent_pid, auth_age=3600)
		start = browser.get(
			"/api/method/ansvarsgruppe.api.idporten.login", redirect_to="/samtykke/new", fresh=1
		)
		authorize = start.headers["Location"]
		# a provider that ignores prompt and max_age: the old auth_time comes back
		stale = authorize.replace("prompt=login", "prompt=consent").replace("max_age=", "max_age_x=")
		answer = browser.callback(browser.authorize(stale))
		self.assertEqual(answer.status_code, 401, answer.text[:300])


class TestOtherLogins(DigdirTestCase):
	def test_a_log_in_without_pid_gets_a_clear_norwegian_page(self):
		browser = support.Browser()
		answer = browser.idporten_login(self.provider, "")
		self.assertEqual(answer.status_code, 403, answer.text[:300])
		self.assertIn("Innlogging uten norsk fødselsnummer", answer.text)
		self.assertIn("eIDAS", answer.text)
		self.assertEqual(browser.user(), "Guest")

	def test_guests_are_sent_to_the_log_in_page_with_a_redirect_that_is_not_cached(self):
		for path in ("/mine-ansvarsgrupper", "/individuell-plan"):
			with self.subTest(path):
				answer = support.Browser().get(path)
				self.assertIn(answer.status_code, (302, 303))
				self.assertIn("/logg-inn?redirect-to=", answer.headers["Location"])
		browser = self.login()
		answer = browser.get("/logg-inn")
		self.assertIn(answer.status_code, (302, 303))

	def test_the_front_channel_log_out_uri_answers_without_a_cookie(self):
		answer = requests.get(get_url(idporten.FRONTCHANNEL_LOGOUT), timeout=15)
		self.assertEqual(answer.status_code, 200, answer.text[:300])
