// R1: the applicant is the service user or one of the service user's own relations.
frappe.ui.form.on("IP Application", {
	refresh(frm) {
		set_relation_options(frm, "applicant_relation");
	},
	service_user(frm) {
		frm.set_value("applicant_relation", "");
		set_relation_options(frm, "applicant_relation");
	},
});
