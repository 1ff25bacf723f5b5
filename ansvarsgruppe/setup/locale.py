"""Norwegian regional defaults, set at install where the site has not chosen its own.

A site made by ``bench new-site`` that has not been through the setup wizard carries Frappe's shipped
values (no time zone, so Asia/Kolkata; ``HH:mm:ss``; Sunday; English); those are replaced. On a site that
has been set up (setup complete), only values still empty are filled, so the administrator's choices
stay. The setup wizard runs after install and writes its own answers over these, so its answers win.
"""

import frappe

SYSTEM_DEFAULTS = {
	"time_zone": "Europe/Oslo",
	"date_format": "dd.mm.yyyy",
	"time_format": "HH:mm",
	"first_day_of_the_week": "Monday",
	"language": "no",
	"country": "Norway",
	"number_format": "#.###,##",
}
CURRENCY = "NOK"


def site_is_set_up() -> bool:
	return bool(frappe.db.get_single_value("System Settings", "setup_complete"))


def ensure_norwegian_defaults(replace_shipped: bool | None = None):
	"""Norwegian time zone, date and time formats, first weekday, language, country and currency.

	``replace_shipped`` (by default: while the site is not set up) replaces values already there."""
	if replace_shipped is None:
		replace_shipped = not site_is_set_up()
	settings = frappe.get_single("System Settings")
	changed = False
	for fieldname, value in SYSTEM_DEFAULTS.items():
		if fieldname == "country" and not frappe.db.exists("Country", value):
			continue
		if fieldname == "language" and not frappe.db.exists("Language", value):
			continue
		current = settings.get(fieldname)
		if current != value and (replace_shipped or not current):
			settings.set(fieldname, value)
			changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.flags.ignore_mandatory = True
		settings.save()
	if frappe.db.exists("Currency", CURRENCY):
		if not frappe.db.get_value("Currency", CURRENCY, "enabled"):
			frappe.db.set_value("Currency", CURRENCY, "enabled", 1)
		if replace_shipped or not frappe.db.get_default("currency"):
			frappe.db.set_default("currency", CURRENCY)


def ensure_user_names_in_links():
	"""Links to users show the person's full name (User's title), not the e-mail address."""
	if frappe.db.exists(
		"Property Setter",
		{"doc_type": "User", "doctype_or_field": "DocType", "property": "show_title_field_in_link"},
	):
		return
	frappe.make_property_setter(
		{
			"doctype": "User",
			"doctype_or_field": "DocType",
			"property": "show_title_field_in_link",
			"value": "1",
			"property_type": "Check",
		},
		validate_fields_for_doctype=False,
	)
