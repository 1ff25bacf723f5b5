// R9: the coordinator sends the written invitation with the agenda (PDF and calendar invitation) by e-mail.
frappe.ui.form.on("Meeting Minutes", {
	setup(frm) {
		// the coordinator or a member writes the minutes: nobody else could finish them
		frm.set_query("minute_taker", () => ({
			filters: { name: ["in", frm.doc.__onload?.minute_taker_choices || [frappe.session.user]] },
		}));
	},
	onload(frm) {
		if (frm.is_new()) first_meeting_is_the_pre_meeting(frm);
	},
	group(frm) {
		if (frm.is_new()) first_meeting_is_the_pre_meeting(frm);
	},
	refresh(frm) {
		show_final_minutes_as_read_only(frm);
		ansvarsgruppe.show_next_step(frm);
		suggest_distribution(frm);
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

// Approved minutes stay as approved, and a closed group's minutes as the group was closed.
function show_final_minutes_as_read_only(frm) {
	if (frm.is_new()) {
		return;
	}
	if (["Approved", "Distributed"].includes(frm.doc.status)) {
		ansvarsgruppe.show_final_as_read_only(
			frm,
			__("These minutes are approved and can no longer be changed. To correct them, make a new version.")
		);
	} else if (frm.doc.__onload?.group_closed) {
		ansvarsgruppe.show_final_as_read_only(
			frm,
			__("The group is closed, so its minutes can no longer be changed. Only the Local Administrator can reopen the group.")
		);
	}
}

// R11 part 9: an empty distribution list of minutes being written is filled in with the coordinator and
// the group's members invited to the meeting; the writer saves it (or changes it first).
function suggest_distribution(frm) {
	const rows = frm.doc.__onload?.distribution_suggestion;
	if (!rows?.length || frm.doc.status !== "Draft" || (frm.doc.distribution || []).length) return;
	if (!frm.perm[0]?.write || frappe.workflow.is_read_only(frm.doctype, frm.docname)) return;
	rows.forEach((row) => frm.add_child("distribution", row));
	frm.refresh_field("distribution");
	frm.dirty();
}

// R8: a group's first meeting is its pre-meeting; a new meeting of a group that has called none is one.
function first_meeting_is_the_pre_meeting(frm) {
	if (!frm.doc.group || frm.doc.meeting_type === "Pre-meeting") return;
	frappe.db
		.count("Meeting Minutes", { filters: { group: frm.doc.group, meeting_type: "Pre-meeting" } })
		.then((called) => {
			if (!called && frm.is_new()) frm.set_value("meeting_type", "Pre-meeting");
		});
}
