// R24: the family's proposed goals and comments beside the plan; the coordinator takes a goal into the plan
// (as the person's own goal, in its area of life) or answers why not, and answers each comment
// (ansvarsgruppe.api.plan_voice.answer_plan_proposal). Whether the person agreed to the plan as it stands.
frappe.ui.form.on("Individual Plan", {
	refresh(frm) {
		show_plan_voice(frm);
	},
});

function show_plan_voice(frm) {
	const field = frm.get_field("plan_proposals_html");
	const voice = frm.doc.__onload?.plan_voice;
	if (!field || frm.is_new() || !voice) {
		field?.$wrapper.empty();
		return;
	}
	const esc = frappe.utils.escape_html;
	const waiting = voice.proposals.filter((p) => p.status === "Proposed").length;
	if (waiting) {
		frm.dashboard.add_comment(
			__("The family has {0} proposal(s) or comment(s) waiting for an answer (see The Person's Voice).", [waiting]),
			"blue",
			true
		);
	}
	const open = ["Draft", "Under Revision"].includes(frm.doc.status);
	const may_answer = frm.doc.coordinator === frappe.session.user || frappe.user.has_role("System Manager");
	const items = voice.proposals
		.map((p) => {
			const buttons =
				may_answer && p.status === "Proposed"
					? p.kind === "Goal"
						? (open
								? `<br><button class="btn btn-xs btn-primary ag-take-in">${__("Take into the Plan")}</button> `
								: "<br>") +
						  `<button class="btn btn-xs btn-default ag-not-take-in">${__("Answer Why Not")}</button>`
						: `<br><button class="btn btn-xs btn-default ag-answer-comment">${__("Answer the Comment")}</button>`
					: "";
			return (
				`<li class="ag-plan-proposal" data-proposal="${esc(p.name)}"><strong>${esc(p.kind_label)}</strong>: ` +
				`${esc(p.text)}` +
				(p.life_area_label ? ` (${esc(p.life_area_label)})` : "") +
				`<br><span class="text-muted">${esc(p.proposed_by_name)}, ${esc(p.proposed_at)}: ` +
				`${esc(p.status_label)}${p.goal_id ? ` (${esc(p.goal_id)})` : ""}</span>` +
				(p.answer ? `<br>${__("Answer")}: ${esc(p.answer)}` : "") +
				buttons +
				"</li>"
			);
		})
		.join("");
	// a change to the plan after the person agreed clears the agreement (individual_plan/plan_voice.py)
	const agreement = frm.doc.person_agreed
		? `<p class="text-success">${__("{0} agreed to the plan as it stands.", [esc(frm.doc.agreed_by_name || "")])}</p>`
		: `<p class="text-muted">${__("The person has not agreed to the plan in the portal.")}</p>`;
	field.$wrapper.html(
		`<div class="ag-plan-voice"><h5>${__("From the Family")}</h5>` +
			(items ? `<ul>${items}</ul>` : `<p class="text-muted">${__("No proposals or comments from the family.")}</p>`) +
			agreement +
			"</div>"
	);
	const answer = (proposal, decision, text) => {
		if (frm.is_dirty()) {
			frappe.msgprint(__("Save the plan before answering the family's proposals."));
			return;
		}
		frappe
			.call({
				method: "ansvarsgruppe.api.plan_voice.answer_plan_proposal",
				args: { proposal, decision, answer: text || null },
				freeze: true,
			})
			.then(() => frm.reload_doc());
	};
	const proposal_of = (e) => $(e.target).closest("li").data("proposal");
	const ask = (proposal, decision, label) =>
		frappe.prompt(
			{ fieldname: "answer", fieldtype: "Small Text", label, reqd: 1 },
			(values) => answer(proposal, decision, values.answer),
			__("Answer the Family")
		);
	field.$wrapper.find(".ag-take-in").on("click", (e) => answer(proposal_of(e), "Taken in"));
	field.$wrapper
		.find(".ag-not-take-in")
		.on("click", (e) => ask(proposal_of(e), "Not taken in", __("Why Not (the Family Reads This)")));
	field.$wrapper
		.find(".ag-answer-comment")
		.on("click", (e) => ask(proposal_of(e), "Answered", __("Answer (the Family Reads This)")));
}
