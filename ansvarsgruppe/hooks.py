app_name = "ansvarsgruppe"
app_title = "Ansvarsgruppe"
app_publisher = "Ansvarsgruppe contributors"
app_description = "Responsibility groups (ansvarsgrupper) for Norwegian municipalities"
app_email = "post@ansvarsgruppe.invalid"
app_license = "mit"

# Installation
# ------------
after_install = "ansvarsgruppe.setup.install.after_install"
after_migrate = "ansvarsgruppe.setup.install.after_migrate"

# Record-level access (ansvarsgruppe/permissions/records.py)
# ------------------------------------------------------------
permission_query_conditions = {
	"Responsibility Group": "ansvarsgruppe.permissions.records.group_query",
	"Group Member": "ansvarsgruppe.permissions.records.member_query",
	"Meeting Minutes": "ansvarsgruppe.permissions.records.minutes_query",
	"Consent": "ansvarsgruppe.permissions.records.consent_query",
	"IP Application": "ansvarsgruppe.permissions.records.application_query",
	"Service User": "ansvarsgruppe.permissions.records.service_user_query",
}

has_permission = {
	"Responsibility Group": "ansvarsgruppe.permissions.records.group_permission",
	"Group Member": "ansvarsgruppe.permissions.records.member_permission",
	"Meeting Minutes": "ansvarsgruppe.permissions.records.minutes_permission",
	"Consent": "ansvarsgruppe.permissions.records.consent_permission",
	"IP Application": "ansvarsgruppe.permissions.records.application_permission",
	"Service User": "ansvarsgruppe.permissions.records.service_user_permission",
}

doc_events = {
	"File": {"before_insert": "ansvarsgruppe.permissions.files.refuse_public_attachment"},
}

# Desk
# ----
doctype_js = {
	"Consent": "public/js/relations.js",
	"Group Member": "public/js/relations.js",
	"IP Application": "public/js/relations.js",
}
