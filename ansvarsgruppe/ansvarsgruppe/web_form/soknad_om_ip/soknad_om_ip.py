from ansvarsgruppe.portal.people import represented


def get_context(context):
	# The form is only for the people the logged-in user acts for; the controller enforces it (R1, R4).
	context.represented = list(represented())
