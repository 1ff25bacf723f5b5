"""The family portal's log-in page: ID-porten, and the password log-in while the settings allow it."""

from urllib.parse import urlencode

import frappe

from ansvarsgruppe.portal import idporten

no_cache = 1


def get_context(context):
	target = idporten.local_path(frappe.form_dict.get("redirect-to"))
	if frappe.session.user != "Guest":
		frappe.local.flags.redirect_location = target
		raise frappe.Redirect(302)
	context.no_breadcrumbs = True
	context.title = "Logg inn"
	context.idporten = idporten.is_enabled()
	context.password = idporten.password_login_allowed()
	context.idporten_url = "/api/method/ansvarsgruppe.api.idporten.login?" + urlencode(
		{"redirect_to": target}
	)
	context.password_url = "/login?" + urlencode({"redirect-to": target})
