from frappe.model.document import Document


class ServiceUserRelation(Document):
	pass
