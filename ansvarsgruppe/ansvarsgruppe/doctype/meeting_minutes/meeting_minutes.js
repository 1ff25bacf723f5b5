// R9: the coordinator sends the written invitation with the agenda (PDF and calendar invitation) by e-mail.
frappe.ui.form.on("Meeting Minutes", {
	refresh(frm) {
		show_final_as_read_only(frm);
		if (frm.is_new() || frm.doc.status !== "Invited" || !frm.perm[0]?.write) {
			return;
		}
		const label = frm.doc.invitation_sent_on ? __("Send Invitation Again") : __("Send Invitation");
		frm.add_custom_button(label, () => {
			if (frm.is_dirty()) {
				frappe.msgprint(__("Save the meeting before sending the invitation."));
				return;
			}
			frappe.confirm(
				__("E-mail the invitation with the agenda and a calendar invitation to every invitee?"),
				() =>
					frm
						.call({ method: "send_invitation", doc: frm.doc, freeze: true })
						.then(() => frm.reload_doc())
			);
		});
	},
});

// Approved minutes stay as approved (the server refuses changes): shown read-only, with a note.
function show_final_as_read_only(frm) {
	if (!["Approved", "Distributed"].includes(frm.doc.status)) {
		return;
	}
	frm.set_intro(__("These minutes are approved and can no longer be changed."), "blue");
	for (const df of frm.meta.fields) {
		if (!frappe.model.layout_fields.includes(df.fieldtype)) {
			frm.set_df_property(df.fieldname, "read_only", 1);
		}
	}
}
