// R5: members come from active units; a relative or guardian is one of the service user's relations.
frappe.ui.form.on("Group Member", {
	setup(frm) {
		frm.set_query("service_unit", () => ({ filters: { is_active: 1 } }));
	},
	refresh(frm) {
		set_relation_options(frm, "relation");
	},
	group(frm) {
		set_relation_options(frm, "relation");
	},
	service_user(frm) {
		frm.set_value("relation", "");
		set_relation_options(frm, "relation");
	},
});
