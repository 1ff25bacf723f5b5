import frappe
from frappe import _
from frappe.model.document import Document

MINIMUMS = {
	"consent_age_limit": 12,
	"minutes_deadline_days": 1,
	"annual_review_interval_months": 1,
	"group_size_warning": 2,
	"application_answer_days": 1,
}


class AnsvarsgruppeSettings(Document):
	def validate(self):
		for fieldname, minimum in MINIMUMS.items():
			if (self.get(fieldname) or 0) < minimum:
				frappe.throw(
					_("{0} must be at least {1}.").format(_(self.meta.get_label(fieldname)), minimum),
					frappe.ValidationError,
				)
		if self.consent_age_limit > 18:
			frappe.throw(_("The consent age limit cannot be above 18."), frappe.ValidationError)
