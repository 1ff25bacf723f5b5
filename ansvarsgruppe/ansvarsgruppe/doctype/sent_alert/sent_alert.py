from frappe.model.document import Document


class SentAlert(Document):
	pass
