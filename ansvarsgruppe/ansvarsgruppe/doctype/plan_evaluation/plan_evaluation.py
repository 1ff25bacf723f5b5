from frappe.model.document import Document


class PlanEvaluation(Document):
	pass
