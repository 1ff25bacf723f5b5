from frappe.model.document import Document


class MeetingMeasureUpdate(Document):
	pass
