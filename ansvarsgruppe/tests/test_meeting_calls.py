"""The call of a coming meeting, read by those it calls (R5): over HTTP as real users, against the served
site, the way the participant's card "Neste møter i mine grupper" and the meeting's form reach it.

An invited member whose unit the group's consent covers reads the call of a coming meeting (its date, time,
place and agenda) in the list and as one record; an invited member the consent does not cover, a member
not invited, a member whose membership ended and a member of another group do not, and reading it gives no
one the right to change it. A call whose day has passed is minutes in the making, and keeps the minutes'
rule (the minute-taker and the coordinator).
"""

import frappe
from frappe.utils import getdate
from frappe.utils.password import update_password

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

PASSWORD = "Moete-Kall-2026!"
MINUTES = "Meeting Minutes"


def count(doctype: str, filters=None) -> int:
	"""Rows as the web server committed them."""
	frappe.db.rollback()
	return frappe.db.count(doctype, filters)


class TestMeetingCalls(f.MunicipalityTestCase):
	language = None

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s = cls.staff
		town = f.Municipality(s)  # the consent covers the school and the health unit
		group = cls.group = f.advance(town.group, st.GROUP_APPROVED).name
		cls.former = f.make_user("Frida Tidligere", ["Group Participant"])
		cls.uncovered = f.make_user("Ulrik Udekket", ["Group Participant"])
		f.make_member(group, s.coordinator, s.school, role="Coordinator")
		f.make_member(group, s.teacher, s.school)
		former = f.make_member(group, cls.former, s.school)
		f.make_member(group, cls.uncovered, s.health)
		# the members above are invited to both meetings; one who joins after the call is not
		cls.past = f.make_minutes(group, days_ago=2).name
		cls.coming = f.make_minutes(group, days_ago=-7).name
		f.make_member(group, s.nurse, s.school)
		f.advance(former, st.MEMBER_ENDED)
		# the health unit's coverage is withdrawn: Ulrik stays an invitee and a member, without access
		consent = frappe.get_doc("Consent", town.consent.name)
		row = next(p for p in consent.partners if p.service_unit == s.health)
		row.withdrawn_on, row.withdrawal_reason = getdate(), "Helsestasjonen trenger ikke lenger opplysninger"
		consent.save()
		# the outsider sits in another group, with a coming meeting of its own
		other = f.Municipality(s)
		other_group = f.advance(other.group, st.GROUP_APPROVED).name
		f.make_member(other_group, s.outsider, s.school)
		cls.other_coming = f.make_minutes(other_group, days_ago=-7).name
		for user in (s.coordinator, s.teacher, s.nurse, s.outsider, cls.former, cls.uncovered):
			update_password(user, PASSWORD)
		frappe.db.commit()
		cls.clients = {}

	def web(self, user: str) -> f.WebSession:
		if user not in self.clients:
			self.clients[user] = f.WebSession(user, PASSWORD)
		return self.clients[user]

	def coming_listed(self, user: str) -> set[str]:
		"""The coming calls the list (as the card opens it) answers ``user`` over HTTP."""
		response = self.web(user).get(
			f"/api/resource/{MINUTES}",
			filters=[
				[MINUTES, "status", "=", st.MINUTES_INVITED],
				[MINUTES, "meeting_date", ">=", getdate()],
			],
			limit_page_length=0,
		)
		self.assertEqual(response.status_code, 200, response.text[:300])
		return {row["name"] for row in response.json()["data"]}

	def opens(self, user: str, name: str) -> bool:
		response = self.web(user).get(f"/api/resource/{MINUTES}/{name}")
		self.assertIn(response.status_code, (200, 403), response.text[:300])
		return response.status_code == 200

	def test_r5_a_covered_invitee_reads_the_coming_call_and_nobody_else_in_the_group(self):
		s = self.staff
		self.assertEqual(self.coming_listed(s.teacher), {self.coming})
		self.assertTrue(self.opens(s.teacher, self.coming))
		call = self.web(s.teacher).get(f"/api/resource/{MINUTES}/{self.coming}").json()["data"]
		self.assertEqual((call["place"], call["start_time"]), ("Møterom Fjord, rådhuset", "10:00:00"))
		self.assertTrue(call["agenda"], "the agenda is part of the call")
		# the card counts the same calls and opens the meetings themselves
		card = self.web(s.teacher).get("/api/method/ansvarsgruppe.api.home.my_next_meetings").json()
		self.assertEqual(card["message"]["value"], 1)
		self.assertEqual(card["message"]["route"], ["List", MINUTES])
		for user, who in (
			(self.uncovered, "an invitee the consent does not cover"),
			(s.nurse, "a member not invited"),
			(self.former, "a former member"),
			(s.outsider, "a member of another group"),
		):
			self.assertEqual(self.coming_listed(user) & {self.coming}, set(), who)
			self.assertFalse(self.opens(user, self.coming), who)
		self.assertEqual(self.coming_listed(s.outsider), {self.other_coming})
		# the coordinator (of both groups here) reads every call of his groups
		self.assertEqual(self.coming_listed(s.coordinator), {self.coming, self.other_coming})

	def test_r5_a_call_whose_day_has_passed_keeps_the_minutes_rule(self):
		self.assertFalse(self.opens(self.staff.teacher, self.past))
		self.assertTrue(self.opens(self.staff.coordinator, self.past))
		self.assertNotIn(self.past, self.coming_listed(self.staff.teacher))

	def test_r5_reading_the_call_does_not_let_the_invitee_change_it(self):
		rows = count("Meeting Agenda Item", {"parent": self.coming})
		response = self.web(self.staff.teacher).set_value(MINUTES, self.coming, "place", "Hjemme hos meg")
		self.assertNotEqual(response.status_code, 200, response.text[:300])
		self.assertEqual(frappe.db.get_value(MINUTES, self.coming, "place"), "Møterom Fjord, rådhuset")
		self.assertEqual(count("Meeting Agenda Item", {"parent": self.coming}), rows)
		self.assertEqual(count(MINUTES, {"name": self.coming, "status": st.MINUTES_INVITED}), 1)
