from ansvarsgruppe.ansvarsgruppe.doctype.group_member.group_member import on_doctype_update


def execute():
	"""The membership index by user (``user_group_access``) on sites made before it was declared."""
	on_doctype_update()
