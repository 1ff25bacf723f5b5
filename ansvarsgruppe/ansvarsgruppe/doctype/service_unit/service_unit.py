from frappe.model.document import Document


class ServiceUnit(Document):
	pass
