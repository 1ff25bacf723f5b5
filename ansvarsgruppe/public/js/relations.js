// Shared by the forms that pick one of a service user's relations (R1, R4): included through doctype_js,
// in the same script as the form's own (the declarations below are hoisted).
function set_relation_options(frm, fieldname) {
	const service_user = frm.doc.service_user;
	if (!service_user) {
		frm.set_df_property(fieldname, "options", [""]);
		return;
	}
	frappe.call("ansvarsgruppe.api.desk.get_relations", { service_user }).then(({ message }) => {
		if (frm.doc.service_user !== service_user) return;
		const options = (message || []).map((r) => ({
			value: r.name,
			label: `${frappe.utils.escape_html(r.full_name)} (${__(r.relation_type)})`,
		}));
		frm.set_df_property(fieldname, "options", ["", ...options]);
	});
}

// The form events of a form whose ``fieldname`` picks a relation of its service user: the choices follow
// the service user, and a new service user clears the choice.
// eslint-disable-next-line no-unused-vars
function relation_picker(fieldname) {
	return {
		refresh(frm) {
			set_relation_options(frm, fieldname);
		},
		service_user(frm) {
			frm.set_value(fieldname, "");
			set_relation_options(frm, fieldname);
		},
	};
}
