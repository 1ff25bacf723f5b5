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
		show_family_voice(frm);
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

// R24: the family's answers to the invitation and their proposed agenda items; the coordinator takes each
// proposal into the agenda or answers why not (Meeting Minutes.answer_proposal).
function show_family_voice(frm) {
	const field = frm.get_field("family_voice_html");
	const voice = frm.doc.__onload?.family_voice;
	if (!field || frm.is_new() || !voice || (!voice.responses.length && !voice.proposals.length)) {
		field?.$wrapper.empty();
		return;
	}
	const esc = frappe.utils.escape_html;
	const may_answer = frm.perm[0]?.write && ["Invited", "Draft"].includes(frm.doc.status);
	const responses = voice.responses
		.map(
			(r) =>
				`<li><strong>${esc(r.responder_name)}</strong>: ${esc(r.attendance_label)}` +
				(r.who_comes ? ` (${esc(r.who_comes)})` : "") +
				(r.note ? `<br>${esc(r.note)}` : "") +
				` <span class="text-muted">${esc(r.answered_at)}</span></li>`
		)
		.join("");
	const proposals = voice.proposals
		.map(
			(p) =>
				`<li class="ag-family-proposal" data-proposal="${esc(p.name)}"><strong>${esc(p.title)}</strong>` +
				` (${esc(p.proposed_by_name)}, ${esc(p.proposed_at)}): ${esc(p.status_label)}` +
				(p.details ? `<br>${esc(p.details)}` : "") +
				(p.answer ? `<br>${__("Answer")}: ${esc(p.answer)}` : "") +
				(may_answer && p.status === "Proposed"
					? `<br><button class="btn btn-xs btn-primary ag-take-in">${__("Take into the Agenda")}</button> ` +
					  `<button class="btn btn-xs btn-default ag-not-take-in">${__("Answer Why Not")}</button>`
					: "") +
				"</li>"
		)
		.join("");
	field.$wrapper.html(
		`<div class="ag-family-voice"><h5>${__("From the Family")}</h5>` +
			(responses ? `<p>${__("Answers to the Invitation")}</p><ul>${responses}</ul>` : "") +
			(proposals ? `<p>${__("Proposed Agenda Items")}</p><ul>${proposals}</ul>` : "") +
			"</div>"
	);
	const answer = (proposal, decision, text) => {
		if (frm.is_dirty()) {
			frappe.msgprint(__("Save the meeting before answering the family's proposals."));
			return;
		}
		frm.call({
			method: "answer_proposal",
			doc: frm.doc,
			args: { proposal, decision, answer: text || null },
			freeze: true,
		}).then(() => frm.reload_doc());
	};
	field.$wrapper.find(".ag-take-in").on("click", (e) => {
		answer($(e.target).closest("li").data("proposal"), "Taken in");
	});
	field.$wrapper.find(".ag-not-take-in").on("click", (e) => {
		const proposal = $(e.target).closest("li").data("proposal");
		frappe.prompt(
			{ fieldname: "answer", fieldtype: "Small Text", label: __("Why Not (the Family Reads This)"), reqd: 1 },
			(values) => answer(proposal, "Not taken in", values.answer),
			__("Answer the Family")
		);
	});
}
