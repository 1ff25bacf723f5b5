from frappe.model.document import Document


class PlanGoal(Document):
	pass
