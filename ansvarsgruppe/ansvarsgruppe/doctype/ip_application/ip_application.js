// R1: the applicant is the service user or one of the service user's own relations.
frappe.ui.form.on("IP Application", relation_picker("applicant_relation"));

// R2: the next step and what it still needs, before the step could be refused.
frappe.ui.form.on("IP Application", {
	refresh(frm) {
		ansvarsgruppe.show_next_step(frm);
	},
});
