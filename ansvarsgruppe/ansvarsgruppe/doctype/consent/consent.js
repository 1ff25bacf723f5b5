// R4: the consent is signed by the service user or one of the service user's own relations.
frappe.ui.form.on("Consent", relation_picker("signed_by_relation"));
frappe.ui.form.on("Consent", {
	refresh(frm) {
		show_signed_consent_as_read_only(frm);
	},
});

// R4: a signed consent stays as signed (the server refuses changes); it is withdrawn, wholly or for one
// partner, or corrected by a new version (the "New Version" button, public/js/archive.js).
function show_signed_consent_as_read_only(frm) {
	if (frm.is_new()) {
		return;
	}
	if (["Signed", "Active"].includes(frm.doc.status)) {
		ansvarsgruppe.show_final_as_read_only(
			frm,
			__("A signed consent cannot be changed; it can only be withdrawn, wholly or for one partner, or corrected by a new version that supersedes it.")
		);
		// read-only, the relation picker would show the relation's row name; the signer's name is beside it
		frm.toggle_display("signed_by_relation", !frm.doc.signed_by_name);
		if (frm.perm[0]?.write) {
			frm.add_custom_button(__("Withdraw Consent"), () => withdraw_consent(frm));
		}
	} else if (["Withdrawn", "Expired", "Superseded"].includes(frm.doc.status)) {
		ansvarsgruppe.show_final_as_read_only(
			frm,
			__("This consent has ended and can no longer be changed. Register a new consent if the person consents again.")
		);
		frm.toggle_display("signed_by_relation", !frm.doc.signed_by_name);
	}
}

function withdraw_consent(frm) {
	const partners = (frm.doc.partners || []).filter((p) => !p.withdrawn_on);
	frappe.prompt(
		[
			{
				fieldname: "service_unit",
				fieldtype: "Select",
				label: __("Partner"),
				description: __("Leave empty to withdraw the whole consent."),
				options: ["", ...partners.map((p) => p.service_unit)],
			},
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
		],
		({ service_unit, reason }) =>
			frappe
				.call({
					method: "ansvarsgruppe.api.portal.withdraw_consent",
					args: { consent: frm.doc.name, reason, service_unit: service_unit || null },
					freeze: true,
				})
				.then(() => frm.reload_doc()),
		__("Withdraw Consent")
	);
}
