"""Mine ansvarsgrupper names what it shows: the group by whom it is for and its unit, the minutes by meeting
and date, the application by the day it came, the consent by the day it was signed; never a record's number
(AG-2026-0031, REF-2026-00068) where a person reads it."""

import re

import frappe
from frappe.utils import formatdate

from ansvarsgruppe.api.messages import post_message
from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

RAW_ID = re.compile(r"\b(AG|ARK|BRU|ESK|GJA|KOR|MED|MLD|PLAN|REF|SAKSFORSLAG|SAM|SOK|SVAR)-\d{4,}(-\d+)?\b")


def visible_text(html: str) -> str:
	"""What the page shows: no scripts, no tags (so no attributes)."""
	html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
	return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


class TestPortalNames(f.MunicipalityTestCase):
	sends_email = True
	with_town = True

	def page(self, user: str) -> str:
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		with self.set_user(user):
			set_request(method="GET", path="/mine-ansvarsgrupper")
			try:
				return get_response().get_data(as_text=True)
			finally:
				del frappe.local.request

	def test_the_family_reads_names_titles_and_dates_not_record_numbers(self):
		town = self.town
		child = town.child
		child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
		child.save()
		group = f.advance(town.group, st.GROUP_APPROVED)
		f.make_member(group.name, town.teacher, town.school)
		pre = f.complete(f.make_minutes(group.name, "Pre-meeting", days_ago=14))
		pre.save()
		minutes = f.advance(pre, st.MINUTES_APPROVED)
		application = f.new_application(child).insert(ignore_permissions=True)
		with self.set_user(town.coordinator):
			parent = invite(child.name, child.relations[0].name)
			message = post_message(group.name, "Velkommen til ansvarsgruppen.")
		html = self.page(parent)
		shown = visible_text(html)
		for record in (group.name, minutes.name, town.consent.name, child.name):
			self.assertTrue(record in html, f"{record}: the page still links it (in attributes only)")
		self.assertNotIn(group.name, shown)
		self.assertIsNone(RAW_ID.search(shown), RAW_ID.search(shown) and RAW_ID.search(shown).group(0))
		self.assertIn(f"Ansvarsgruppe for {child.full_name} ({town.school})", shown)
		date = formatdate(minutes.meeting_date, "dd.MM.yyyy")
		self.assertIn(f"Referat fra formøtet {date} (PDF)", shown)
		self.assertIn(f"Søknad mottatt {formatdate(application.date_received, 'dd.MM.yyyy')}", shown)
		signed = frappe.db.get_value("Consent", town.consent.name, "signed_date")
		self.assertIn(f"Samtykke signert {formatdate(signed, 'dd.MM.yyyy')}", shown)
		self.assertIn("Velkommen til ansvarsgruppen.", shown, message)
