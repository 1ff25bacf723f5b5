"""A participant reads the names of who made and changed the group, not their e-mail addresses, in the group
form's sidebar and timeline: the form as ``getdoc`` and ``get_docinfo`` answer it over HTTP carries the full
name (and nothing else) of the record's owner, its last editor, the owners of its history and its alerts'
recipients, and nothing about a user who is not on the record (permissions/names.py)."""

import json

import frappe
from frappe.utils.password import update_password

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

PASSWORD = "Navn-Ikke-Adresse-2026!"


class TestFormNames(f.MunicipalityTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		staff = cls.staff
		cls.coordinator, cls.participant, cls.outsider = staff.coordinator, staff.teacher, staff.outsider
		cls.coordinator_name = frappe.db.get_value("User", cls.coordinator, "full_name")
		child = f.make_service_user(age_years=10, relations=[f.parent()])
		consent = f.make_consent(child, [staff.school, staff.health])
		# the leader's appointment made the group (as in the app), the coordinator changed it after
		cls.leader = f.make_user("Lise Leder", ["Unit Leader"])
		cls.leader_name = frappe.db.get_value("User", cls.leader, "full_name")
		group = f.make_group(child.name, staff.school, cls.coordinator, consent.name, st.GROUP_APPROVED)
		frappe.db.set_value("Responsibility Group", group.name, "owner", cls.leader, update_modified=False)
		f.make_member(group.name, cls.participant, staff.school)
		# the coordinator changes the mandate: his change in the history, and he is the last to edit (he
		# made no workflow step here, which would name him in the form already)
		with f.as_user(cls.coordinator):
			group = frappe.get_doc("Responsibility Group", group.name)
			group.mandate = "Samordne skole og helsestasjon rundt barnet."
			group.save(ignore_permissions=True, ignore_version=False)  # tests skip Versions unless asked
		# the outsider is a member of another group only, and comments there
		other_child = f.make_service_user(age_years=8, relations=[f.parent("Anne Annen")])
		other_consent = f.make_consent(other_child, [staff.health])
		other = f.make_group(
			other_child.name, staff.health, cls.coordinator, other_consent.name, st.GROUP_APPROVED
		)
		f.make_member(other.name, cls.outsider, staff.health)
		with f.as_user(cls.outsider):
			other.add_comment("Comment", "En annen gruppe.")
		# an alert about the group to the coordinator, the leader and KE's officer, who is named nowhere else
		# on the record (the timeline lists an alert's recipients)
		cls.officer = f.make_user("Kari Varsel", ["Coordinating Unit"])
		cls.alert = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Automated Message",
				"communication_medium": "Email",
				"sent_or_received": "Sent",
				"subject": "Varsel",
				"content": "Varsel",
				"recipients": f"{cls.coordinator}, {cls.leader}, {cls.officer}",
				"reference_doctype": "Responsibility Group",
				"reference_name": group.name,
			}
		).insert(ignore_permissions=True)
		cls.group = group.name
		for user in (cls.participant, cls.outsider):
			update_password(user, PASSWORD)
		frappe.db.commit()

	def form(self, method: str) -> dict:
		client = f.WebSession(self.participant, PASSWORD)
		response = client.get(
			f"/api/method/frappe.desk.form.load.{method}", doctype="Responsibility Group", name=self.group
		)
		self.assertTrue(response.ok, response.text[:300])
		return response.json()

	def test_the_participant_gets_the_names_of_who_made_and_changed_the_group(self):
		answer = self.form("getdoc")
		doc = answer["docs"][0]
		self.assertEqual(doc["owner"], self.leader)
		self.assertEqual(doc["modified_by"], self.coordinator)
		docinfo = answer["docinfo"]
		self.assertIn(self.coordinator, {version["owner"] for version in docinfo["versions"]})
		# the name only: no e-mail address, image or time zone of his
		self.assertEqual(docinfo["user_info"][self.coordinator], {"fullname": self.coordinator_name})
		self.assertEqual(docinfo["user_info"][self.leader], {"fullname": self.leader_name})
		self.assertNotIn(self.outsider, json.dumps(answer))
		# the alert's recipients by name, their addresses as the timeline splits them
		(alert,) = [c for c in docinfo["automated_messages"] if c["name"] == self.alert.name]
		self.assertEqual(alert["recipients"], f"{self.coordinator},{self.leader},{self.officer}")
		self.assertEqual(docinfo["user_info"][self.officer], {"fullname": "Kari Varsel"})

		# as the form reloads its timeline after a change
		docinfo = self.form("get_docinfo")["docinfo"]
		self.assertEqual(docinfo["user_info"][self.coordinator], {"fullname": self.coordinator_name})
		self.assertNotIn(self.outsider, json.dumps(docinfo))
