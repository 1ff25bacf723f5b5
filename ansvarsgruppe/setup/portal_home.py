"""Where a family lands after logging in at ``/login``: *Mine ansvarsgrupper*, not Frappe's English ``/me``;
and the log-in page's title names the service. Only values still empty are filled, so an administrator's
own choices stay."""

import frappe

from ansvarsgruppe.permissions.registry import PORTAL_ROLE

PORTAL_HOME = "mine-ansvarsgrupper"
SERVICE_NAME = "Ansvarsgruppe"


def ensure_portal_home():
	if frappe.db.exists("Role", PORTAL_ROLE) and not frappe.db.get_value("Role", PORTAL_ROLE, "home_page"):
		frappe.db.set_value("Role", PORTAL_ROLE, "home_page", PORTAL_HOME)
	if not frappe.db.get_single_value("Website Settings", "app_name"):
		frappe.db.set_single_value("Website Settings", "app_name", SERVICE_NAME)
	frappe.cache.delete_key("home_page")
