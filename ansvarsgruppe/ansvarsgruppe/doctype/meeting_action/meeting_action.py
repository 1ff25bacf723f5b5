from frappe.model.document import Document


class MeetingAction(Document):
	pass
