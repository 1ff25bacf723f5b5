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
		frappe.db.set_value(
			"Responsibility Group", cls.fresh_group, "mandate", "Samordne tiltakene rundt skolestart."
		)
		# An issue raised to the unit's leader, and the leader of another unit concerned (R14).
		cls.other_leader = f.make_user("Helga Helseleder", ["Unit Leader"])
		cls.other_unit = f.make_unit(f.unique("Helsestasjon"), leader=cls.other_leader)
		frappe.set_user(town.coordinator)
		cls.issue = (
			frappe.get_doc(
				{
					"doctype": "Escalation",
					"group": cls.fresh_group,
					"title": "Skyss til avlastning",
					"service_unit": unit,
					"issue": "Skolen og helsetjenesten er uenige om hvem som dekker skyssen.",
				}
			)
			.insert()
			.name
		)
		frappe.set_user("Administrator")
		for user in (cls.leader, cls.local_admin, cls.other_leader):
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
			stored = tuple(v or None for v in self.stored("Meeting Minutes", self.fresh_minutes, fields))
			self.assertEqual(stored, (None, None, None), who)
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

	def test_r16_the_local_administrator_opens_every_group_read_only_and_nothing_under_it(self):
		# The Local Administrator reopens and archives groups (R16, R19): the group form is theirs to open,
		# to read only; its members, minutes, consent and the fields kept from KE stay closed.
		client = self.client(self.local_admin)
		for group in (self.fresh_group, self.other_group):
			response = client.method(
				"frappe.desk.form.load.getdoc", doctype="Responsibility Group", name=group
			)
			self.assertTrue(response.ok, response.text[:300])
			doc = response.json()["docs"][0]
			self.assertEqual(doc["name"], group)
			self.assertNotIn("mandate", doc, "a field of a higher permission level")
		self.assertTrue(
			{self.fresh_group, self.other_group} <= {r["name"] for r in client.rows("Responsibility Group")}
		)
		before = self.stored("Responsibility Group", self.fresh_group, ["service_user_name", "mandate"])
		frappe.db.rollback()
		doc = frappe.get_doc("Responsibility Group", self.fresh_group)
		doc.meeting_plan = "Endret av lokal administrator"
		self.assertFalse(self.saved(client, doc).ok, "the Local Administrator changed a group")
		self.assertFalse(
			client.set_value("Responsibility Group", self.fresh_group, "meeting_plan", "Endret").ok
		)
		self.assertEqual(
			self.stored("Responsibility Group", self.fresh_group, ["service_user_name", "mandate"]), before
		)
		self.assertFalse(self.stored("Responsibility Group", self.fresh_group, ["meeting_plan", "name"])[0])
		for doctype, name in (
			("Meeting Minutes", self.fresh_minutes),
			("Meeting Minutes", self.other_minutes),
			("Individual Plan", self.other_plan),
			("Consent", self.other_consent),
		):
			response = client.method("frappe.desk.form.load.getdoc", doctype=doctype, name=name)
			self.assertFalse(response.ok, f"the Local Administrator read {doctype} {name}")
		self.assertEqual(client.rows("Group Member", filters=json.dumps({"group": self.fresh_group})), [])
		groups = count("Responsibility Group")
		response = client.call("frappe.client.insert", doc={"doctype": "Responsibility Group"})
		self.assertFalse(response.ok)
		self.assertEqual(count("Responsibility Group"), groups)

	def bring_in(self, client, leader: str, unit: str):
		frappe.db.rollback()
		doc = frappe.get_doc("Escalation", self.issue)
		doc.append("other_leaders", {"unit_leader": leader, "service_unit": unit})
		return self.saved(client, doc)

	def test_r14_the_leader_raised_to_brings_in_another_unit_leader_who_reads_and_answers(self):
		getdoc = "frappe.desk.form.load.getdoc"
		rows = count("Escalation Leader")
		other = self.client(self.other_leader)
		self.assertFalse(other.method(getdoc, doctype="Escalation", name=self.issue).ok)
		# Nobody but the leader it is raised to brings anyone in, themselves or the other unit's leader.
		intruders = {**self.intruders(), "other leader": self.other_leader}
		del intruders["unit leader"]  # the leader the issue is raised to
		for who, user in intruders.items():
			client = self.client(user)
			for leader in {user, self.other_leader}:
				response = self.bring_in(client, leader, self.other_unit)
				self.assertFalse(response.ok, f"{who} brought in {leader}")
		self.assertFalse(
			self.bring_in(self.client(self.town.coordinator), self.other_leader, self.other_unit).ok
		)
		self.assertEqual(count("Escalation Leader"), rows)

		response = self.bring_in(self.client(self.leader), self.other_leader, self.other_unit)
		self.assertTrue(response.ok, response.text[:300])
		self.assertEqual(count("Escalation Leader"), rows + 1)
		response = other.method(getdoc, doctype="Escalation", name=self.issue)
		self.assertTrue(response.ok, response.text[:300])
		# The leader brought in brings in no one else, and answers.
		self.assertFalse(self.bring_in(other, self.ke, self.other_unit).ok)
		self.assertEqual(count("Escalation Leader"), rows + 1)
		frappe.db.rollback()
		doc = frappe.get_doc("Escalation", self.issue)
		doc.answer, doc.status = "Helsetjenesten dekker skyssen.", st.ESCALATION_ANSWERED
		response = self.saved(other, doc)
		self.assertTrue(response.ok, response.text[:300])
		self.assertEqual(
			self.stored("Escalation", self.issue, ["status", "answer"]),
			(st.ESCALATION_ANSWERED, "Helsetjenesten dekker skyssen."),
		)
		# Still closed to the other intruders.
		del intruders["other leader"]
		for who, user in intruders.items():
			response = self.client(user).method(getdoc, doctype="Escalation", name=self.issue)
			self.assertFalse(response.ok, f"{who} read the escalation")

	def test_r6_only_the_coordinator_adds_an_external_member_and_it_never_carries_an_account(self):
		# the shared scene's open group (the fresh one is closed by the closing test); the row made is removed
		unit = frappe.db.get_value("Responsibility Group", self.group, "responsible_unit")

		def external(user: str) -> dict:
			return {
				"doctype": "Group Member",
				"group": self.group,
				"member_role": "Professional",
				"is_external": 1,
				"user": user,  # an attempt to reach the group's records through the external row
				"full_name": "Dr. Lise Lege",
				"email": f"lise.lege.{frappe.generate_hash(length=6)}@legekontor.example.no",
				"service_unit": unit,
				"mandate_clarified": 1,
				"mandate_note": "Fastlegens oppfølging",
			}

		members = count("Group Member")
		for who, user in self.intruders().items():
			client = self.client(user)
			saved = client.call(
				"frappe.desk.form.save.savedocs", doc=json.dumps(external(user)), action="Save"
			)
			self.assertFalse(saved.ok, who)
			self.assertFalse(client.call("frappe.client.insert", doc=external(user)).ok, who)
			self.assertFalse(client.post("/api/resource/Group Member", data=external(user)).ok, who)
		self.assertEqual(count("Group Member"), members)

		response = self.client(self.town.coordinator).call(
			"frappe.desk.form.save.savedocs", doc=json.dumps(external(self.town.teacher)), action="Save"
		)
		self.assertTrue(response.ok, response.text[:300])
		name = response.json()["docs"][0]["name"]
		self.assertEqual(self.stored("Group Member", name, ["is_external", "user"]), (1, None))
		self.assertEqual(count("Group Member"), members + 1)
		frappe.delete_doc("Group Member", name, ignore_permissions=True, force=True)
		frappe.db.commit()
