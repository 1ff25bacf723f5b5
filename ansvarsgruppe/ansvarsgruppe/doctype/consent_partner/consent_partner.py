from frappe.model.document import Document


class ConsentPartner(Document):
	pass
