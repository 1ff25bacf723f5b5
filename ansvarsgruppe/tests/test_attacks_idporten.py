"""Attack suite (ID-porten): the log-in endpoints, the settings with the client's secret, the identity
numbers that find the portal user, and the digital signature on a consent, tried over HTTP against the served
test site and the local OpenID Connect provider, as a guest, as staff and as portal users (R4, R20).

Every forbidden attempt is refused or answers nothing and changes nothing (rows and sessions are counted
before and after); every allowed one still works.
"""

import json
import secrets

import frappe
import requests
from frappe.utils import get_url
from frappe.utils.password import update_password

from ansvarsgruppe.portal import idporten
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests import idporten_support as support
from ansvarsgruppe.tests.oidc_provider import CLIENT_SECRET

ATTEMPTS = [0]
ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"


class Browser(support.Browser):
	"""The ID-porten test browser, counting every request it makes to the site."""

	def get(self, path: str, **params):
		ATTEMPTS[0] += 1
		return super().get(path, **params)

	def post(self, path: str, **data):
		ATTEMPTS[0] += 1
		data = {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in data.items()}
		return super().post(path, **data)

	def callback(self, callback_url: str, **replace):
		ATTEMPTS[0] += 1
		return super().callback(callback_url, **replace)


def count(doctype: str, filters=None) -> int:
	frappe.db.rollback()
	return frappe.db.count(doctype, filters)


class TestIDportenAttacks(f.MunicipalityTestCase):
	sends_email = True

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.provider, cls.family = support.scene(cls.staff)
		town = cls.family.town
		if not frappe.db.exists("Group Member", {"group": town.group.name, "user": town.teacher}):
			group = f.advance(frappe.get_doc("Responsibility Group", town.group.name), st.GROUP_APPROVED)
			f.make_member(group.name, town.teacher, town.school)
			update_password(town.teacher, support.PASSWORD)
			frappe.db.commit()
		support.configure(cls.provider)

	def tearDown(self):
		frappe.db.rollback()
		super().tearDown()

	def logged_in(self, user: str) -> Browser:
		browser = Browser()
		if user == self.family.parent:
			answer = browser.idporten_login(self.provider, self.family.parent_pid)
		else:
			answer = browser.password_login(user)
		self.assertIn(answer.status_code, (200, 302), answer.text[:300])
		return browser

	def test_a_guest_cannot_forge_a_callback(self):
		before = count("Sessions")
		for params in (
			{"code": secrets.token_urlsafe(32), "state": secrets.token_urlsafe(32)},
			{"code": secrets.token_urlsafe(32)},
			{"state": secrets.token_urlsafe(32)},
			{"error": "access_denied", "state": secrets.token_urlsafe(32)},
			{},
		):
			browser = Browser()
			answer = browser.get(idporten.CALLBACK, **params)
			self.assertEqual(answer.status_code, 401, f"{params}: {answer.text[:200]}")
			self.assertEqual(browser.user(), "Guest")
		self.assertEqual(count("Sessions"), before)

	def test_a_callback_with_someone_elses_code_and_state_logs_nobody_in(self):
		self.provider.next_login(self.family.parent_pid)
		victim = Browser()
		callback = victim.authorize(victim.start())
		before = count("Sessions", {"user": self.family.parent})
		attacker = Browser()
		self.assertEqual(attacker.callback(callback).status_code, 401)
		self.assertEqual(attacker.user(), "Guest")
		self.assertEqual(count("Sessions", {"user": self.family.parent}), before)

	def test_the_log_in_never_sends_the_browser_to_another_site(self):
		for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
			self.provider.next_login(self.family.parent_pid)
			browser = Browser()
			callback = browser.authorize(browser.start(redirect_to=target))
			answer = browser.callback(callback)
			self.assertEqual(answer.headers.get("Location"), "/mine-ansvarsgrupper", target)

	def test_only_the_system_manager_reads_or_changes_the_idporten_settings(self):
		for user in (self.family.town.coordinator, self.family.town.teacher, self.family.parent):
			browser = self.logged_in(user)
			roads = {
				"REST": lambda b=browser: b.get(f"/api/resource/{idporten.SETTINGS}/{idporten.SETTINGS}"),
				"get_doc": lambda b=browser: b.get(
					"/api/method/frappe.client.get", doctype=idporten.SETTINGS, name=idporten.SETTINGS
				),
				"get_value": lambda b=browser: b.get(
					"/api/method/frappe.client.get_single_value",
					doctype=idporten.SETTINGS,
					field="client_id",
				),
				"get_password": lambda b=browser: b.get(
					"/api/method/frappe.client.get_password",
					doctype=idporten.SETTINGS,
					name=idporten.SETTINGS,
					fieldname="client_secret",
				),
				"set_value": lambda b=browser: b.post(
					"/api/method/frappe.client.set_value",
					doctype=idporten.SETTINGS,
					name=idporten.SETTINGS,
					fieldname="allow_password_login",
					value=1,
				),
			}
			for road, attempt in roads.items():
				answer = attempt()
				self.assertIn(answer.status_code, (403, 401), f"{user} {road}: {answer.text[:200]}")
				self.assertNotIn(CLIENT_SECRET, answer.text)
		# allowed: the System Manager reads the settings, never the secret in clear
		admin = requests.Session()
		admin.post(get_url("/api/method/login"), data={"usr": "Administrator", "pwd": "admin"})
		ATTEMPTS[0] += 1
		answer = admin.get(get_url(f"/api/resource/{idporten.SETTINGS}/{idporten.SETTINGS}"))
		self.assertEqual(answer.status_code, 200, answer.text[:200])
		self.assertNotIn(CLIENT_SECRET, answer.text)

	def test_r20_the_relations_identity_number_is_not_read_by_a_member(self):
		teacher = self.logged_in(self.family.town.teacher)
		answer = teacher.get(
			"/api/resource/Service User Relation",
			parent="Service User",
			fields=json.dumps(["parent", "national_id"]),
			limit_page_length=0,
		)
		self.assertNotIn(self.family.parent_pid, answer.text)
		answer = teacher.get(
			"/api/resource/Service User Relation",
			parent="Service User",
			filters=json.dumps([["national_id", "=", self.family.parent_pid]]),
		)
		self.assertNotIn(self.family.town.child.name, answer.text if answer.ok else "")
		answer = teacher.get(f"/api/resource/Service User/{self.family.town.child.name}")
		self.assertNotIn(self.family.parent_pid, answer.text)
		# allowed: the coordinator reads it
		coordinator = self.logged_in(self.family.town.coordinator)
		answer = coordinator.get(f"/api/resource/Service User/{self.family.town.child.name}")
		self.assertIn(self.family.parent_pid, answer.text)

	def test_r4_nobody_marks_a_consent_signed_digitally_by_hand(self):
		parent = self.logged_in(self.family.parent)
		name = self.family.town.consent.name
		before = frappe.db.get_value(
			"Consent", name, ["signed_digitally", "digital_signer", "given_in_portal"]
		)
		coordinator = self.logged_in(self.family.town.coordinator)
		forged = {"signed_digitally": 1, "digital_signer": self.family.parent, "given_in_portal": 1}
		ATTEMPTS[0] += 1
		coordinator.session.put(get_url(f"/api/resource/Consent/{name}"), json=forged)
		answer = coordinator.post(
			"/api/method/frappe.client.set_value", doctype="Consent", name=name, fieldname=forged
		)
		self.assertFalse(answer.ok and (answer.json().get("message") or {}).get("signed_digitally"))
		# the web form takes only its own fields: a portal user cannot bring a signature of their own
		town = self.family.town
		data = f.consent_form(
			town.child.name,
			[town.school],
			signed_digitally=1,
			digital_signer=town.coordinator,
			digital_signature_level="idporten-loa-high",
			given_in_portal=0,
		)
		password_parent = self.logged_in(self.family.adult_user)
		answer = password_parent.post(
			ACCEPT, web_form="samtykke", data={**data, "service_user": self.family.adult.name}
		)
		self.assertEqual(answer.status_code, 200, answer.text[:300])
		frappe.db.rollback()
		given = frappe.db.get_value(
			"Consent",
			answer.json()["message"]["name"],
			["signed_digitally", "digital_signer", "given_in_portal"],
			as_dict=True,
		)
		self.assertEqual((given.signed_digitally, given.digital_signer, given.given_in_portal), (0, None, 1))
		frappe.db.rollback()
		after = frappe.db.get_value(
			"Consent", name, ["signed_digitally", "digital_signer", "given_in_portal"]
		)
		self.assertEqual(after, before)
		# allowed: the parent logged in with ID-porten signs their own consent
		answer = parent.post(ACCEPT, web_form="samtykke", data=data)
		self.assertEqual(answer.status_code, 200, answer.text[:300])
		frappe.db.rollback()
		signer = frappe.db.get_value("Consent", answer.json()["message"]["name"], "digital_signer")
		self.assertEqual(signer, self.family.parent)

	def test_an_idporten_session_acts_only_for_the_persons_own_family(self):
		parent = self.logged_in(self.family.parent)
		before = count("Consent")
		data = f.consent_form(self.family.adult.name, [self.family.town.school])
		answer = parent.post(ACCEPT, web_form="samtykke", data=data)
		self.assertEqual(answer.status_code, 403, answer.text[:300])
		self.assertEqual(count("Consent"), before)
		answer = parent.get(f"/api/resource/Service User/{self.family.adult.name}")
		self.assertFalse(answer.ok)

	def test_nobody_ends_anothers_session_through_the_front_channel_log_out(self):
		"""Guest or logged in (staff, a portal user, a password session), without the provider's ``iss``
		and the victim's ID-porten ``sid`` no session ends; with them (what ID-porten sends), exactly the
		victim's sessions from that ID-porten session do."""
		self.provider.next_login(self.family.parent_pid)
		victim_sid = self.provider.sid
		victim = Browser()
		victim.callback(victim.authorize(victim.start()))
		self.assertEqual(victim.user(), self.family.parent)
		attackers = [Browser()] + [
			self.logged_in(u)
			for u in (self.family.town.coordinator, self.family.town.teacher, self.family.adult_user)
		]
		before = count("Sessions")
		session_names = set(frappe.db.sql_list("select sid from `tabSessions`"))
		for attacker in attackers:
			for params in (
				{"iss": "https://evil.example/", "sid": victim_sid},
				{"iss": self.provider.issuer, "sid": "%"},
				{"iss": self.provider.issuer, "sid": "' or 1=1 -- "},
				{"iss": self.provider.issuer, "sid": victim_sid + "x"},
				{"iss": self.provider.issuer},
				{"sid": victim_sid},
				{"iss": self.provider.issuer, "sid": victim.session.cookies.get("sid")},
			):
				answer = attacker.get(idporten.FRONTCHANNEL_LOGOUT, **params)
				self.assertEqual(answer.status_code, 200, f"{params}: {answer.text[:200]}")
				self.assertEqual(count("Sessions"), before, params)
		frappe.db.rollback()
		self.assertEqual(set(frappe.db.sql_list("select sid from `tabSessions`")), session_names)
		self.assertEqual(victim.user(), self.family.parent)
		for attacker in attackers[1:]:
			self.assertNotEqual(attacker.user(), "Guest", "the attacker's own session is untouched")
		# allowed: what ID-porten sends ends the victim's session, and only it
		ATTEMPTS[0] += 1
		self.provider.frontchannel_logout(get_url(idporten.FRONTCHANNEL_LOGOUT), sid=victim_sid)
		self.assertEqual(victim.user(), "Guest")
		self.assertEqual(count("Sessions"), before - 1)


def tearDownModule():
	support.disable()
	print(f"\nattack suite (ID-porten): {ATTEMPTS[0]} attempts")
