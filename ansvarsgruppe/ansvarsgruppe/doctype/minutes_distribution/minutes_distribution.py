from frappe.model.document import Document


class MinutesDistribution(Document):
	pass
