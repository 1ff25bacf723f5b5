from frappe.model.document import Document


class GroupTransition(Document):
	pass
