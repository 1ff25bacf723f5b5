"""Mine ansvarsgrupper's body is compiled once per process, not on every request, and still escapes every
value it shows."""

from unittest.mock import patch

import frappe
from jinja2 import Environment

from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.portal import pages
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

NAME = "Kari <script>alert(1)</script> & Co"


class TestPortalPageBody(f.MunicipalityTestCase):
	with_town = True

	def page(self, user: str) -> str:
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		with self.set_user(user):
			set_request(method="GET", path="/mine-ansvarsgrupper")
			try:
				response = get_response()
			finally:
				del frappe.local.request
		self.assertEqual(response.status_code, 200)
		return response.get_data(as_text=True)

	def test_the_body_is_compiled_once_and_escapes_what_it_shows(self):
		town = self.town
		child = town.child
		child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
		child.save()
		group = f.advance(town.group, st.GROUP_APPROVED)
		with self.set_user(town.coordinator):
			parent = invite(child.name, child.relations[0].name)
		frappe.db.set_value("Service User", child.name, "full_name", NAME)

		pages.environment.cache_clear()  # as in a new process
		compiled = []  # the templates compiled that hold the body or its include, by any Jinja environment

		def compile(env, source, *args, **kwargs):
			if isinstance(source, str) and (
				'class="ag-conversation"' in source or "ag-rights-title" in source
			):
				compiled.append("body" if "ag-conversation" in source else "rights")
			return original(env, source, *args, **kwargs)

		original = Environment.compile
		with patch.object(Environment, "compile", compile):
			first = self.page(parent)
			self.assertEqual(sorted(compiled), ["body", "rights"])
			second = self.page(parent)
		self.assertEqual(sorted(compiled), ["body", "rights"], "compiled again for a second request")

		for html in (first, second):
			self.assertIn('<main class="ansvarsgruppe-portal" lang="nb">', html)
			self.assertIn("Du kan få koordinator og individuell plan", html)  # the include
			self.assertIn(group.name, html)
			self.assertIn("Kari &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", html)
			self.assertNotIn("<script>alert(1)", html)
			self.assertNotIn("&amp;lt;", html, "a value escaped twice")
