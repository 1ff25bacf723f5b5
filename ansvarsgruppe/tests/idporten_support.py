"""Shared by the ID-porten tests: the local provider wired into the settings, a family whose members have
identity numbers, and a browser-like client that logs in through the provider (not a test module)."""

import atexit
import random
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import frappe
import requests
from frappe.utils import get_url, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.portal import idporten
from ansvarsgruppe.rules.idporten import LOA_HIGH
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

PASSWORD = "Idporten-tester-2026!"
LOGIN = "/api/method/ansvarsgruppe.api.idporten.login"


def random_number(first_year: int = 1970, last_year: int = 1995) -> str:
	"""A valid fødselsnummer nobody else in the database is likely to have."""
	birth = getdate(
		f"{random.randint(first_year, last_year)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
	)
	return f.number_for(birth, random.randint(100, 480))


def start_provider() -> Provider:
	provider = Provider(get_url(idporten.CALLBACK)).__enter__()
	atexit.register(provider.__exit__, None, None, None)
	return provider


_SCENE = {}


def scene(staff) -> tuple[Provider, "Family"]:
	"""The provider and the committed family, made once per test run and shared by the ID-porten suites
	(their tests leave the family's own consent and group as they found them)."""
	if not _SCENE:
		_SCENE["provider"] = start_provider()
		_SCENE["family"] = Family(staff)
	return _SCENE["provider"], _SCENE["family"]


def configure(provider: Provider, **values):
	"""ID-porten settings pointing at ``provider``, committed so that the served site sees them."""
	settings = frappe.get_single(idporten.SETTINGS)
	settings.update(
		{
			"enabled": 1,
			"environment": "Other",
			"discovery_url": provider.discovery_url,
			"client_id": CLIENT_ID,
			"client_auth_method": "client_secret_post",
			"client_secret": CLIENT_SECRET,
			"required_level": LOA_HIGH,
			"allow_password_login": 1,
			**values,
		}
	)
	settings.flags.ignore_permissions = True
	settings.save()
	frappe.db.commit()
	frappe.clear_cache(doctype=idporten.SETTINGS)


def disable():
	frappe.db.rollback()
	settings = frappe.get_single(idporten.SETTINGS)
	settings.enabled, settings.allow_password_login = 0, 1
	settings.flags.ignore_permissions = True
	settings.save()
	frappe.db.commit()


class Family:
	"""A child with a consent and group (``factories.Municipality``), whose parent with parental
	responsibility is invited to the portal and has an identity number on the child's relation; and an
	adult service user invited to the portal with their own identity number. Committed."""

	def __init__(self, staff=None):
		town = self.town = f.Municipality(staff)
		child = town.child
		self.parent_pid = random_number()
		child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
		child.relations[0].national_id = self.parent_pid
		child.save()
		self.adult_pid = random_number(1990, 2000)
		adult = self.adult = f.make_service_user(age_years=25, national_id=self.adult_pid)
		frappe.db.set_value(
			"Service User", adult.name, "email", f"voksen.{frappe.generate_hash(length=6)}@example.no"
		)
		frappe.set_user(town.coordinator)
		self.parent = invite(child.name, child.relations[0].name)
		frappe.set_user("Administrator")
		self.adult_user = invite(adult.name)
		for user in (self.parent, self.adult_user, town.coordinator):
			update_password(user, PASSWORD)
		frappe.db.commit()


def sessions_of(user: str) -> int:
	"""The user's sessions as the web server committed them."""
	frappe.db.rollback()
	return frappe.db.count("Sessions", {"user": user, "status": "Active"})


class Browser:
	"""A browser against the served site; follows the log-in's redirects one at a time."""

	def __init__(self):
		self.session = requests.Session()

	def get(self, path: str, **params):
		return self.session.get(get_url(path), params=params, allow_redirects=False)

	def post(self, path: str, **data):
		return self.session.post(get_url(path), data=data, allow_redirects=False)

	def user(self) -> str:
		response = self.get("/api/method/frappe.auth.get_logged_user")
		return response.json().get("message") if response.ok else "Guest"

	def password_login(self, user: str, password: str = PASSWORD):
		return self.post("/api/method/login", usr=user, pwd=password)

	def start(self, redirect_to: str = "/mine-ansvarsgrupper") -> str:
		"""The site's answer to starting a log-in: the provider's authorization URL."""
		response = self.get(LOGIN, redirect_to=redirect_to)
		assert response.status_code in (301, 302, 303), (response.status_code, response.text[:300])
		return response.headers["Location"]

	def authorize(self, authorization_url: str) -> str:
		"""The provider's answer: the callback URL with code and state."""
		response = self.session.get(authorization_url, allow_redirects=False)
		assert response.status_code == 302, (response.status_code, response.text[:300])
		return response.headers["Location"]

	def callback(self, callback_url: str, **replace):
		"""Back at the site; ``replace`` swaps query parameters (e.g. another ``state``)."""
		url = urlparse(callback_url)
		query = {k: v[0] for k, v in parse_qs(url.query).items()}
		query.update(replace)
		return self.session.get(urlunparse(url._replace(query=urlencode(query))), allow_redirects=False)

	def idporten_login(
		self,
		provider: Provider,
		pid: str,
		acr: str = LOA_HIGH,
		mode: str = "ok",
		auth_age: int = 0,
		**replace,
	):
		provider.next_login(pid, acr, mode, auth_age=auth_age)
		return self.callback(self.authorize(self.start()), **replace)
