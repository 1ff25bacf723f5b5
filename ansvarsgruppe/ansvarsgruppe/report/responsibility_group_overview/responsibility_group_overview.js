// R17: the coordinating unit's overview of the groups and their coordinators.
frappe.query_reports["Responsibility Group Overview"] = {
	filters: [
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				{ value: "Open", label: __("Open Groups") },
				{ value: "Proposed", label: __("Proposed") },
				{ value: "Approved", label: __("Approved") },
				{ value: "Active", label: __("Active") },
				{ value: "Closed", label: __("Closed") },
				{ value: "All", label: __("All Groups") },
				{ value: "Exceptions", label: __("Exceptions") },
			],
			default: "Open",
			reqd: 1,
		},
		{
			fieldname: "responsible_unit",
			label: __("Responsible Unit"),
			fieldtype: "Link",
			options: "Service Unit",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		// People by name: the coordinator's full name, not the e-mail address that is the user's ID.
		if (column.fieldname === "coordinator" && data && data.coordinator && data.coordinator_name) {
			frappe.utils.add_link_title("User", data.coordinator, data.coordinator_name);
		}
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "next_review_due" && data && data.review_overdue) {
			value = `<span class="text-danger" title="${__("Review Overdue")}">${value}</span>`;
		}
		return value;
	},
};
