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
