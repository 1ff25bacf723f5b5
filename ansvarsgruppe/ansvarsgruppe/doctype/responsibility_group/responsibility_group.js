// R4: the consent in force must be the group's own service user's consent.
frappe.ui.form.on("Responsibility Group", {
	setup(frm) {
		frm.set_query("consent", () => ({
			filters: { service_user: frm.doc.service_user || "" },
		}));
	},
	service_user(frm) {
		if (frm.doc.consent) frm.set_value("consent", "");
	},
	// R18: the plan the group carries, opened or started from the group.
	refresh(frm) {
		show_closed_group_as_read_only(frm);
		offer_appointment(frm);
		if (frm.is_new() || frm.doc.status === "Closed" || frm.doc.coordinator !== frappe.session.user) {
			return;
		}
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
	frappe.db.get_value("Service Unit", frm.doc.responsible_unit, "unit_leader").then(({ message }) => {
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
