"""R16: the desk learns with the form that a closed group's minutes and plan are final (``__onload``), so it
shows them read-only; an open group's are not. (The forms' read-only display: browser_tests/test_desk_home.py.)"""

import frappe
from frappe.desk.form.load import getdoc
from frappe.utils import getdate

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


class TestClosedGroupRecordsR16(f.MunicipalityTestCase):
	with_town = True

	def onload(self, doctype: str, name: str) -> dict:
		frappe.response.docs = []
		with self.set_user(self.town.coordinator):
			getdoc(doctype, name)
		return frappe.response.docs[0].get("__onload") or {}

	def test_r16_a_closed_groups_minutes_and_plan_load_as_final(self):
		group = f.approve_group(self.town.group)
		f.make_member(group.name, self.town.teacher, self.town.school)
		plan = f.make_plan(group.name, self.town.teacher, self.town.school)
		minutes = f.make_minutes(group.name, "Closing")
		self.assertFalse(self.onload("Meeting Minutes", minutes.name).get("group_closed"))
		self.assertFalse(self.onload("Individual Plan", plan.name).get("group_closed"))

		group.reload()
		group.status, group.closed_date, group.closing_reason = st.GROUP_CLOSED, getdate(), "Målene er nådd"
		group.save()
		self.assertTrue(self.onload("Meeting Minutes", minutes.name).get("group_closed"))
		self.assertTrue(self.onload("Individual Plan", plan.name).get("group_closed"))
