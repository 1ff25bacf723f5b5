from frappe.model.document import Document


class PlanMeasure(Document):
	pass
