"""«Legg til medlemmer»: the coordinator adds the group's members in one list, approved at once (R5, R6, R7).

Through the method as the coordinator (every member saved by its own controller, all or none, a Norwegian
reason for each one that cannot be approved), and over HTTP as every other kind of user, each refused with
the rows counted before and after.
"""

import json

import frappe

from ansvarsgruppe.api.members import add_members
from ansvarsgruppe.exceptions import ConsentError, GroupError, RuleError
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_attacks_roads import RoadsTestCase, count

MANDATE = "Kan avtale tiltak innenfor enhetens budsjett."


def professional(user, unit, **extra) -> dict:
	return {
		"member_role": "Professional",
		"user": user,
		"service_unit": unit,
		"mandate_clarified": 1,
		"mandate_note": MANDATE,
		"is_permanent": 1,
		**extra,
	}


class TestAddMembers(f.MunicipalityTestCase):
	with_town = True

	def members(self) -> list[dict]:
		return frappe.get_all(
			"Group Member",
			filters={"group": self.town.group.name},
			fields=["name", "user", "member_role", "status", "workflow_state", "full_name", "email"],
		)

	def add(self, rows, user=None):
		with self.set_user(user or self.town.coordinator):
			return add_members(self.town.group.name, json.dumps(rows))

	def test_r5_r7_members_added_in_one_list_are_approved_at_once_and_the_record_says_who(self):
		town = self.town
		names = self.add(
			[
				{
					"member_role": "Coordinator",
					"user": town.coordinator,
					"service_unit": town.school,
					"mandate_clarified": 1,
					"mandate_note": MANDATE,
				},  # fmt: skip
				professional(town.teacher, town.school),
				professional(town.nurse, town.health),
				{"member_role": "Relative", "relation": town.child.relations[0].name},
				professional(
					None, town.health, is_external=1, full_name="Dr. Fastlege", email="lege@example.no"
				),
			]
		)
		self.assertEqual(len(names), 5)
		rows = {row.name: row for row in self.members()}
		self.assertEqual({rows[n].status for n in names}, {st.MEMBER_APPROVED})
		self.assertEqual(len({rows[n].workflow_state for n in names}), 1)
		teacher = next(row for row in rows.values() if row.user == town.teacher)
		self.assertEqual(
			(teacher.full_name, teacher.email),
			frappe.db.get_value("User", town.teacher, ["full_name", "email"]),
		)
		self.assertEqual(rows[names[3]].full_name, town.child.relations[0].full_name)
		# who approved, and when: the member's timeline
		comment = frappe.get_all(
			"Comment",
			filters={
				"reference_doctype": "Group Member",
				"reference_name": names[1],
				"comment_type": "Workflow",
			},
			fields=["owner", "creation"],
		)
		self.assertEqual([c.owner for c in comment], [town.coordinator])

	def test_r5_a_unit_outside_the_consent_stops_the_whole_list_with_its_row_named(self):
		town = self.town
		before = frappe.db.count("Group Member")
		error = self.assertRefused(
			ConsentError,
			lambda: self.add(
				[professional(town.teacher, town.school), professional(town.outsider, town.welfare)]
			),
		)
		self.assertIn("R5", error.rules)
		self.assertIn("Rad 2", str(error))
		self.assertIn("Ingen medlemmer ble lagt til", str(error))
		self.assertEqual(frappe.db.count("Group Member"), before)

	def test_r7_a_member_without_a_clarified_mandate_is_not_approved_and_nothing_is_added(self):
		town = self.town
		before = frappe.db.count("Group Member")
		error = self.assertRefused(
			GroupError,
			lambda: self.add(
				[
					professional(town.teacher, town.school),
					professional(town.nurse, town.health, mandate_clarified=0),
				]
			),
		)
		self.assertIn("R7", error.rules)
		self.assertIn("Rad 2", str(error))
		self.assertNotIn("Rad 1", str(error))
		self.assertEqual(frappe.db.count("Group Member"), before)

	def test_r6_a_person_is_not_listed_twice_nor_added_again_in_the_same_role(self):
		town = self.town
		self.add([professional(town.teacher, town.school)])
		before = frappe.db.count("Group Member")
		error = self.assertRefused(
			GroupError,
			lambda: self.add(
				[
					professional(town.nurse, town.health),
					professional(town.nurse, town.health),
					professional(town.teacher, town.school),
				]
			),
		)
		self.assertIn("R6", error.rules)
		self.assertIn("står to ganger", str(error))
		self.assertIn("er allerede medlem", str(error))
		self.assertEqual(frappe.db.count("Group Member"), before)

	def test_only_the_groups_coordinator_adds_and_an_empty_list_is_refused(self):
		town = self.town
		other = f.make_user("Olav Annen", ["Coordinator"])
		before = frappe.db.count("Group Member")
		self.assertRefused(
			frappe.PermissionError, lambda: self.add([professional(town.teacher, town.school)], other)
		)
		# a member of the group who is a coordinator elsewhere reads the group, but it is not theirs to fill
		member = f.make_user("Mia Medlem", ["Coordinator", "Group Participant"])
		f.make_member(town.group.name, member, town.school)
		self.assertRefused(
			frappe.PermissionError, lambda: self.add([professional(town.teacher, town.school)], member)
		)
		self.assertRefused(GroupError, lambda: self.add([]))
		before = frappe.db.count("Group Member")
		self.assertRefused(GroupError, lambda: self.add("[1, 2]"))
		self.assertEqual(frappe.db.count("Group Member"), before)

	def test_r16_a_closed_group_takes_no_members(self):
		town = self.town
		frappe.db.set_value("Responsibility Group", town.group.name, "status", st.GROUP_CLOSED)
		self.assertRefused(RuleError, lambda: self.add([professional(town.teacher, town.school)]))


class TestAddMembersOverHttp(RoadsTestCase):
	METHOD = "ansvarsgruppe.api.members.add_members"

	def rows(self, user: str) -> str:
		return json.dumps([professional(user, self.town.school)])

	def test_only_the_groups_coordinator_adds_members_over_http(self):
		town = self.town
		refused = {
			"coordinator of another group": self.other_coordinator,
			"closed group's coordinator": self.closed_coordinator,
			"participant": town.teacher,
			"ended member": self.ended,
			"KE": self.ke,
			"parent": self.parent,
			"another family's parent": self.other_parent,
		}
		for kind, user in refused.items():
			before = count("Group Member")
			response = self.client(user).post(
				f"/api/method/{self.METHOD}", group=self.group, rows=self.rows(town.outsider)
			)
			self.assertEqual(response.status_code, 403, (kind, response.text[:300]))
			self.assertEqual(count("Group Member"), before, kind)
		# nor the coordinator in another family's group
		before = count("Group Member")
		response = self.client(town.coordinator).post(
			f"/api/method/{self.METHOD}", group=self.other_group, rows=self.rows(town.outsider)
		)
		self.assertEqual(response.status_code, 403, response.text[:300])
		self.assertEqual(count("Group Member"), before)

	def test_r5_the_coordinator_adds_over_http_and_a_refusal_writes_nothing(self):
		town = self.town
		before = count("Group Member")
		# R5: the health unit's coverage was withdrawn in the scene
		response = self.client(town.coordinator).post(
			f"/api/method/{self.METHOD}",
			group=self.group,
			rows=json.dumps(
				[professional(town.outsider, town.school), professional(town.outsider, town.health)]
			),
		)
		self.assertEqual(response.status_code, 417, response.text[:300])
		self.assertEqual(count("Group Member"), before)

		response = self.client(town.coordinator).post(
			f"/api/method/{self.METHOD}", group=self.group, rows=self.rows(town.outsider)
		)
		self.assertEqual(response.status_code, 200, response.text[:300])
		(name,) = response.json()["message"]
		try:
			self.assertEqual(count("Group Member"), before + 1)
			self.assertEqual(frappe.db.get_value("Group Member", name, "status"), st.MEMBER_APPROVED)
		finally:
			frappe.db.delete("Comment", {"reference_doctype": "Group Member", "reference_name": name})
			frappe.db.delete("Group Member", {"name": name})
			frappe.db.commit()
