// R4: the consent in force must be the group's own service user's consent.
frappe.ui.form.on("Responsibility Group", {
	onload(frm) {
		use_loaded_counts(frm);
	},
	setup(frm) {
		frm.set_query("consent", () => ({
			filters: { service_user: frm.doc.service_user || "" },
		}));
	},
	service_user(frm) {
		if (frm.doc.consent) frm.set_value("consent", "");
	},
	// R16: closing asks why; a cause other than "Planned" closes from any open state without a closing
	// meeting, and the coordinating unit sees it among the exceptions of its overview.
	before_workflow_action(frm) {
		if (!leads_to_closed(frm)) {
			return;
		}
		frappe.dom.unfreeze();
		return new Promise((resolve) => ask_closing_cause(frm, resolve));
	},
	// R18: the plan the group carries, opened or started from the group.
	refresh(frm) {
		show_closed_group_as_read_only(frm);
		ansvarsgruppe.show_next_step(frm);
		offer_appointment(frm);
		if (frm.is_new() || frm.doc.status === "Closed" || frm.doc.coordinator !== frappe.session.user) {
			return;
		}
		offer_consent(frm);
		frm.add_custom_button(__("Add Members"), () => add_members(frm));
		frm.add_custom_button(__("Hand Over to New Municipality"), () => hand_over(frm));
		frm.add_custom_button(__("Individual Plan"), () =>
			frappe
				.call({
					method: "ansvarsgruppe.ansvarsgruppe.doctype.individual_plan.individual_plan.make_individual_plan",
					args: { group: frm.doc.name },
					freeze: true,
				})
				.then((r) => frappe.set_route("Form", "Individual Plan", r.message))
		);
	},
});

// R4: a group without a consent gets one registered from its own form, for its service user, collected by
// the responsible unit and covering it; put in force, the consent becomes the group's (consent.py).
function offer_consent(frm) {
	if (frm.doc.consent || !frm.doc.service_user) {
		return;
	}
	frm.add_custom_button(__("Register Consent"), () =>
		frappe.new_doc("Consent", {
			service_user: frm.doc.service_user,
			collecting_unit: frm.doc.responsible_unit,
		})
	);
}

// R16: a closed group stays as it was closed (the server refuses changes); only the Local Administrator
// reopens it, with a reason.
function show_closed_group_as_read_only(frm) {
	if (frm.is_new() || frm.doc.status !== "Closed") {
		return;
	}
	ansvarsgruppe.show_final_as_read_only(
		frm,
		__("The group is closed and can no longer be changed. Only the Local Administrator can reopen it.")
	);
	if (frappe.user.has_role("Local Administrator")) {
		frm.add_custom_button(__("Reopen Group"), () =>
			frappe.prompt(
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
				({ reason }) =>
					frappe
						.call({
							method: "ansvarsgruppe.api.archive.reopen_group",
							args: { group: frm.doc.name, reason },
							freeze: true,
						})
						.then(() => frm.reload_doc()),
				__("Reopen Group")
			)
		);
	}
}

function leads_to_closed(frm) {
	const workflow = frappe.workflow.workflows[frm.doctype];
	if (!workflow) {
		return false;
	}
	const transition = (workflow.transitions || []).find(
		(t) => t.state === frm.doc.workflow_state && t.action === frm.selected_workflow_action
	);
	const state = transition && (workflow.states || []).find((s) => s.state === transition.next_state);
	return Boolean(state && state.update_field === "status" && state.update_value === "Closed");
}

const CLOSING_CAUSES = [
	"Planned",
	"Moved",
	"Died",
	"Declined",
	"No Longer Needed",
	"Other Collaboration",
	"Other",
];

function ask_closing_cause(frm, resolve) {
	const needs_text = "eval:['Planned', 'Other'].includes(doc.closing_cause)";
	const dialog = new frappe.ui.Dialog({
		title: __("Close the Group"),
		fields: [
			{
				fieldname: "closing_cause",
				fieldtype: "Select",
				label: __("Closing Cause"),
				options: CLOSING_CAUSES.map((value) => ({ value, label: __(value) })),
				default: frm.doc.closing_cause || "Planned",
				reqd: 1,
				description: __(
					"Planned: closing planned in a closing meeting. Any other cause closes the group from any open state without one, and the coordinating unit sees it among the exceptions"
				),
			},
			{
				fieldname: "closed_date",
				fieldtype: "Date",
				label: __("Closed Date"),
				default: frm.doc.closed_date || frappe.datetime.get_today(),
				reqd: 1,
			},
			{
				fieldname: "closing_reason",
				fieldtype: "Small Text",
				label: __("Closing Reason"),
				default: frm.doc.closing_reason,
				mandatory_depends_on: needs_text,
			},
		],
		primary_action_label: __("Close the Group"),
		async primary_action(values) {
			dialog.hide();
			// The workflow action reads the group as stored: the cause is saved first.
			await frm.set_value(values);
			await frm.save();
			frappe.dom.freeze();
			resolve();
		},
	});
	dialog.show();
}

// R2, R3: the responsible unit's leader appoints the coordinator (the only way the coordinator changes); who,
// when and why is recorded on the group, the old coordinator's membership ends, KE and the members are told.
function offer_appointment(frm) {
	const administrator = frappe.user.has_role("System Manager");
	if (frm.is_new() || frm.doc.status === "Closed" || !frm.doc.responsible_unit) {
		return;
	}
	if (!administrator && !frappe.user.has_role("Unit Leader")) {
		return;
	}
	// filters by field: the gate reads a bare name in get_value's filters as a field name and refuses it
	frappe.db
		.get_value("Service Unit", { name: frm.doc.responsible_unit }, "unit_leader")
		.then(({ message }) => {
			if (administrator || (message && message.unit_leader === frappe.session.user)) {
				frm.add_custom_button(__("Appoint Coordinator"), () => appoint_coordinator(frm));
			}
		});
}

function appoint_coordinator(frm) {
	frappe
		.call({
			method: "ansvarsgruppe.api.groups.coordinator_candidates",
			args: { group: frm.doc.name },
		})
		.then(({ message }) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Appoint Coordinator"),
				fields: [
					{
						fieldname: "coordinator",
						fieldtype: "Autocomplete",
						label: __("Coordinator"),
						options: message || [],
						reqd: 1,
					},
					{
						fieldname: "reason",
						fieldtype: "Small Text",
						label: __("Reason"),
						reqd: frm.doc.coordinator ? 1 : 0,
						description: __(
							"The coordinating unit and the group's members are told. The reason is shown on the group: write no health or other personal details."
						),
					},
				],
				primary_action_label: __("Appoint"),
				primary_action(values) {
					frappe
						.call({
							method: "ansvarsgruppe.api.groups.appoint_coordinator",
							args: { group: frm.doc.name, ...values },
							freeze: true,
						})
						.then(() => {
							dialog.hide();
							frm.reload_doc();
						});
				},
			});
			dialog.show();
		});
}

// R5, R6, R7: the coordinator adds the group's members in one list, approved at once; the server saves them
// all or none, and says for each one that cannot be approved why.
function add_members(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Add Members"),
		size: "extra-large",
		fields: [
			{
				fieldtype: "HTML",
				fieldname: "help",
				options: `<p class="text-muted">${__(
					"Each member is approved at once. A professional's unit must be covered by the consent, and the mandate clarified with their superior and written down."
				)}</p>`,
			},
			{
				fieldtype: "Table",
				fieldname: "rows",
				label: __("Members"),
				cannot_add_rows: false,
				in_place_edit: true,
				data: [],
				fields: [
					{
						fieldtype: "Select",
						fieldname: "member_role",
						label: __("Member Role"),
						options: MEMBER_ROLES.map((value) => ({ value, label: __(value) })),
						default: "Professional",
						in_list_view: 1,
						columns: 2,
						reqd: 1,
					},
					{
						fieldtype: "Link",
						fieldname: "user",
						label: __("User Account"),
						options: "User",
						in_list_view: 1,
						columns: 2,
					},
					{
						fieldtype: "Link",
						fieldname: "service_unit",
						label: __("Service Unit"),
						options: "Service Unit",
						in_list_view: 1,
						columns: 2,
					},
					{
						fieldtype: "Check",
						fieldname: "mandate_clarified",
						label: __("Mandate Clarified With Superior"),
						in_list_view: 1,
						columns: 1,
					},
					{
						fieldtype: "Data",
						fieldname: "mandate_note",
						label: __("Mandate"),
						in_list_view: 1,
						columns: 2,
					},
					{ fieldtype: "Check", fieldname: "is_permanent", label: __("Permanent Member"), default: 1 },
					{ fieldtype: "Check", fieldname: "is_external", label: __("External Without an Account") },
					{ fieldtype: "Data", fieldname: "full_name", label: __("Full Name") },
					{ fieldtype: "Data", fieldname: "email", label: __("Email"), options: "Email" },
					{ fieldtype: "Select", fieldname: "relation", label: __("Relation"), options: [""] },
				],
			},
		],
		primary_action_label: __("Add Members"),
		primary_action(values) {
			const rows = (values.rows || []).map((row) => {
				const { idx, name, __islocal, __checked, ...member } = row; // eslint-disable-line no-unused-vars
				return member;
			});
			frappe
				.call({
					method: "ansvarsgruppe.api.members.add_members",
					args: { group: frm.doc.name, rows },
					freeze: true,
				})
				.then(({ message }) => {
					dialog.hide();
					frappe.show_alert({
						message: __("{0} members added and approved.", [(message || []).length]),
						indicator: "green",
					});
					frm.reload_doc();
				});
		},
	});
	frappe.call("ansvarsgruppe.api.desk.get_relations", { service_user: frm.doc.service_user }).then(
		({ message }) => {
			const grid = dialog.fields_dict.rows.grid;
			const options = (message || []).map((r) => ({
				value: r.name,
				label: `${frappe.utils.escape_html(r.full_name)} (${__(r.relation_type)})`,
			}));
			grid.update_docfield_property("relation", "options", ["", ...options]);
		}
	);
	dialog.show();
}

const MEMBER_ROLES = ["Professional", "Coordinator", "Service User", "Relative", "Guardian"];

// R4, R16, R19: the person moves: with their consent the coordinator hands the group over in one step (the
// group closes as moved, a package of its documents is made for the new municipality, KE is told).
function hand_over(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Hand Over to New Municipality"),
		fields: [
			{
				fieldname: "receiving_municipality",
				fieldtype: "Data",
				label: __("Receiving Municipality"),
				reqd: 1,
			},
			{
				fieldname: "consent_given",
				fieldtype: "Check",
				label: __("The person (or whoever acts for them) consents to the documents being handed over"),
			},
			{
				fieldname: "reason",
				fieldtype: "Small Text",
				label: __("Reason"),
				reqd: 1,
				description: __(
					"The group is closed with the cause Moved, and the coordinating unit is told. Write no health or other personal details."
				),
			},
		],
		primary_action_label: __("Hand Over"),
		primary_action(values) {
			frappe
				.call({
					method: "ansvarsgruppe.api.handover.hand_over_group",
					args: { group: frm.doc.name, ...values },
					freeze: true,
				})
				.then(({ message }) => {
					dialog.hide();
					frappe.show_alert({
						message: __("The group is handed over. The package for the new municipality is {0}.", [
							message.archive_package,
						]),
						indicator: "green",
					});
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}

// The connections' counts the form's load brought for this version of the group and these connections,
// used once instead of asking the server again; any other time the dashboard asks as usual.
function use_loaded_counts(frm) {
	const dashboard = frm.dashboard;
	if (dashboard.ag_loaded_counts) return;
	dashboard.ag_loaded_counts = true;
	const set_open_count = dashboard.set_open_count;
	dashboard.set_open_count = function () {
		if (this._fetched_counts || frm.is_new() || !this.data?.fieldname) {
			return set_open_count.call(this);
		}
		const loaded = frm.doc.__onload?.connection_counts;
		if (frm.doc.__onload) delete frm.doc.__onload.connection_counts;
		const items = (this.data.transactions || []).flatMap((group) => group.items);
		if (
			!loaded ||
			loaded.modified !== frm.doc.modified ||
			JSON.stringify(loaded.items) !== JSON.stringify(items)
		) {
			return set_open_count.call(this);
		}
		const counts = loaded.open_count;
		if (counts.timeline_data) this.update_heatmap(counts.timeline_data);
		this.update_badges(counts.count);
		frm.dashboard_data = counts;
		this._fetched_counts = true;
		frm.trigger("dashboard_update");
	};
}
