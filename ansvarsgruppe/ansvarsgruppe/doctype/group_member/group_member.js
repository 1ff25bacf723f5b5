// R5: members come from active units; a relative or guardian is one of the service user's relations.
frappe.ui.form.on("Group Member", {
	...relation_picker("relation"),
	setup(frm) {
		frm.set_query("service_unit", () => ({ filters: { is_active: 1 } }));
	},
	group(frm) {
		set_relation_options(frm, "relation");
	},
});
