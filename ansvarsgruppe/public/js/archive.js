// The archive's desk actions (R19, R4, R11, R18), included through doctype_js: "Arkiver" on a group, and a
// new version that supersedes approved minutes, an approved plan or a signed consent. The server decides who
// may; these only ask.
frappe.ui.form.on("Responsibility Group", {
	refresh(frm) {
		const local_administrator = frappe.user.has_role("Local Administrator");
		if (frm.is_new() || (frm.doc.coordinator !== frappe.session.user && !local_administrator)) return;
		frm.add_custom_button(__("Archive Group"), () =>
			frappe
				.call("ansvarsgruppe.api.archive.archive_group", { group: frm.doc.name })
				.then(({ message }) => frappe.show_alert({ message: message.message, indicator: "green" }))
		);
	},
});

function add_correction_button(frm, final_statuses) {
	// only whoever may change the record is offered the step (the server decides again)
	if (frm.is_new() || !final_statuses.includes(frm.doc.status) || !frm.doc.__onload?.may_correct) return;
	frm.add_custom_button(__("New Version"), () =>
		frappe.prompt(
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
			({ reason }) =>
				frappe
					.call("ansvarsgruppe.api.archive.correct", {
						doctype: frm.doctype,
						name: frm.doc.name,
						reason,
					})
					.then(({ message }) => frappe.set_route("Form", frm.doctype, message.new_version)),
			__("New Version")
		)
	);
}

frappe.ui.form.on("Meeting Minutes", {
	refresh(frm) {
		add_correction_button(frm, ["Approved", "Distributed"]);
	},
});

frappe.ui.form.on("Individual Plan", {
	refresh(frm) {
		add_correction_button(frm, ["Approved"]);
		// a plan without a group is archived on its own (a group's plans go with the group)
		const local_administrator = frappe.user.has_role("Local Administrator");
		if (frm.is_new() || frm.doc.group) return;
		if (frm.doc.coordinator !== frappe.session.user && !local_administrator) return;
		frm.add_custom_button(__("Archive Plan"), () =>
			frappe
				.call("ansvarsgruppe.api.archive.archive_plan", { plan: frm.doc.name })
				.then(({ message }) => frappe.show_alert({ message: message.message, indicator: "green" }))
		);
	},
});

frappe.ui.form.on("Consent", {
	refresh(frm) {
		add_correction_button(frm, ["Signed", "Active"]);
	},
});
