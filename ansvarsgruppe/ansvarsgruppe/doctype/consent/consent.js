// R4: the consent is signed by the service user or one of the service user's own relations.
frappe.ui.form.on("Consent", relation_picker("signed_by_relation"));
