// R18: the person responsible for a measure reports its status between meetings without edit rights to
// the plan; the coordinator edits the plan itself.
frappe.ui.form.on("Individual Plan", {
	refresh(frm) {
		show_final_plan_as_read_only(frm);
		if (frm.is_new() || frm.doc.status === "Closed") {
			return;
		}
		const mine = (frm.doc.measures || []).filter(
			(m) => m.responsible_person === frappe.session.user
		);
		if (!mine.length) {
			return;
		}
		frm.add_custom_button(__("Update My Measure"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Update My Measure"),
				fields: [
					{
						fieldname: "measure_id",
						fieldtype: "Select",
						label: __("Measure"),
						options: mine.map((m) => ({
							value: m.measure_id,
							label: `${m.measure_id}: ${m.description || ""}`,
						})),
						default: mine[0].measure_id,
						reqd: 1,
					},
					{
						fieldname: "status",
						fieldtype: "Select",
						label: __("Status"),
						options: ["Planned", "Ongoing", "Done", "Stopped"].map((value) => ({
							value,
							label: __(value),
						})),
						default: mine[0].status,
					},
					{
						fieldname: "next_evaluation_date",
						fieldtype: "Date",
						label: __("Next Evaluation Date"),
					},
				],
				primary_action_label: __("Save"),
				primary_action(values) {
					frm.call({ method: "update_my_measure", doc: frm.doc, args: values, freeze: true }).then(
						() => {
							dialog.hide();
							frm.reload_doc();
						}
					);
				},
			});
			dialog.show();
		});
	},
});

// R18: an approved version stays as approved and a closed one as it was closed (the server refuses
// changes); so does the plan of a closed group.
function show_final_plan_as_read_only(frm) {
	if (frm.is_new()) {
		return;
	}
	if (frm.doc.__onload?.group_closed) {
		ansvarsgruppe.show_final_as_read_only(
			frm,
			__("The group is closed, so its plan can no longer be changed. Only the Local Administrator can reopen the group.")
		);
	} else if (frm.doc.status === "Approved") {
		ansvarsgruppe.show_final_as_read_only(
			frm,
			__("This version of the plan is approved and can no longer be changed. To change the plan, make a new version.")
		);
	} else if (frm.doc.status === "Closed") {
		ansvarsgruppe.show_final_as_read_only(
			frm,
			__("This version of the plan is closed and kept as it was. Changes are made in a new version.")
		);
	}
}
