import frappe


def execute():
	"""The membership index of the first versions; ``group_user_access`` replaces it."""
	if frappe.db.has_index("tabGroup Member", "user_status_group"):
		frappe.db.sql_ddl("alter table `tabGroup Member` drop index `user_status_group`")
