// The workflow's steps on a form: the button is named for what it does ("Behandle", "Skriv referat",
// "Godkjenn / Avvis") instead of Frappe's "Actions", and it stays while the form has unsaved changes:
// choosing a step then saves the changes first. Frappe's own States class is extended, not copied.
frappe.provide("ansvarsgruppe");

// The next step and what it still needs, as a checklist, before the step could be refused.
ansvarsgruppe.show_next_step = function (frm) {
	const next = !frm.is_new() && frm.doc.__onload?.may_change !== false && frm.doc.__onload?.next_step;
	// the checklist of the step the record is at (a step just taken has loaded no new one)
	if (!next || next.status !== frm.doc.status) return;
	const needs = next.needs.length
		? `<ul class="mb-0">${next.needs.map((n) => `<li>${frappe.utils.escape_html(n)}</li>`).join("")}</ul>`
		: `<div>${__("Everything the step needs is in place.")}</div>`;
	frm.set_intro(
		`<strong>${__("Next step: {0}", [frappe.utils.escape_html(next.step)])}</strong>${
			next.needs.length ? `<div>${__("Still needed:")}</div>` : ""
		}${needs}`,
		next.needs.length ? "yellow" : "green"
	);
};

// The steps the form's load brought for this version of the document, instead of asking again; a changed,
// unsaved or newer document asks the server as before.
if (frappe.workflow) {
	const get_transitions = frappe.workflow.get_transitions;
	frappe.workflow.get_transitions = function (doc) {
		const loaded = doc.__onload?.workflow_transitions;
		if (loaded && !doc.__unsaved && loaded.modified === doc.modified) {
			frappe.workflow.setup(doc.doctype);
			return Promise.resolve(loaded.transitions);
		}
		return get_transitions.call(this, doc);
	};
}

if (frappe.ui.form.States) {
	const States = frappe.ui.form.States;
	const show_actions = States.prototype.show_actions;
	const setup_btn = States.prototype.setup_btn;

	ansvarsgruppe.name_workflow_button = function (frm) {
		const labels = frm.page.actions
			.find("li > a.grey-link > span")
			.map((_, el) => $(el).text().trim())
			.get()
			// Frappe adds the workflow's help to the same menu; it is no step
			.filter((label) => label && label !== __("Help"));
		if (labels.length) {
			frm.page.actions_btn_group.find(".actions-btn-group-label").text(labels.join(" / "));
		}
	};

	States.prototype.setup_btn = function (action_added) {
		setup_btn.call(this, action_added);
		if (action_added) ansvarsgruppe.name_workflow_button(this.frm);
	};

	States.prototype.show_actions = function () {
		const frm = this.frm;
		// a record the user only reads (the form's onload says so): no step that would be refused
		if (frm.doc.__onload?.may_change === false) {
			frm.page.clear_actions_menu();
			return;
		}
		if (!frm.__ag_dirty_watch) {
			frm.__ag_dirty_watch = true;
			// Frappe clears the steps when the form turns dirty; they come back, saving first
			$(frm.wrapper).on("dirty", () => setTimeout(() => frm.states && frm.states.show_actions(), 0));
		}
		if (!frm.doc.__unsaved) {
			return show_actions.call(this);
		}
		frappe.workflow.get_transitions(frm.doc).then((transitions) => {
			frm.page.clear_actions_menu();
			const steps = transitions.filter((t) => frappe.user_roles.includes(t.allowed));
			steps.forEach((t) => {
				frm.page.add_action_item(__(t.action), () => save_then_take(frm, t.action));
			});
			// the Save button stays beside them
			ansvarsgruppe.name_workflow_button(frm);
		});
	};

	// as Frappe's step, after saving the form's changes
	function save_then_take(frm, action) {
		frm.save().then(() => {
			frappe.dom.freeze();
			frm.selected_workflow_action = action;
			frm.script_manager.trigger("before_workflow_action").then(() => {
				frappe
					.xcall("frappe.model.workflow.apply_workflow", { doc: frm.doc, action })
					.then((doc) => {
						frappe.model.sync(doc);
						frm.refresh();
						frm.selected_workflow_action = null;
						frm.script_manager.trigger("after_workflow_action");
					})
					.finally(() => frappe.dom.unfreeze());
			});
		});
	}
}
