"""The group form's load (``getdoc``) brings what the form would otherwise ask for at once, decided as its
own method decides: the conversation summary, the workflow steps and the connections' counts; its timeline
shows the latest views only. A read decision taken during the load is taken again after any write."""

import frappe
from frappe.desk.form.load import getdoc
from frappe.desk.notifications import get_open_count
from frappe.model.workflow import get_transitions

from ansvarsgruppe.api.messages import conversation_summary
from ansvarsgruppe.controllers.form_load import TIMELINE_VIEWS as FORM_VIEWS
from ansvarsgruppe.permissions import side_channels
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


class TestGroupFormLoad(f.MunicipalityTestCase):
	school_led = True

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.town = f.Municipality(cls.staff)
		cls.group = f.approve_group(cls.town.group).name
		cls.member = f.make_member(cls.group, cls.staff.teacher, cls.staff.school).name

	def onload(self, user: str) -> dict:
		frappe.response.docs = []
		with self.set_user(user):
			getdoc("Responsibility Group", self.group)
		return frappe.response.docs[0].get("__onload") or {}

	def test_the_load_brings_the_conversation_summary_as_the_method_gives_it(self):
		for user, takes_part in (
			(self.staff.coordinator, True),
			(self.staff.teacher, True),
			(self.ke, False),  # reads every group, takes no part in its conversation
		):
			carried = self.onload(user)["conversation"]
			with self.set_user(user):
				self.assertEqual(carried, conversation_summary(self.group), user)
			self.assertEqual(carried["takes_part"], takes_part, user)
		with self.set_user(self.staff.outsider), self.assertRaises(frappe.PermissionError):
			getdoc("Responsibility Group", self.group)

	def test_the_load_brings_the_steps_the_user_may_take(self):
		for user in (self.staff.coordinator, self.staff.teacher):
			carried = self.onload(user)["workflow_transitions"]
			with self.set_user(user):
				doc = frappe.get_doc("Responsibility Group", self.group)
				self.assertEqual(carried["transitions"], get_transitions(doc), user)
			self.assertEqual(carried["modified"], str(doc.modified))
		self.assertTrue(self.onload(self.staff.coordinator)["workflow_transitions"]["transitions"])

	def test_a_read_decision_is_taken_again_after_a_write(self):
		doc = frappe.get_doc("Responsibility Group", self.group)
		with self.set_user(self.staff.teacher):
			self.assertTrue(frappe.has_permission("Responsibility Group", "read", doc))
			frappe.db.set_value("Group Member", self.member, "status", st.MEMBER_ENDED)
			self.assertFalse(frappe.has_permission("Responsibility Group", "read", doc))
		frappe.db.set_value("Group Member", self.member, "status", st.MEMBER_ACTIVE)

	def test_the_load_brings_the_connections_counts_as_the_dashboard_asks_for_them(self):
		f.make_minutes(self.group)
		carried = self.onload(self.staff.coordinator)["connection_counts"]
		with self.set_user(self.staff.coordinator):
			self.assertEqual(
				carried["open_count"], get_open_count("Responsibility Group", self.group, carried["items"])
			)
			self.assertTrue(all(frappe.has_permission(d, "read") for d in carried["items"]))
		counts = {d["doctype"]: d["count"] for d in carried["open_count"]["count"]["external_links_found"]}
		for doctype in ("Meeting Minutes", "Group Member"):
			self.assertEqual(counts[doctype], frappe.db.count(doctype, {"group": self.group}), doctype)
		self.assertTrue(counts["Meeting Minutes"])

	def test_the_form_shows_the_latest_views_only(self):
		for _ in range(FORM_VIEWS + 2):
			frappe.get_doc(
				{
					"doctype": "View Log",
					"reference_doctype": "Responsibility Group",
					"reference_name": self.group,
				}
			).insert(ignore_permissions=True)
		frappe.response.docs = []
		with self.set_user(self.staff.coordinator):
			side_channels.getdoc("Responsibility Group", self.group)
		views = frappe.response.docinfo["views"]
		self.assertEqual(len(views), FORM_VIEWS)
		latest = frappe.get_all(
			"View Log",
			{"reference_doctype": "Responsibility Group", "reference_name": self.group},
			pluck="name",
			order_by="creation desc",
			limit=FORM_VIEWS,
		)
		self.assertEqual([v["name"] for v in views], latest)
