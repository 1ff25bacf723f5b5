// Shared by the forms that pick one of a service user's relations (R1, R4): included through doctype_js.
// eslint-disable-next-line no-unused-vars
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
