from frappe.model.document import Document


class MeetingParticipant(Document):
	pass
