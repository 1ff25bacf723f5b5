// R4: the consent is signed by the service user or one of the service user's own relations.
frappe.ui.form.on("Consent", relation_picker("signed_by_relation"));
frappe.ui.form.on("Consent", {
	refresh(frm) {
		fill_known_values(frm);
		show_signed_consent_as_read_only(frm);
	},
	collecting_unit(frm) {
		add_collecting_partner(frm);
	},
});

// A consent registered on paper today, received by whoever registers it; the collecting unit is a partner.
function fill_known_values(frm) {
	if (!frm.is_new()) {
		return;
	}
	add_collecting_partner(frm);
	const today = frappe.datetime.get_today();
	for (const [fieldname, value] of [
		["valid_from", today],
		["signed_date", today],
		["received_by", frappe.session.user],
		["reviewed_by", frappe.session.user],
	]) {
		if (!frm.doc[fieldname]) {
			frm.set_value(fieldname, value);
		}
	}
}

function add_collecting_partner(frm) {
	if (frm.is_new() && frm.doc.collecting_unit && !(frm.doc.partners || []).some((p) => p.service_unit)) {
		frm.clear_table("partners");
		frm.add_child("partners", { service_unit: frm.doc.collecting_unit });
		frm.refresh_field("partners");
	}
}

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
