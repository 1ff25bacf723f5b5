"""Attack suite (the roads of the exceptions): closing a group for a cause (R16) and recording a meeting
called outside the app (R9), tried over HTTP against the served site as users of every kind. Only the
group's own coordinator closes it or records the call; everyone else is refused and nothing changes (rows
counted before and after)."""

import json

import frappe
from frappe.utils import add_days, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_attacks_roads import PASSWORD, RoadsTestCase, count, message

OUTSIDE_CALL = {"called_outside_how": "Phone", "called_outside_on": str(add_days(getdate(), -3))}


class TestExceptionRoads(RoadsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# A proposed group of the town's coordinator, for a new person, with an invited pre-meeting that was
		# called by phone: the roads are tried on these, so the shared scene stays as it was.
		town = cls.town
		cls.leader = f.make_user("Lars Leder", ["Unit Leader"])
		cls.local_admin = f.make_user("Lone Lokal", ["Local Administrator"])
		unit = f.make_unit(f.unique("Skole"), leader=cls.leader)
		child = f.make_service_user(relations=[f.parent("Mia Flytter")])
		consent = f.make_consent(child, [unit]).name
		cls.fresh_group = f.make_group(child.name, unit, town.coordinator, consent).name
		f.make_member(cls.fresh_group, town.teacher, unit)
		cls.fresh_minutes = f.make_minutes(
			cls.fresh_group, "Pre-meeting", days_ago=-5, invitation_sent_on=None
		).name
		for user in (cls.leader, cls.local_admin):
			update_password(user, PASSWORD)
		frappe.db.commit()

	def intruders(self) -> dict[str, str]:
		"""Everyone but the group's coordinator: a member, an ended member, a member whose unit lost
		coverage, the coordinator of a closed group and of another group, the unit leader, KE, the Local
		Administrator, a parent of the person and a parent of another family."""
		return {
			"member": self.town.teacher,
			"ended member": self.ended,
			"uncovered member": self.uncovered,
			"closed group's coordinator": self.closed_coordinator,
			"other coordinator": self.other_coordinator,
			"unit leader": self.leader,
			"KE": self.ke,
			"Local Administrator": self.local_admin,
			"parent": self.parent,
			"other parent": self.other_parent,
		}

	def close_attempts(self, client, group: str):
		doc = frappe.get_doc("Responsibility Group", group)
		doc.closing_cause, doc.closed_date = "Moved", getdate()
		return (
			client.set_value(
				"Responsibility Group",
				group,
				json.dumps({"closing_cause": "Died", "closed_date": str(getdate())}),
			),
			client.set_value("Responsibility Group", group, "status", st.GROUP_CLOSED),
			client.call("frappe.model.workflow.apply_workflow", doc=doc.as_json(), action="Avslutt"),
			client.call("frappe.client.save", doc=doc.as_json()),
		)

	def test_r16_only_the_groups_coordinator_closes_it_for_a_cause(self):
		closed = {"name": self.fresh_group, "status": st.GROUP_CLOSED}
		for who, user in self.intruders().items():
			before = (
				count("Responsibility Group", closed),
				count("Responsibility Group", {"closing_cause": ("is", "set"), "name": self.fresh_group}),
			)
			for response in self.close_attempts(self.client(user), self.fresh_group):
				self.assertFalse(response.ok and message(response), f"{who} closed or marked the group")
			after = (
				count("Responsibility Group", closed),
				count("Responsibility Group", {"closing_cause": ("is", "set"), "name": self.fresh_group}),
			)
			self.assertEqual(after, before, f"{who} changed the group's closing")
			self.assertEqual(after, (0, 0))

		# The coordinator's own road: the cause saved, then the workflow's "Avslutt" (the desk's dialog).
		client = self.client(self.town.coordinator)
		saved = client.set_value(
			"Responsibility Group",
			self.fresh_group,
			json.dumps({"closing_cause": "Moved", "closed_date": str(getdate())}),
		)
		self.assertTrue(saved.ok, saved.text[:300])
		frappe.db.rollback()
		doc = frappe.get_doc("Responsibility Group", self.fresh_group)
		closed_now = client.call("frappe.model.workflow.apply_workflow", doc=doc.as_json(), action="Avslutt")
		self.assertTrue(closed_now.ok, closed_now.text[:300])
		self.assertEqual(count("Responsibility Group", closed), 1)

	def test_r9_only_the_coordinator_records_a_meeting_called_outside_the_app(self):
		called = {"name": self.fresh_minutes, "called_outside_on": ("is", "set")}
		for who, user in self.intruders().items():
			client = self.client(user)
			response = client.set_value(
				"Meeting Minutes",
				self.fresh_minutes,
				json.dumps({**OUTSIDE_CALL, "called_outside_by": user}),
			)
			self.assertFalse(response.ok, f"{who} recorded the call")
			self.assertEqual(count("Meeting Minutes", called), 0, f"{who} recorded the call")
		# Nor on another family's approved minutes, by anyone.
		for who, user in {"coordinator": self.town.coordinator, **self.intruders()}.items():
			response = self.client(user).set_value(
				"Meeting Minutes",
				self.other_minutes,
				json.dumps({**OUTSIDE_CALL, "called_outside_by": user}),
			)
			self.assertFalse(response.ok, f"{who} changed another group's approved minutes")
		self.assertEqual(
			count("Meeting Minutes", {"name": self.other_minutes, "called_outside_on": ("is", "set")}), 0
		)

		response = self.client(self.town.coordinator).set_value(
			"Meeting Minutes",
			self.fresh_minutes,
			json.dumps({**OUTSIDE_CALL, "called_outside_by": self.town.coordinator}),
		)
		self.assertTrue(response.ok, response.text[:300])
		self.assertEqual(count("Meeting Minutes", called), 1)
