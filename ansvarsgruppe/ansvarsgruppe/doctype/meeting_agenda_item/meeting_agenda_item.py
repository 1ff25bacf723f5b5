from frappe.model.document import Document


class MeetingAgendaItem(Document):
	pass
