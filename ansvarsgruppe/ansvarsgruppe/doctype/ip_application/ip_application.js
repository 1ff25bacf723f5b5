// R1: the applicant is the service user or one of the service user's own relations.
frappe.ui.form.on("IP Application", relation_picker("applicant_relation"));

// R2: the next step and what it still needs, before the step could be refused.
frappe.ui.form.on("IP Application", {
	refresh(frm) {
		ansvarsgruppe.show_next_step(frm);
	},
});

// R18: with another form of collaboration than a group, the appointed coordinator makes the person's plan
// from the application (the plan rests on it; the server checks who may).
frappe.ui.form.on("IP Application", {
	refresh(frm) {
		if (
			frm.doc.status === "Coordinator Appointed" &&
			frm.doc.collaboration_form === "Other Collaboration" &&
			!frm.doc.responsibility_group &&
			frm.doc.appointed_coordinator === frappe.session.user
		) {
			frm.add_custom_button(__("Individual Plan"), () =>
				frappe.new_doc("Individual Plan", {
					ip_application: frm.doc.name,
					service_user: frm.doc.service_user,
				})
			);
		}
	},
});
