// R18: the person responsible for a measure reports its status between meetings without edit rights to
// the plan; the coordinator edits the plan itself.
frappe.ui.form.on("Individual Plan", {
	refresh(frm) {
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
