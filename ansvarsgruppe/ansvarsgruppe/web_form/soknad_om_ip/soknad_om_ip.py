from ansvarsgruppe.portal.first_time import FIELDS, is_first_time_applicant
from ansvarsgruppe.portal.people import represented

FIRST_TIME_REQUIRED = ("new_applicant_for", "new_applicant_name")


def get_context(context):
	# The form is only for the people the logged-in user acts for; the controller enforces it (R1, R4).
	# A first-time applicant (ID-porten, known to nobody here) says whom they apply for instead.
	context.represented = list(represented(applying=True))
	context.first_time = is_first_time_applicant()
	for field in context.web_form_doc.web_form_fields:
		if field.fieldname in FIELDS:
			field.hidden = 0 if context.first_time else 1
			field.reqd = int(context.first_time and field.fieldname in FIRST_TIME_REQUIRED)
		elif field.fieldname == "service_user":
			field.hidden = int(context.first_time)
			field.reqd = 0 if context.first_time else 1
