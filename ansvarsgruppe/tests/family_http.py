"""What the HTTP tests of the family's voice share: a case that logs each user in once and counts the
attempts, and another family in the same municipality whose records nobody in the scene may read."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


def count(doctype: str, filters=None) -> int:
	frappe.db.rollback()
	return frappe.db.count(doctype, filters)


def readable(response) -> str:
	"""The response as a person reads it (JSON's escaped letters unescaped), so a secret is found in it."""
	try:
		return json.dumps(response.json(), ensure_ascii=False)
	except ValueError:
		return response.text


def add_other_family(s, town):
	"""Per Annen's group in ``town``: its own coordinator, consent and parent (invited to the portal)."""
	s.other_coordinator = f.make_user("Olav Annen", ["Coordinator"])
	other = f.make_service_user(
		relations=[f.parent("Per Annen", email=f"per.{frappe.generate_hash(length=6)}@example.no")]
	)
	other_consent = f.make_consent(other, [town.welfare])
	s.other_group = f.make_group(
		other.name, town.welfare, s.other_coordinator, other_consent.name, status=st.GROUP_APPROVED
	).name
	s.other_parent = invite(other.name, other.relations[0].name)


class FamilyHttpCase(FrappeTestCase):
	"""A subclass sets ``password`` (the scene's users'), ``attempts`` (its module's counter) and
	``sessions``."""

	password = ""
	attempts = [0]
	sessions: dict = {}

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "no"

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"

	def web(self, user: str) -> f.WebSession:
		if user not in self.sessions:
			self.sessions[user] = f.WebSession(user, self.password)
		return self.sessions[user]

	def refused(self, response, *secrets, what=""):
		self.attempts[0] += 1
		self.assertIn(
			response.status_code, (403, 404, 417), f"{what}: {response.status_code} {response.text[:300]}"
		)
		for secret in secrets:
			self.assertNotIn(secret, readable(response), what)

	def answered_nothing(self, response, *secrets, what=""):
		self.attempts[0] += 1
		for secret in secrets:
			self.assertNotIn(secret, readable(response), what)
		if response.ok:
			data = response.json()
			self.assertIn(data.get("message", data.get("data")), ([], 0, None, {}), what)

	def allowed(self, response, what=""):
		self.attempts[0] += 1
		self.assertEqual(response.status_code, 200, f"{what}: {response.text[:300]}")
		return response
