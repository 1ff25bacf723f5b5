// R4: the consent in force must be the group's own service user's consent.
frappe.ui.form.on("Responsibility Group", {
	setup(frm) {
		frm.set_query("consent", () => ({
			filters: { service_user: frm.doc.service_user || "" },
		}));
	},
	service_user(frm) {
		if (frm.doc.consent) frm.set_value("consent", "");
	},
	// R18: the plan the group carries, opened or started from the group.
	refresh(frm) {
		if (frm.is_new() || frm.doc.status === "Closed" || frm.doc.coordinator !== frappe.session.user) {
			return;
		}
		frm.add_custom_button(__("Individual Plan"), () =>
			frappe
				.call({
					method: "ansvarsgruppe.ansvarsgruppe.doctype.individual_plan.individual_plan.make_individual_plan",
					args: { group: frm.doc.name },
					freeze: true,
				})
				.then((r) => frappe.set_route("Form", "Individual Plan", r.message))
		);
	},
});
