import frappe

from ansvarsgruppe.portal import idporten
from ansvarsgruppe.portal.people import represented
from ansvarsgruppe.rules import idporten as rules


def get_context(context):
	# A consent given after an ID-porten log-in is signed with it: the log-in must be fresh, or the person
	# logs in again before the form is shown (R4).
	if idporten.needs_fresh_login(rules.SIGNING_MAX_AGE):
		frappe.local.flags.redirect_location = idporten.fresh_login_url(frappe.request.path)
		raise frappe.Redirect(302)
	# The form is only for the people the logged-in user acts for; the controller enforces it (R1, R4).
	context.represented = list(represented())
