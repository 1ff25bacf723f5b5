// R4: the consent is signed by the service user or one of the service user's own relations.
frappe.ui.form.on("Consent", {
	refresh(frm) {
		set_relation_options(frm, "signed_by_relation");
	},
	service_user(frm) {
		frm.set_value("signed_by_relation", "");
		set_relation_options(frm, "signed_by_relation");
	},
});
