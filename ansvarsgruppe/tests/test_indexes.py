"""The indexes the access checks, the portal's pages, KE's overview and the daily alert jobs rely on exist."""

import frappe

from ansvarsgruppe.tests import factories as f

INDEXES = (
	("Group Member", "group_user_access"),
	("Group Member", "user_group_access"),
	("Consent Partner", "parent_unit"),
	("Sent Alert", "reference_alert"),
	("Responsibility Group", "consent"),  # the field's search index
)

# Fields looked up by their value: an index begins with each (a new site names it for the field, a site that
# got it on migrating adds "_index").
LOOKUPS = (
	("Service User", "portal_user"),
	("Service User Relation", "portal_user"),
	("Consent", "service_user"),
	("IP Application", "service_user"),
	("IP Application", "responsibility_group"),
	("Individual Plan", "group"),
	("Individual Plan", "service_user"),
	("Escalation", "group"),
	("Plan Measure", "responsible_person"),
	("Meeting Minutes", "called_outside_on"),
)


class TestIndexes(f.MunicipalityTestCase):
	language = None
	with_staff = False

	def test_declared_indexes_exist(self):
		for doctype, index in INDEXES:
			self.assertTrue(frappe.db.has_index(f"tab{doctype}", index), f"{doctype}: {index}")
		for doctype, column in LOOKUPS:
			leading = frappe.db.sql(
				f"show index from `tab{doctype}` where Column_name = %s and Seq_in_index = 1", column
			)
			self.assertTrue(leading, f"{doctype}: {column}")
		access = ["status", "from_date", "to_date", "member_role", "service_unit"]
		for index, columns in (
			("group_user_access", ["group", "user", *access]),
			("user_group_access", ["user", "status", "group", *access[1:]]),
		):
			rows = frappe.db.sql("show index from `tabGroup Member` where Key_name = %s", index, as_dict=True)
			self.assertEqual([c.Column_name for c in sorted(rows, key=lambda c: c.Seq_in_index)], columns)
