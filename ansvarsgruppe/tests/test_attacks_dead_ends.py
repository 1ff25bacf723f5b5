"""Attack suite (the roads of the exceptions): closing a group for a cause (R16) and recording a meeting
called outside the app (R9), tried over HTTP against the served site as users of every kind. Only the
group's own coordinator closes it or records the call; everyone else is refused and nothing changes (rows
counted before and after)."""

import frappe
from frappe.utils import add_days, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_attacks_roads import PASSWORD, RoadsTestCase, count

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

	def stored(self, doctype: str, name: str, fields: list[str]) -> tuple:
		"""The values as the web server committed them."""
		frappe.db.rollback()
		return tuple(frappe.db.get_value(doctype, name, fields) or ())

	def saved(self, client, doc):
		"""The desk's save road."""
		return client.call("frappe.desk.form.save.savedocs", doc=doc.as_json(), action="Save")

	def close_attempts(self, client, group: str):
		frappe.db.rollback()
		doc = frappe.get_doc("Responsibility Group", group)
		doc.closing_cause, doc.closed_date = "Moved", getdate()
		return (
			self.saved(client, doc),
			client.call("frappe.model.workflow.apply_workflow", doc=doc.as_json(), action="Avslutt"),
			client.set_value("Responsibility Group", group, "status", st.GROUP_CLOSED),
			client.call("frappe.client.save", doc=doc.as_json()),
		)

	def test_r16_only_the_groups_coordinator_closes_it_for_a_cause(self):
		fields = ["status", "closing_cause", "closed_date"]
		untouched = (st.GROUP_PROPOSED, None, None)
		groups = count("Responsibility Group")
		for who, user in self.intruders().items():
			saved, *closing = self.close_attempts(self.client(user), self.fresh_group)
			for response in closing:
				self.assertFalse(response.ok, f"{who} closed the group: {response.text[:200]}")
			stored = tuple(v or None for v in self.stored("Responsibility Group", self.fresh_group, fields))
			if who == "unit leader":
				# The responsible unit's leader edits the unit's groups (the group rules), so may note a cause;
				# closing stays the coordinator's.
				self.assertEqual(stored[0], st.GROUP_PROPOSED, who)
				frappe.db.set_value(
					"Responsibility Group", self.fresh_group, {"closing_cause": None, "closed_date": None}
				)
				frappe.db.commit()
				continue
			self.assertFalse(saved.ok, f"{who} marked the group for closing: {saved.text[:200]}")
			self.assertEqual(stored, untouched, f"{who} changed the group's closing")
		self.assertEqual(count("Responsibility Group"), groups)

		# The coordinator's own road: the cause saved, then the workflow's "Avslutt" (the desk's dialog).
		client = self.client(self.town.coordinator)
		frappe.db.rollback()
		doc = frappe.get_doc("Responsibility Group", self.fresh_group)
		doc.closing_cause, doc.closed_date = "Moved", getdate()
		response = self.saved(client, doc)
		self.assertTrue(response.ok, response.text[:300])
		frappe.db.rollback()
		doc = frappe.get_doc("Responsibility Group", self.fresh_group)
		response = client.call("frappe.model.workflow.apply_workflow", doc=doc.as_json(), action="Avslutt")
		self.assertTrue(response.ok, response.text[:300])
		self.assertEqual(
			self.stored("Responsibility Group", self.fresh_group, ["status", "closing_cause"]),
			(st.GROUP_CLOSED, "Moved"),
		)

	def record_call(self, client, name: str, user: str):
		frappe.db.rollback()
		doc = frappe.get_doc("Meeting Minutes", name)
		doc.update({**OUTSIDE_CALL, "called_outside_by": user})
		return self.saved(client, doc)

	def test_r9_only_the_coordinator_records_a_meeting_called_outside_the_app(self):
		fields = ["called_outside_on", "called_outside_how", "called_outside_by"]
		for who, user in self.intruders().items():
			response = self.record_call(self.client(user), self.fresh_minutes, user)
			self.assertFalse(response.ok, f"{who} recorded the call")
			self.assertEqual(
				self.stored("Meeting Minutes", self.fresh_minutes, fields), (None, None, None), who
			)
		# Nor on another family's approved minutes, by anyone.
		for who, user in {"coordinator": self.town.coordinator, **self.intruders()}.items():
			response = self.record_call(self.client(user), self.other_minutes, user)
			self.assertFalse(response.ok, f"{who} changed another group's approved minutes")
		stored = tuple(v or None for v in self.stored("Meeting Minutes", self.other_minutes, fields))
		self.assertEqual(stored, (None, None, None))

		coordinator = self.town.coordinator
		response = self.record_call(self.client(coordinator), self.fresh_minutes, coordinator)
		self.assertTrue(response.ok, response.text[:300])
		self.assertEqual(
			self.stored("Meeting Minutes", self.fresh_minutes, ["called_outside_how", "called_outside_by"]),
			("Phone", coordinator),
		)
