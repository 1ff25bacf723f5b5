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
});
